package io.liondg.runtime.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Watches convergence and divergence during DJL training, the paper's measures (Appendix A.2):
 * <em>steps to target</em> is the first step count at which the mean main-head training accuracy
 * over the last {@code window} batches reaches the target; a batch whose loss is NaN or infinite
 * marks the run as diverged (the step is recorded, never lost).
 *
 * <p>Per training batch it computes the trainer's loss again on the batch's labels and predictions
 * (outside the gradient graph, so the training is unchanged; this is what DJL's own loss evaluator
 * does) and the main head's accuracy ({@code predictions.get(0)}: the argmax against the sparse
 * labels). A batch with a non-finite loss does not count in the running accuracy. Works with any
 * {@link ai.djl.training.loss.Loss} whose first prediction is the main head's logits; over several
 * devices the batch's splits are pooled.
 *
 * <p>Steps are counted from the trainer's start: the listener counts its own {@code
 * onTrainingBatch} calls, one per {@code EasyTrain.trainBatch}.
 */
public final class ConvergenceListener extends TrainingListenerAdapter {

  private final double target;
  private final int window;
  private RunningAccuracy running;
  private int steps;
  private double lastLoss;
  private OptionalInt stepsToTarget;
  private OptionalInt divergedAt;

  /**
   * @param target the running-accuracy target, a fraction in (0, 1] (0.7 in the paper's protocol)
   * @param window batches in the running mean, at least 1 (50 in the paper's protocol)
   * @throws IllegalArgumentException if either is out of range
   */
  public ConvergenceListener(double target, int window) {
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException(
          "the convergence target must be a fraction in (0, 1]," + " got " + target);
    }
    this.target = target;
    this.window = window;
    reset();
  }

  private void reset() {
    running = new RunningAccuracy(window);
    steps = 0;
    lastLoss = Double.NaN;
    stepsToTarget = OptionalInt.empty();
    divergedAt = OptionalInt.empty();
  }

  /** Starts counting afresh: a listener reused by a second trainer reports that one alone. */
  @Override
  public void onTrainingBegin(Trainer trainer) {
    reset();
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    double lossSum = 0;
    long correct = 0;
    long size = 0;
    try (NDManager scope = trainer.getManager().newSubManager()) {
      for (Map.Entry<Device, NDList> split : batchData.getLabels().entrySet()) {
        NDList labels = split.getValue();
        NDList predictions = batchData.getPredictions().get(split.getKey());
        // Results of the maths below land in the scope and are freed with it.
        scope.tempAttachAll(labels, predictions);
        NDArray loss = trainer.getLoss().evaluate(labels, predictions);
        long n = labels.head().getShape().get(0);
        lossSum += loss.getFloat() * (double) n;
        correct += CorrectPredictions.count(predictions.get(0), labels.head());
        size += n;
      }
    }
    record(lossSum / size, correct, size);
  }

  /**
   * Books one batch.
   *
   * @param loss the batch's loss
   * @param correct main-head correct predictions in it
   * @param size its number of samples
   */
  void record(double loss, long correct, long size) {
    lastLoss = loss;
    if (!Double.isFinite(loss)) {
      if (divergedAt.isEmpty()) {
        divergedAt = OptionalInt.of(steps);
      }
    } else {
      running.add((double) correct / size);
    }
    steps++;
    if (stepsToTarget.isEmpty() && running.full() && running.mean() >= target) {
      stepsToTarget = OptionalInt.of(steps);
    }
  }

  /**
   * @return the number of batches seen when the running accuracy first reached the target; empty
   *     while it has not
   */
  public OptionalInt stepsToTarget() {
    return stepsToTarget;
  }

  /**
   * @return the mean main-head training accuracy over the last {@code window} batches with a finite
   *     loss, 0..1 (0 before the first)
   */
  public double runningAccuracy() {
    return running.mean();
  }

  /**
   * @return the training batches seen since the trainer started
   */
  public int steps() {
    return steps;
  }

  /**
   * @return the latest batch's loss (NaN before the first batch)
   */
  public double lastLoss() {
    return lastLoss;
  }

  /**
   * @return the 0-based step (updates before it) of the first batch whose loss was NaN or infinite;
   *     empty while every loss was finite
   */
  public OptionalInt divergedAt() {
    return divergedAt;
  }

  /**
   * @return whether some batch's loss was NaN or infinite
   */
  public boolean diverged() {
    return divergedAt.isPresent();
  }
}
