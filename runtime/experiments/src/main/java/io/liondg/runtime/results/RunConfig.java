package io.liondg.runtime.results;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every setting of one training run (the {@code config} of a result).
 *
 * @param lr AdamW learning rate
 * @param weightDecay AdamW decoupled weight decay
 * @param beta1 AdamW beta 1
 * @param beta2 AdamW beta 2
 * @param batchSize batch size
 * @param auxWeight weight of each aux loss (unless the head's annotation sets its own)
 * @param maxSteps training steps
 * @param target convergence target: running main-head training accuracy, 0..1
 * @param window batches in the running accuracy
 * @param probeEvery steps between awakening probes
 * @param flip whether random horizontal flips were applied
 * @param threads CPU threads of the engine
 * @param imageSize the side every image was resized to (folder datasets, {@code --image-size}), or
 *     0 for the images' own size; left out of the JSON when 0, so results and resume keys of runs
 *     that resize nothing look as they did before it existed
 */
public record RunConfig(
    double lr,
    double weightDecay,
    double beta1,
    double beta2,
    int batchSize,
    double auxWeight,
    int maxSteps,
    double target,
    int window,
    int probeEvery,
    boolean flip,
    int threads,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int imageSize) {

  /** Settings that keep the images' own size ({@code imageSize} 0). */
  public RunConfig(
      double lr,
      double weightDecay,
      double beta1,
      double beta2,
      int batchSize,
      double auxWeight,
      int maxSteps,
      double target,
      int window,
      int probeEvery,
      boolean flip,
      int threads) {
    this(
        lr,
        weightDecay,
        beta1,
        beta2,
        batchSize,
        auxWeight,
        maxSteps,
        target,
        window,
        probeEvery,
        flip,
        threads,
        0);
  }

  /**
   * The paper's protocol (Appendix A.2) for CIFAR, flips included; lr 1e-3 is an assumption, see
   * DESIGN. Other datasets may differ in {@link #flip} only.
   */
  public static RunConfig paper() {
    return new RunConfig(1e-3, 0.05, 0.9, 0.999, 128, 0.3, 3000, 0.70, 50, 10, true, 0);
  }

  /**
   * @param flip whether training images are flipped
   * @return these settings with {@code flip}
   */
  public RunConfig withFlip(boolean flip) {
    return new RunConfig(
        lr,
        weightDecay,
        beta1,
        beta2,
        batchSize,
        auxWeight,
        maxSteps,
        target,
        window,
        probeEvery,
        flip,
        threads,
        imageSize);
  }

  /**
   * @param imageSize the side to resize every image to, or 0 to keep the images' own size
   * @return these settings with {@code imageSize}
   */
  public RunConfig withImageSize(int imageSize) {
    return new RunConfig(
        lr,
        weightDecay,
        beta1,
        beta2,
        batchSize,
        auxWeight,
        maxSteps,
        target,
        window,
        probeEvery,
        flip,
        threads,
        imageSize);
  }

  /**
   * @param threads the engine's threads
   * @return these settings with {@code threads} recorded
   */
  public RunConfig withThreads(int threads) {
    return new RunConfig(
        lr,
        weightDecay,
        beta1,
        beta2,
        batchSize,
        auxWeight,
        maxSteps,
        target,
        window,
        probeEvery,
        flip,
        threads,
        imageSize);
  }
}
