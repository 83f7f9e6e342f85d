package io.liondg.runtime.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import io.liondg.runtime.checks.GradientDecoupling;
import io.liondg.runtime.checks.ParameterSets;
import io.liondg.runtime.nn.InPlace;
import io.liondg.runtime.roles.RoleNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Measures one awakening sample after a step's backward pass, leaving no trace.
 *
 * <p>The parameters hold the total gradient (main + weighted aux). The probe copies it, saves
 * BatchNorm's running statistics, zeroes the gradients, runs one more training-mode forward pass on
 * the same batch and a backward of the weighted aux losses alone, reads the aux gradient on every
 * backbone parameter, then writes the total gradients back into the gradient tensors (in place:
 * {@code getGradient()} is a handle on the parameter's own gradient storage) and restores the
 * running statistics. The main gradient is total minus aux. The optimizer's update that follows
 * therefore sees exactly what it would have seen without the probe. A model with random layers
 * (dropout) would draw extra random numbers here.
 */
final class AuxGradientProbe {

  private final Block model;
  private final DeepSupervisionLoss loss;
  private final List<Parameter> trainable = new ArrayList<>();
  private final Set<Parameter> backbone = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Parameter> runningStats = new ArrayList<>();
  private final List<List<Parameter>> auxWeights = new ArrayList<>();

  AuxGradientProbe(Block model, DeepSupervisionLoss loss) {
    this.model = model;
    this.loss = loss;
    backbone.addAll(ParameterSets.backbone(model, loss.tree()).values());
    for (var pair : model.getParameters()) {
      Parameter p = pair.getValue();
      if (p.requiresGradient()) {
        trainable.add(p);
      }
      if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
        runningStats.add(p);
      }
    }
    for (RoleNode head : loss.tree().auxHeads()) {
      auxWeights.add(List.copyOf(ParameterSets.weights(head).values()));
    }
  }

  /**
   * @param trainer the trainer, after {@code EasyTrain.trainBatch}'s backward and before {@code
   *     trainer.step()}
   * @param batch the batch that backward was run on
   * @param step the step number
   * @return the sample
   */
  AwakeningSample sample(Trainer trainer, Batch batch, int step) {
    // Without aux heads the aux loss is the constant 0: its gradient is exactly 0.
    double ratio = auxWeights.isEmpty() ? 0.0 : auxGradRatio(trainer, batch);
    return new AwakeningSample(step, ratio, auxWeightNorms());
  }

  private double auxGradRatio(Trainer trainer, Batch batch) {
    try (NDManager scope = trainer.getManager().newSubManager()) {
      List<NDArray> totals = new ArrayList<>();
      for (Parameter p : trainable) {
        totals.add(copy(gradient(p), scope));
      }
      List<NDArray> stats = new ArrayList<>();
      for (Parameter p : runningStats) {
        NDArray saved = p.getArray().duplicate();
        saved.attach(scope);
        stats.add(saved);
      }
      GradientDecoupling.zeroGradients(model);
      // On the trainer's device, as EasyTrain's split put them (no copy if already there).
      Device device = trainer.getDevices()[0];
      NDList data = batch.getData().toDevice(device, false);
      NDList labels = batch.getLabels().toDevice(device, false);
      // The forward's activations land in the scope and are freed with it.
      scope.tempAttachAll(data, labels);
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDList out = trainer.forward(data);
        gc.backward(loss.aux(labels.head(), out));
      }
      double auxSq = 0;
      double mainSq = 0;
      for (int i = 0; i < trainable.size(); i++) {
        Parameter p = trainable.get(i);
        try (NDArray aux = gradient(p)) {
          if (backbone.contains(p)) {
            try (NDArray main = totals.get(i).sub(aux)) {
              auxSq += sumOfSquares(aux);
              mainSq += sumOfSquares(main);
            }
          }
          InPlace.overwrite(aux, totals.get(i));
        }
      }
      for (int i = 0; i < runningStats.size(); i++) {
        InPlace.assign(runningStats.get(i), stats.get(i));
      }
      return auxSq == 0 ? 0.0 : Math.sqrt(auxSq) / Math.sqrt(mainSq);
    }
  }

  private double[] auxWeightNorms() {
    double[] norms = new double[auxWeights.size()];
    for (int h = 0; h < norms.length; h++) {
      double sq = 0;
      for (Parameter w : auxWeights.get(h)) {
        try (NDArray v = w.getArray().stopGradient()) {
          sq += sumOfSquares(v);
        }
      }
      norms[h] = Math.sqrt(sq);
    }
    return norms;
  }

  /**
   * @return a handle on the parameter's gradient storage (close it; the storage stays)
   */
  private static NDArray gradient(Parameter p) {
    return p.getArray().getGradient();
  }

  private static NDArray copy(NDArray handle, NDManager scope) {
    try (handle) {
      NDArray copy = handle.duplicate();
      copy.attach(scope);
      return copy;
    }
  }

  private static double sumOfSquares(NDArray a) {
    try (NDArray sq = a.square();
        NDArray s = sq.sum()) {
      return s.getFloat();
    }
  }
}
