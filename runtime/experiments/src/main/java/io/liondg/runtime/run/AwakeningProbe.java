package io.liondg.runtime.run;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.liondg.runtime.checks.GradientDecoupling;
import io.liondg.runtime.checks.ParameterSets;
import io.liondg.runtime.nn.InPlace;
import io.liondg.runtime.results.RunResult.AwakeningSample;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.RoleTree;
import io.liondg.runtime.train.DeepSupervisionLoss;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures gradient awakening at one step, exactly and without changing the trajectory.
 *
 * <p>Before the step's real forward/backward, {@link #measureAux} runs one extra forward pass
 * and a backward of the weighted aux losses alone, keeps the aux gradient on every backbone
 * parameter, then zeroes the gradients and restores BatchNorm's running statistics, so the
 * real step sees the model exactly as it was. After the real backward (main + aux),
 * {@link #sample} takes the main gradient as total minus aux. For a zeroed aux head the aux
 * gradient is exactly 0.0, so the first LION-DG sample's ratio is exactly 0.0.
 *
 * <p>It sees the aux heads of the role tree, so an absent head (a null {@code @AuxHead} field)
 * has no weight norm in the samples, as it has no output and no loss term.
 */
final class AwakeningProbe {

  private final Block model;
  private final List<Parameter> backbone;
  private final List<Parameter> runningStats = new ArrayList<>();
  private final List<List<Parameter>> auxWeights = new ArrayList<>();
  private final DeepSupervisionLoss loss;

  AwakeningProbe(Block model, RoleTree tree, DeepSupervisionLoss loss) {
    this.model = model;
    this.backbone = List.copyOf(ParameterSets.backbone(model, tree).values());
    this.loss = loss;
    for (var pair : model.getParameters()) {
      Parameter.Type t = pair.getValue().getType();
      if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
        runningStats.add(pair.getValue());
      }
    }
    for (RoleNode head : tree.auxHeads()) {
      auxWeights.add(List.copyOf(ParameterSets.weights(head).values()));
    }
  }

  /**
   * Computes the aux-loss gradient on the backbone for this batch, leaving no trace.
   *
   * @param scope the step's manager; the returned arrays live in it
   * @return one gradient per backbone parameter
   */
  List<NDArray> measureAux(NDManager scope, ParameterStore store, NDArray x, NDArray y) {
    if (auxWeights.isEmpty()) {
      // No aux head (all absent): the aux loss is the constant 0, its gradient exactly 0.
      List<NDArray> zeros = new ArrayList<>();
      for (Parameter p : backbone) {
        zeros.add(scope.zeros(p.getArray().getShape(), p.getArray().getDataType()));
      }
      return zeros;
    }
    List<NDArray> saved = new ArrayList<>();
    for (Parameter p : runningStats) {
      NDArray copy = p.getArray().duplicate();
      copy.attach(scope);
      saved.add(copy);
    }
    List<NDArray> grads = new ArrayList<>();
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDList out = model.forward(store, new NDList(x), true);
      gc.backward(loss.aux(y, out));
    }
    for (Parameter p : backbone) {
      try (NDArray g = p.getArray().getGradient()) {
        NDArray copy = g.duplicate();
        copy.attach(scope);
        grads.add(copy);
      }
    }
    GradientDecoupling.zeroGradients(model);
    for (int i = 0; i < runningStats.size(); i++) {
      InPlace.assign(runningStats.get(i), saved.get(i));
    }
    return grads;
  }

  /**
   * Call after the step's backward of the total loss, before the optimizer update.
   *
   * @param step the step number (updates done so far)
   * @param auxGrads what {@link #measureAux} returned for this batch
   * @return the sample
   */
  AwakeningSample sample(int step, List<NDArray> auxGrads) {
    double auxSq = 0;
    double mainSq = 0;
    for (int i = 0; i < backbone.size(); i++) {
      NDArray aux = auxGrads.get(i);
      try (NDArray total = backbone.get(i).getArray().getGradient();
          NDArray main = total.sub(aux)) {
        auxSq += sumOfSquares(aux);
        mainSq += sumOfSquares(main);
      }
    }
    double ratio = auxSq == 0 ? 0.0 : Math.sqrt(auxSq) / Math.sqrt(mainSq);
    List<Double> norms = new ArrayList<>();
    for (List<Parameter> weights : auxWeights) {
      double sq = 0;
      for (Parameter w : weights) {
        try (NDArray v = w.getArray().stopGradient()) {
          sq += sumOfSquares(v);
        }
      }
      norms.add(Math.sqrt(sq));
    }
    return new AwakeningSample(step, ratio, norms);
  }

  private static double sumOfSquares(NDArray a) {
    try (NDArray sq = a.square(); NDArray s = sq.sum()) {
      return s.getFloat();
    }
  }
}
