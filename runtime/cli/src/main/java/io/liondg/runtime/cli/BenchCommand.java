package io.liondg.runtime.cli;

import io.liondg.runtime.bench.Bench;
import io.liondg.runtime.bench.BenchResult;
import io.liondg.runtime.models.ModelFactory;
import io.liondg.runtime.train.ModelContractException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lion-dg bench}: times the training step and prints one JSON line with the keys of the
 * PyTorch eager peer {@code shared/bench/peer_densenet_ds.py}; see {@link Bench}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Time training steps; print one JSON line (as the PyTorch peer does).",
    usageHelpAutoWidth = true,
    description = {
      "Time the training step (forward, deep-supervision loss, backward, AdamW) on one random"
          + " batch of 3x32x32 images, He init, and print one JSON line: arch, batch_size,"
          + " steps, warmup, ms_per_step_median, images_per_second, rss_mb_start,"
          + " rss_mb_end, device, threads, engine (+ impl, params).",
      "rss_mb_start is read after the warm-up; rss_mb_end after the last step. Compare with"
          + " ../shared/bench/peer_densenet_ds.py, run alternately, never at the same time."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:timed",
      "1:the engine or device failed",
      "2:bad command line",
      "130:stopped by Ctrl-C (143: SIGTERM)"
    })
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ModelOptions model;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Images per step. Default: ${DEFAULT-VALUE}.")
  int batchSize = 128;

  @Option(
      names = "--steps",
      paramLabel = "N",
      description = "Timed steps. Default: ${DEFAULT-VALUE}.")
  int steps = 30;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      description = "Untimed steps first. Default: ${DEFAULT-VALUE}.")
  int warmup = 5;

  @Mixin EngineOptions engine;

  @Mixin ProgressOption progress;

  @Override
  public Integer call() {
    if (batchSize < 1) {
      throw new ParameterException(
          spec.commandLine(), "--batch-size must be at least 1, got " + batchSize);
    }
    if (steps < 1) {
      throw new ParameterException(spec.commandLine(), "--steps must be at least 1, got " + steps);
    }
    if (warmup < 0) {
      throw new ParameterException(
          spec.commandLine(), "--warmup must be at least 0, got " + warmup);
    }
    ModelFactory factory = model.resolve(spec, true);
    engine.validate(spec);
    StopSignals.install(System.err);
    int threads = engine.startEngine();
    BenchResult result;
    try {
      result =
          Bench.run(
              new Bench.Options(
                  factory, batchSize, steps, warmup, engine.resolveDevice(), progress.progress),
              threads);
    } catch (ModelContractException e) {
      throw ModelOptions.contractError(spec, factory, e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(result.toJson());
    out.flush();
    return 0;
  }
}
