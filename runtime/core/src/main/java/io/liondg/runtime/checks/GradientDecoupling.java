package io.liondg.runtime.checks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.liondg.runtime.roles.RoleTree;
import io.liondg.runtime.train.DeepSupervisionLoss;
import java.util.Map;

/**
 * Proposition 1 on a live model: with every aux head's output zeroed (what {@link
 * io.liondg.runtime.init.AuxHeadZeroing} zeroes: the weight and bias of a Linear or Conv last
 * layer, the gamma and beta of a BatchNorm or LayerNorm one), the gradient of the aux losses on
 * every backbone parameter is exactly 0. The check measures that gradient; it does not assume it.
 *
 * <p>Only the aux heads the model has are checked: a model built without its aux heads (null
 * {@code @AuxHead} fields) has no aux loss from them, so a model with none is trivially decoupled.
 *
 * <p>Runs one forward pass in inference mode (BatchNorm uses and keeps its running statistics) and
 * one backward pass of the weighted aux losses, reads the backbone gradients, and zeroes all
 * gradients again, so the model is left as it was.
 */
public final class GradientDecoupling {

  private GradientDecoupling() {}

  /**
   * @param maxAbsGradient largest |gradient| over all backbone parameter entries
   * @param parameters backbone parameters checked
   * @param nonZeroParameters backbone parameters with any non-zero gradient entry
   */
  public record Result(double maxAbsGradient, int parameters, int nonZeroParameters) {
    /**
     * @return whether every backbone gradient entry is exactly 0.0
     */
    public boolean decoupled() {
      return nonZeroParameters == 0;
    }
  }

  /**
   * @param model an initialized deeply-supervised model ({@code [main, aux...]} outputs)
   * @param tree its roles
   * @param images a batch of inputs
   * @param labels their sparse labels
   * @param auxWeight the run's aux weight
   * @return the largest aux-loss gradient on the backbone
   */
  public static Result check(
      Block model, RoleTree tree, NDArray images, NDArray labels, double auxWeight) {
    DeepSupervisionLoss loss = new DeepSupervisionLoss(tree, auxWeight);
    Map<String, Parameter> backbone = ParameterSets.backbone(model, tree);
    double max = 0;
    int nonZero = 0;
    if (tree.auxHeads().isEmpty()) {
      return new Result(0, backbone.size(), 0); // no aux loss: nothing reaches the backbone
    }
    try (NDManager scope = images.getManager().newSubManager()) {
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDList out = model.forward(new ParameterStore(scope, false), new NDList(images), false);
        gc.backward(loss.aux(labels, out));
      }
      for (Parameter p : backbone.values()) {
        try (NDArray g = p.getArray().getGradient()) {
          double m = g.abs().max().getFloat();
          max = Math.max(max, m);
          nonZero += m != 0 ? 1 : 0;
        }
      }
    } finally {
      zeroGradients(model);
    }
    return new Result(max, backbone.size(), nonZero);
  }

  /** Sets every parameter's accumulated gradient to 0. */
  public static void zeroGradients(Block model) {
    for (var pair : model.getParameters()) {
      Parameter p = pair.getValue();
      if (p.requiresGradient() && p.isInitialized()) {
        try (NDArray g = p.getArray().getGradient()) {
          g.muli(0);
        }
      }
    }
  }
}
