package io.liondg.runtime.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import io.liondg.runtime.init.InitOptions;
import io.liondg.runtime.init.Initialization;
import io.liondg.runtime.init.Strategy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Trains a {@link TinyDsNet} through DJL's own {@code Trainer} for a few steps on seeded random
 * batches, as a user of the library would: initialize by roles, then {@code newTrainer}, {@code
 * EasyTrain.trainBatch} and {@code trainer.step()} per batch.
 */
final class TinyTraining {

  private TinyTraining() {}

  /**
   * @param strategy the initialization
   * @param seed seeds the parameters and the data
   * @param steps training steps
   * @param loss makes the trainer's loss from the model's tree
   * @param listeners the trainer's listeners
   * @return every parameter's values after the last step (running statistics included), by path
   */
  static Map<String, float[]> train(
      Strategy strategy,
      long seed,
      int steps,
      Function<TinyDsNet, Loss> loss,
      TrainingListener... listeners) {
    return train(strategy, seed, steps, -1, loss, listeners);
  }

  /**
   * As {@link #train(Strategy, long, int, Function, TrainingListener...)}, with NaN inputs at step
   * {@code nanStep} (its loss is NaN), or none if negative.
   */
  static Map<String, float[]> train(
      Strategy strategy,
      long seed,
      int steps,
      int nanStep,
      Function<TinyDsNet, Loss> loss,
      TrainingListener... listeners) {
    TinyDsNet net = new TinyDsNet();
    try (Model model = Model.newInstance("tiny", Device.cpu())) {
      model.setBlock(net);
      Initialization.apply(
          net,
          net.tree(),
          strategy,
          new InitOptions(model.getNDManager(), TinyDsNet.INPUT, null, seed));
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(loss.apply(net))
              .optOptimizer(
                  Optimizer.adamW()
                      .optLearningRateTracker(Tracker.fixed(0.01f))
                      .optWeightDecays(0.05f)
                      .build())
              .optDevices(new Device[] {Device.cpu()})
              .addTrainingListeners(listeners);
      try (Trainer trainer = model.newTrainer(config);
          NDManager data = model.getNDManager().newSubManager()) {
        Engine.getInstance().setRandomSeed((int) seed);
        NDArray x = data.randomNormal(TinyDsNet.INPUT);
        NDArray y =
            data.randomInteger(
                0, TinyDsNet.CLASSES, new Shape(TinyDsNet.INPUT.get(0)), DataType.INT64);
        for (int s = 0; s < steps; s++) {
          // a different batch each step: the inputs shifted by the step
          NDManager batchManager = data.newSubManager();
          NDArray xs = x.add(s == nanStep ? Float.NaN : s * 0.1f);
          NDArray ys = y.duplicate();
          try (Batch batch =
              new Batch(
                  batchManager,
                  new NDList(xs),
                  new NDList(ys),
                  (int) TinyDsNet.INPUT.get(0),
                  Batchifier.STACK,
                  Batchifier.STACK,
                  s,
                  steps)) {
            EasyTrain.trainBatch(trainer, batch);
            trainer.step();
          }
        }
      }
      Map<String, float[]> values = new LinkedHashMap<>();
      for (var pair : net.getParameters()) {
        values.put(pair.getKey(), pair.getValue().getArray().toFloatArray());
      }
      return values;
    }
  }
}
