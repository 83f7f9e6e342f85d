package io.liondg.runtime.checks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.liondg.runtime.init.AuxHeadZeroing;
import io.liondg.runtime.init.InitializationException;
import io.liondg.runtime.nn.InPlace;
import io.liondg.runtime.nn.ParametricLayers;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.RoleTree;
import java.util.ArrayList;
import java.util.List;

/**
 * The placement probe: an aux head is a side tap exactly when its weights cannot change the main
 * output. For each aux head, compare the main output with the parameters LION-DG zeroes ({@link
 * AuxHeadZeroing#parameters}: weight and bias of a Linear or Conv, gamma and beta of a BatchNorm or
 * LayerNorm; never running statistics) zeroed and set to random values; any difference puts the
 * head on the main path (Theorem 1's dead zone when it is zeroed). A head LION-DG refuses to zero
 * has the trainable parameters of its last parametric layer perturbed instead. Inference mode, and
 * the parameters are restored afterwards. Absent aux heads (null fields) are not in the role tree
 * and get no finding.
 */
public final class PlacementProbe {

  private PlacementProbe() {}

  /**
   * @param path the aux head's path
   * @param maxAbsDifference largest change of any main-output logit
   */
  public record Finding(String path, double maxAbsDifference) {
    /**
     * @return whether the head's weights reach the main output
     */
    public boolean onMainPath() {
      return maxAbsDifference > 0;
    }
  }

  /**
   * @param model an initialized deeply-supervised model
   * @param tree its roles
   * @param images a batch of inputs
   * @return one finding per aux head, in tree order
   */
  public static List<Finding> run(Block model, RoleTree tree, NDArray images) {
    List<Finding> findings = new ArrayList<>();
    for (RoleNode head : tree.auxHeads()) {
      List<Parameter> last = lastLayerParameters(head);
      try (NDManager scope = images.getManager().newSubManager()) {
        List<NDArray> saved = new ArrayList<>();
        for (Parameter p : last) {
          saved.add(p.getArray().duplicate());
          saved.get(saved.size() - 1).attach(scope);
        }
        try {
          last.forEach(InPlace::zero);
          NDArray zeroed = mainOutput(model, images, scope);
          for (Parameter p : last) {
            InPlace.assign(p, scope.randomNormal(p.getArray().getShape()));
          }
          NDArray random = mainOutput(model, images, scope);
          double diff = zeroed.sub(random).abs().max().getFloat();
          findings.add(new Finding(head.path(), diff));
        } finally {
          for (int i = 0; i < last.size(); i++) {
            InPlace.assign(last.get(i), saved.get(i));
          }
        }
      }
    }
    return findings;
  }

  private static NDArray mainOutput(Block model, NDArray images, NDManager scope) {
    NDList out = model.forward(new ParameterStore(scope, false), new NDList(images), false);
    NDArray main = out.get(0);
    main.attach(scope);
    return main;
  }

  private static List<Parameter> lastLayerParameters(RoleNode head) {
    try {
      return AuxHeadZeroing.parameters(head);
    } catch (InitializationException refused) {
      return ParametricLayers.last(head.block())
          .map(
              layer ->
                  layer.getDirectParameters().values().stream()
                      .filter(Parameter::requiresGradient)
                      .toList())
          .orElse(List.of());
    }
  }
}
