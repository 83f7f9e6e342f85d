package io.liondg.runtime.checks;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.liondg.runtime.roles.Role;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.RoleTree;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Splits a model's trainable parameters into backbone and heads, by role. */
public final class ParameterSets {

  private ParameterSets() {}

  /**
   * @param model the root block
   * @param tree its roles
   * @return the trainable parameters outside every aux head and the main head, by DJL path
   */
  public static Map<String, Parameter> backbone(Block model, RoleTree tree) {
    Set<Parameter> heads = Collections.newSetFromMap(new IdentityHashMap<>());
    for (RoleNode node : tree.nodes()) {
      if (node.role() == Role.AUX_HEAD || node.role() == Role.MAIN_HEAD) {
        node.block().getParameters().values().forEach(heads::add);
      }
    }
    Map<String, Parameter> out = new LinkedHashMap<>();
    for (var pair : model.getParameters()) {
      Parameter p = pair.getValue();
      if (p.requiresGradient() && !heads.contains(p)) {
        out.put(pair.getKey(), p);
      }
    }
    return out;
  }

  /**
   * @param head an aux head
   * @return its trainable weight parameters (what Proposition 2's weight norm is about)
   */
  public static Map<String, Parameter> weights(RoleNode head) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    for (var pair : head.block().getParameters()) {
      if (pair.getValue().getType() == Parameter.Type.WEIGHT) {
        out.put(pair.getKey(), pair.getValue());
      }
    }
    return out;
  }
}
