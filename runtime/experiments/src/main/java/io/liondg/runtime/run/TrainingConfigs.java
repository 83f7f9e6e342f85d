package io.liondg.runtime.run;

import ai.djl.Device;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.train.DeepSupervisionLoss;

/**
 * The DJL training configuration that {@code lion-dg train} and {@code lion-dg bench} share, so
 * what the bench times is what a run trains with.
 *
 * <p>DJL's decoupled AdamW with a fixed learning rate, the run's betas and weight decay; like
 * PyTorch's {@code AdamW(model.parameters())}, weight decay applies to every parameter. No
 * initializer is set: the model's parameters exist before {@code model.newTrainer(config)} ({@code
 * Initialization.apply}), and DJL keeps parameters that exist. No evaluator and no metrics: the
 * listeners compute what a run records, and nothing else runs per step.
 */
public final class TrainingConfigs {

  private TrainingConfigs() {}

  /**
   * @param loss the deep-supervision loss
   * @param config learning rate, betas and weight decay
   * @param device the one device to train on
   * @param listeners the trainer's listeners, called in this order
   * @return the configuration for {@code model.newTrainer}
   */
  public static DefaultTrainingConfig adamW(
      DeepSupervisionLoss loss, RunConfig config, Device device, TrainingListener... listeners) {
    Optimizer adamW =
        Optimizer.adamW()
            .optLearningRateTracker(Tracker.fixed((float) config.lr()))
            .optWeightDecays((float) config.weightDecay())
            .optBeta1((float) config.beta1())
            .optBeta2((float) config.beta2())
            .build();
    return new DefaultTrainingConfig(loss)
        .optOptimizer(adamW)
        .optDevices(new Device[] {device})
        .addTrainingListeners(listeners);
  }
}
