package io.liondg.runtime.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples gradient awakening during DJL training (the paper's Section 4, Proposition 2): the ratio
 * of the aux-loss gradient to the main-loss gradient on the backbone, and each aux head's weight
 * norm. Under LION-DG the first ratio is exactly 0.0 (zeroed aux heads send no gradient back) and
 * the aux weights then grow from 0; under He both are non-zero from the start.
 *
 * <pre>{@code
 * AwakeningListener awakening = new AwakeningListener(10);
 * DefaultTrainingConfig config = new DefaultTrainingConfig(new DeepSupervisionLoss(tree, 0.3))
 *     .addTrainingListeners(awakening);
 * // ... EasyTrain.fit(trainer, ...), then awakening.samples()
 * }</pre>
 *
 * <p>The first sample is step 0, taken in {@code onTrainingBatch}: after the first backward pass
 * and before the first {@code trainer.step()}; then one every {@code everySteps} steps (steps are
 * counted from the trainer's start, one per {@code EasyTrain.trainBatch}). Samples are exact and
 * leave the training trajectory unchanged: a sampling step runs one more forward pass and a
 * backward of the aux losses alone, then puts the total gradients and BatchNorm's running
 * statistics back as they were (so the parameters after {@code trainer.step()} are bitwise what
 * they would be without the listener, on a model without random layers such as dropout). Cost: one
 * forward and backward pass per sample.
 *
 * <p>It reads the model ({@code trainer.getModel().getBlock()}) and the loss ({@code
 * trainer.getLoss()}) from the trainer; the loss must be a {@link DeepSupervisionLoss}, whose role
 * tree tells backbone from heads, and the trainer must train on one device. Both are checked when
 * the trainer is created ({@code model.newTrainer(config)} throws {@link
 * IllegalArgumentException}).
 */
public final class AwakeningListener extends TrainingListenerAdapter {

  private final int everySteps;
  private final List<AwakeningSample> samples = new ArrayList<>();
  private AuxGradientProbe probe;
  private int step;

  /**
   * @param everySteps steps between samples, at least 1 (10 in the paper's protocol)
   * @throws IllegalArgumentException if {@code everySteps} is below 1
   */
  public AwakeningListener(int everySteps) {
    if (everySteps < 1) {
      throw new IllegalArgumentException(
          "awakening samples need at least 1 step between them," + " got " + everySteps);
    }
    this.everySteps = everySteps;
  }

  /**
   * @return the samples taken so far, in step order (the first at step 0)
   */
  public List<AwakeningSample> samples() {
    return List.copyOf(samples);
  }

  /**
   * Reads the model's roles from the trainer's loss; starts afresh (a listener reused by a second
   * trainer reports that one alone).
   *
   * @throws IllegalArgumentException if the loss is not a {@link DeepSupervisionLoss} or the
   *     trainer has more than one device
   */
  @Override
  public void onTrainingBegin(Trainer trainer) {
    Loss loss = trainer.getLoss();
    if (!(loss instanceof DeepSupervisionLoss deepSupervision)) {
      throw new IllegalArgumentException(
          "AwakeningListener needs the trainer's loss to be a"
              + " DeepSupervisionLoss (it tells the aux losses from the main one), got "
              + loss.getClass().getSimpleName()
              + " '"
              + loss.getName()
              + "'; expected"
              + " new DefaultTrainingConfig(new DeepSupervisionLoss(tree, auxWeight))");
    }
    if (trainer.getDevices().length != 1) {
      throw new IllegalArgumentException(
          "AwakeningListener measures on one device, but the"
              + " trainer has "
              + trainer.getDevices().length
              + "; expected optDevices with a single"
              + " device");
    }
    probe = new AuxGradientProbe(trainer.getModel().getBlock(), deepSupervision);
    samples.clear();
    step = 0;
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    if (step % everySteps == 0) {
      samples.add(probe.sample(trainer, batchData.getBatch(), step));
    }
    step++;
  }
}
