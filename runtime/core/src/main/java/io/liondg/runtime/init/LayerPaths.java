package io.liondg.runtime.init;

import ai.djl.nn.Block;
import ai.djl.util.Pair;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.RoleTree;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readable paths for every parametric layer of a model: the nearest role path, then DJL's child
 * names below it, e.g. {@code block1/02ParallelBlock/02SequentialBlock/03Probe/layer}.
 */
final class LayerPaths {

  private LayerPaths() {}

  /**
   * @return each parametric layer of {@code model} with its path, depth first in child order
   */
  static Map<Block, String> of(Block model, RoleTree tree) {
    Map<Block, String> rolePaths = new IdentityHashMap<>();
    for (RoleNode node : tree.nodes()) {
      rolePaths.put(node.block(), node.path());
    }
    Map<Block, String> out = new LinkedHashMap<>();
    walk(model, "", rolePaths, out);
    return out;
  }

  private static void walk(
      Block block, String path, Map<Block, String> rolePaths, Map<Block, String> out) {
    String here = rolePaths.getOrDefault(block, path);
    if (!block.getDirectParameters().isEmpty()) {
      out.put(block, here.isEmpty() ? "model" : here);
    }
    for (Pair<String, Block> child : block.getChildren()) {
      walk(
          child.getValue(),
          here.isEmpty() ? child.getKey() : here + "/" + child.getKey(),
          rolePaths,
          out);
    }
  }
}
