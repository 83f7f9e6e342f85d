package io.liondg.runtime.cli;

import io.liondg.runtime.data.Datasets;
import io.liondg.runtime.results.RunConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The training settings of {@code train}, {@code grid} and {@code demo} as a picocli mixin.
 * Defaults are the paper's protocol ({@link RunConfig#paper()}, DESIGN's "Experiment protocol"; the
 * learning rate 1e-3 is an assumption, the paper's value did not survive). {@link #config} checks
 * every value and names the flag of an impossible one.
 */
final class TrainOptions {

  private static final RunConfig PAPER = RunConfig.paper();

  /** The smallest side the built-in nets take: smaller images pool down to nothing. */
  static final int MIN_IMAGE_SIZE = 8;

  @Option(
      names = "--max-steps",
      paramLabel = "N",
      description = "Training steps. Default: ${DEFAULT-VALUE}.")
  int maxSteps = PAPER.maxSteps();

  @Option(
      names = "--target",
      paramLabel = "FRACTION",
      description =
          "Convergence target: running main-head training accuracy, a fraction in"
              + " (0, 1]. Default: ${DEFAULT-VALUE}.")
  double target = PAPER.target();

  @Option(
      names = "--window",
      paramLabel = "BATCHES",
      description =
          "Batches in the running accuracy that steps-to-target watches."
              + " Default: ${DEFAULT-VALUE}.")
  int window = PAPER.window();

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Images per step. Default: ${DEFAULT-VALUE}.")
  int batchSize = PAPER.batchSize();

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      description =
          "AdamW learning rate (an assumption: the paper's value did not survive)."
              + " Default: ${DEFAULT-VALUE}.")
  double lr = PAPER.lr();

  @Option(
      names = "--weight-decay",
      paramLabel = "W",
      description = "AdamW decoupled weight decay. Default: ${DEFAULT-VALUE}.")
  double weightDecay = PAPER.weightDecay();

  @Option(
      names = "--aux-weight",
      paramLabel = "W",
      description =
          "Weight of each aux loss (unless the head's @AuxHead sets its own)."
              + " Default: ${DEFAULT-VALUE}.")
  double auxWeight = PAPER.auxWeight();

  @Option(
      names = "--probe-every",
      paramLabel = "STEPS",
      description =
          "Steps between gradient-awakening probes and curve points; the first"
              + " probe is at step 0. Default: ${DEFAULT-VALUE}.")
  int probeEvery = PAPER.probeEvery();

  @Option(
      names = "--beta1",
      paramLabel = "B",
      description = "AdamW beta 1." + " Default: ${DEFAULT-VALUE}.")
  double beta1 = PAPER.beta1();

  @Option(
      names = "--beta2",
      paramLabel = "B",
      description = "AdamW beta 2." + " Default: ${DEFAULT-VALUE}.")
  double beta2 = PAPER.beta2();

  @Option(
      names = "--flip",
      negatable = true,
      description =
          "Random horizontal flips (p = 0.5) of training images. Default: on for CIFAR"
              + " (the paper's protocol), off for fashion-mnist and synthetic.")
  Boolean flip;

  @Option(
      names = "--image-size",
      paramLabel = "PIXELS",
      description =
          "For --dataset folder: resize every image to PIXELS x PIXELS (bilinear)."
              + " Default: 0, keep the images' size (then they must all have one size).")
  int imageSize;

  /**
   * @param spec the command, for the error
   * @param dataset the dataset the settings are for (it decides the default of {@code --flip})
   * @param threads the engine's threads, recorded in the config
   * @return the settings
   * @throws ParameterException naming the first impossible value
   */
  RunConfig config(CommandSpec spec, String dataset, int threads) {
    check(spec, maxSteps >= 1, "--max-steps must be at least 1, got " + maxSteps);
    check(spec, batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
    check(spec, window >= 1, "--window must be at least 1, got " + window);
    check(spec, probeEvery >= 1, "--probe-every must be at least 1, got " + probeEvery);
    check(
        spec,
        target > 0 && target <= 1,
        "--target must be a fraction in (0, 1], got "
            + target
            + (target > 1 && target <= 100
                ? " (for " + target + " % write " + target / 100 + ")"
                : ""));
    check(spec, Double.isFinite(lr) && lr > 0, "--lr must be a positive number, got " + lr);
    check(
        spec,
        Double.isFinite(weightDecay) && weightDecay >= 0,
        "--weight-decay must be at least 0, got " + weightDecay);
    check(
        spec,
        Double.isFinite(auxWeight) && auxWeight >= 0,
        "--aux-weight must be at least 0, got " + auxWeight);
    check(spec, beta1 >= 0 && beta1 < 1, "--beta1 must be in [0, 1), got " + beta1);
    check(spec, beta2 >= 0 && beta2 < 1, "--beta2 must be in [0, 1), got " + beta2);
    check(
        spec,
        imageSize == 0 || imageSize >= MIN_IMAGE_SIZE,
        "--image-size must be at least "
            + MIN_IMAGE_SIZE
            + " (or 0 to keep the images' size), got "
            + imageSize);
    check(
        spec,
        imageSize == 0 || dataset.equals(Datasets.FOLDER),
        "--image-size is for --dataset folder only; " + dataset + " has one image size already");
    boolean flips = flip != null ? flip : Datasets.flipsByDefault(dataset);
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
        flips,
        threads,
        imageSize);
  }

  /**
   * Validates without an engine (threads recorded as 0).
   *
   * @param spec the command, for the error
   * @param dataset the dataset the settings are for
   * @return the settings
   */
  RunConfig config(CommandSpec spec, String dataset) {
    return config(spec, dataset, 0);
  }

  private static void check(CommandSpec spec, boolean ok, String message) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }
}
