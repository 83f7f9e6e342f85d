package io.liondg.runtime.cli;

import io.liondg.runtime.data.Datasets;
import io.liondg.runtime.experiment.Cell;
import io.liondg.runtime.experiment.ResultsStore;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.ModelFactory;
import io.liondg.runtime.results.ResultJson;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import io.liondg.runtime.run.TrainRequest;
import io.liondg.runtime.run.TrainingRun;
import io.liondg.runtime.train.ModelContractException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lion-dg train}: one training run of the paper's protocol; its result as one JSON object
 * (DESIGN's "Result of one run") in {@code --out} or on stdout.
 *
 * <p>The default dataset is {@code fashion-mnist}: it is the one a fresh Debian machine can have
 * with one package ({@code apt-get install dataset-fashion-mnist}) and a run of a few hundred steps
 * finishes in minutes on a CPU; the paper's CIFAR-10 is {@code --dataset cifar10}.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Train one model with one init strategy; write its result as JSON.",
    usageHelpAutoWidth = true,
    description = {
      "Train one model with one initialization strategy and write its result as one JSON"
          + " object (to --out FILE, else to stdout).",
      "Defaults are the paper's protocol: AdamW lr 1e-3 (an assumption), betas 0.9 and 0.999,"
          + " weight decay 0.05, batch 128, aux weight 0.3, at most 3000 steps, target 70 %%"
          + " running training accuracy over 50 batches.",
      "The default dataset is fashion-mnist (apt-get install dataset-fashion-mnist); the"
          + " paper's is cifar10."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the run finished (status ok or diverged)",
      "1:the run failed (missing or broken data, a file that cannot be written, no GPU)",
      "2:bad command line (unknown flag or name, impossible value, --out FILE exists)",
      "130:stopped by Ctrl-C (SIGINT) after the current step, or at once by a second one;"
          + " no result written",
      "143:the same for SIGTERM (129 for SIGHUP)"
    })
final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--dataset",
      converter = CliNames.DatasetConverter.class,
      completionCandidates = CliNames.DatasetNames.class,
      description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  String dataset = Datasets.FASHION_MNIST;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the dataset's files are: a folder, or an archive (.tar.gz, .zip)"
              + " for CIFAR and folder datasets. Default: per dataset, $LION_DG_DATA, then ./data,"
              + " then ~/.lion-dg/data for CIFAR (binary version or JPEG class folders),"
              + " /usr/share/datasets/fashion-mnist for Fashion-MNIST; required for folder.")
  Path dataDir;

  @Mixin ModelOptions model;

  @Option(
      names = "--init",
      converter = CliNames.StrategyConverter.class,
      completionCandidates = CliNames.StrategyNames.class,
      description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Strategy init = Strategy.LION_DG;

  @Option(
      names = "--seed",
      description = "Seeds initialization, shuffling and flips." + " Default: ${DEFAULT-VALUE}.")
  long seed = 42;

  @Mixin TrainOptions training;

  @Mixin EngineOptions engine;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Write the result JSON here (atomically: the file is complete or absent)."
              + " An existing FILE is never replaced: train refuses to start (exit status 2) unless"
              + " --force or --append. Default: stdout.")
  Path out;

  @Option(names = "--force", description = "Replace an existing --out FILE with this run's result.")
  boolean force;

  @Option(
      names = "--append",
      description =
          "Append the result as one line to the JSONL file --out (e.g. a grid's"
              + " results.jsonl) under a file lock, instead of replacing the file.")
  boolean append;

  @Option(
      names = "--skip-done",
      description =
          "With --append: if --out already holds a result of this run (same"
              + " dataset, arch, init, seed and settings: a grid's resume key), say so and exit 0"
              + " without training; and never append a second one (a Slurm grid's tasks use it,"
              + " so a requeued or repeated task stores its cell once).")
  boolean skipDone;

  @Mixin ProgressOption progress;

  @Override
  public Integer call() throws Exception {
    RunConfig checked = training.config(spec, dataset);
    ModelFactory factory = model.resolve(spec, true);
    engine.validate(spec);
    if (append && out == null) {
      throw new ParameterException(
          spec.commandLine(), "--append needs --out FILE (the JSONL" + " file to append to)");
    }
    if (skipDone && !append) {
      throw new ParameterException(
          spec.commandLine(),
          "--skip-done needs --append --out FILE" + " (the JSONL file to look the run up in)");
    }
    if (out != null) {
      AtomicFiles.prepare(out, "--out");
      if (!append && !force && Files.exists(out)) {
        throw new ParameterException(
            spec.commandLine(),
            "--out "
                + out
                + " already exists;"
                + " expected a new file name, or --force to replace it (--append to add to a"
                + " JSONL file)");
      }
    }
    if (skipDone && alreadyDone(dataset, factory, checked)) {
      return 0;
    }
    StopSignals.install(System.err);
    LoadedData loaded =
        LoadedData.load(dataset, dataDir, seed, checked.imageSize(), spec.commandLine().getErr());
    // A folder dataset's results carry the folder's name: look again under that name.
    if (skipDone
        && !loaded.splits().name().equals(dataset)
        && alreadyDone(loaded.splits().name(), factory, checked)) {
      return 0;
    }
    int threads = engine.startEngine();
    engine.resolveDevice();
    RunConfig config = checked.withThreads(threads);
    RunResult result;
    try {
      result =
          TrainingRun.run(
              new TrainRequest(factory, init, seed, config, engine.device),
              loaded.splits(),
              progress.progress);
    } catch (ModelContractException e) {
      throw ModelOptions.contractError(spec, factory, e);
    }
    result = result.withProvenance(loaded.source(), Provenance.commit());
    // The run is over: a Ctrl-C from now on must not leave the result half-written.
    StopSignals.finishing();

    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter summaryOut = out == null ? spec.commandLine().getErr() : stdout;
    if (out == null) {
      stdout.println(ResultJson.toLine(result));
      stdout.flush();
    } else if (append && skipDone) {
      if (!ResultsStore.atFile(out).appendIfAbsent(result)) {
        stdout.println(
            Cell.of(result).label()
                + ": another process stored this run in "
                + out
                + " while it trained; kept that one, this one is dropped");
        stdout.flush();
        return 0;
      }
    } else if (append) {
      ResultsStore.atFile(out).append(result);
    } else {
      String line = ResultJson.toLine(result);
      try {
        AtomicFiles.write(out, line + "\n", force);
      } catch (FileAlreadyExistsException e) {
        // Another process created --out while this run trained: keep its file, and the
        // result of this run on stdout rather than nowhere.
        stdout.println(line);
        stdout.flush();
        throw new UserException(
            "--out "
                + out
                + " was created by another process while this"
                + " run trained; it was left as it is and this run's result went to stdout;"
                + " expected --out to stay free (or --force to replace it)");
      }
    }
    summaryOut.print(summary(result, out, append));
    summaryOut.flush();
    return 0;
  }

  /**
   * @return whether {@code --out} holds a result of this run (the grid's resume key), said on
   *     stdout if so
   */
  private boolean alreadyDone(String datasetName, ModelFactory factory, RunConfig config)
      throws IOException {
    Cell cell = new Cell(datasetName, factory.cliName(), init.cliName(), seed, config);
    if (!ResultsStore.atFile(out).finishedKeys().contains(cell.key())) {
      return false;
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println(cell.label() + ": already in " + out + "; not run again (--skip-done)");
    stdout.flush();
    return true;
  }

  /**
   * @param r a result
   * @param out where it was written, or null for stdout
   * @param append whether it was appended
   * @return a few human lines
   */
  static String summary(RunResult r, Path out, boolean append) {
    RunConfig c = r.config();
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%s %s %s seed %d: %s, %,d parameters%n",
            r.dataset(),
            r.arch(),
            r.init(),
            r.seed(),
            r.status(),
            r.params()));
    s.append(
        String.format(
            Locale.ROOT,
            "  steps to target (%.0f %% over %d batches): %s%n",
            100 * c.target(),
            c.window(),
            r.stepsToTarget() == null
                ? "not reached in " + c.maxSteps() + " steps"
                : r.stepsToTarget().toString()));
    s.append(
        String.format(
            Locale.ROOT,
            "  final train acc %.2f %%, val acc %.2f %%%n",
            100 * r.finalTrainAcc(),
            100 * r.valAcc()));
    if (r.auxValAcc() != null && !r.auxValAcc().isEmpty()) {
      s.append("  aux val acc ")
          .append(
              r.auxValAcc().stream()
                  .map(a -> String.format(Locale.ROOT, "%.2f %%", 100 * a))
                  .collect(Collectors.joining(", ")))
          .append('\n');
    }
    if (r.awakening() != null && !r.awakening().isEmpty()) {
      s.append(
          String.format(
              Locale.ROOT,
              "  aux gradient ratio at step 0: %s%n",
              ratio(r.awakening().get(0).auxGradRatio())));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "  %.1f ms/step on %s, %d thread%s, %.1f s in all%n",
            r.msPerStep(),
            r.engine().device(),
            c.threads(),
            c.threads() == 1 ? "" : "s",
            r.wallSeconds()));
    if (out != null) {
      s.append(append ? "  appended to " : "  result: ").append(out).append('\n');
    }
    return s.toString();
  }

  private static String ratio(double value) {
    return value == 0
        ? "0.0 (exactly: aux losses send no gradient into the backbone)"
        : String.format(Locale.ROOT, "%.4g", value);
  }
}
