package io.liondg.runtime.cli;

import io.liondg.runtime.data.Datasets;
import io.liondg.runtime.experiment.Cell;
import io.liondg.runtime.experiment.GridRunner;
import io.liondg.runtime.experiment.GridSpec;
import io.liondg.runtime.experiment.Report;
import io.liondg.runtime.experiment.ResultsStore;
import io.liondg.runtime.experiment.Statistics;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.Architecture;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lion-dg demo}: the README's main job. He against LION-DG on DenseNet-DS, on the best data
 * at hand, a few minutes on a laptop CPU, then a comparison table, {@code report.md} and plots.
 *
 * <p>Data ({@link DemoData}): {@code --data-dir} if given; else CIFAR-10 (the paper's) when {@code
 * LION_DG_DATA}, {@code ./data} or {@code ~/.lion-dg/data} holds it, else Fashion-MNIST from
 * Debian's {@code /usr/share/datasets/fashion-mnist}, else the Fashion-MNIST subset bundled in the
 * repository ({@code samples/fashion-mnist/bundled}).
 *
 * <p>The short protocol: 2 seeds (42, 123) x {he, lion-dg}, the paper's settings otherwise (AdamW
 * lr 1e-3, weight decay 0.05, aux weight 0.3, window 50), with fewer steps and a lower target than
 * the paper's 3000 and 70 % so that it ends in minutes:
 *
 * <ul>
 *   <li>Fashion-MNIST: {@value #FMNIST_STEPS} steps of batch {@value #BATCH}, target {@value
 *       #FMNIST_TARGET}. Measured here (He, seed 42, batch 64): the running training accuracy
 *       passes 70 % at step 83, 75 % at about step 180 and 80 % only at about step 290, so 75 % is
 *       where He needs a couple of hundred steps and a faster start shows as fewer steps, with room
 *       to spare before step 300. Four runs of 300 steps should take about 7 minutes on 2 idle CPU
 *       cores (one run at a time, both cores each): an estimate from {@code lion-dg bench} (about
 *       650 ms per step of batch 128 at 3x32x32, so about 250 ms at batch 64 and 1x28x28), plus
 *       evaluation; the demo was not timed end to end on an idle machine (the one here was shared
 *       while it was written).
 *   <li>CIFAR-10: {@value #CIFAR_STEPS} steps of batch {@value #BATCH}, target {@value
 *       #CIFAR_TARGET}: CIFAR-10 learns more slowly, so the target is lower; not measured here (no
 *       CIFAR-10 on this machine), an estimate from the paper's curves.
 * </ul>
 *
 * <p>Every setting can be changed with the flags; runs already in {@code --out} with the same
 * settings are reused, so a second {@code demo} only redraws the table and the report.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "He vs LION-DG in minutes on the best data at hand, then a table and plots.",
    usageHelpAutoWidth = true,
    description = {
      "He vs LION-DG on DenseNet-DS in a few minutes: 2 seeds x {he, lion-dg} on the best"
          + " data available (--data-dir; else CIFAR-10 in $LION_DG_DATA, ./data or"
          + " ~/.lion-dg/data; else Fashion-MNIST in /usr/share/datasets/fashion-mnist; else"
          + " the Fashion-MNIST subset bundled with lion-dg), then a comparison table on stdout"
          + " and report.md + PNG plots in --out.",
      "Short protocol: Fashion-MNIST "
          + DemoCommand.FMNIST_STEPS
          + " steps, target "
          + DemoCommand.FMNIST_TARGET
          + " (He needs about 180 steps of batch 64 to get"
          + " there; measured); CIFAR-10 "
          + DemoCommand.CIFAR_STEPS
          + " steps, target "
          + DemoCommand.CIFAR_TARGET
          + "; batch "
          + DemoCommand.BATCH
          + "; the paper's settings otherwise. Finished runs in --out are reused."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:table and report written",
      "1:no data, or a run failed",
      "2:bad command line",
      "130:stopped by Ctrl-C (finished runs are kept; rerun to resume), 143 by SIGTERM"
    })
final class DemoCommand implements Callable<Integer> {

  static final int BATCH = 64;
  static final int FMNIST_STEPS = 300;
  static final double FMNIST_TARGET = 0.75;
  static final int CIFAR_STEPS = 400;
  static final double CIFAR_TARGET = 0.40;
  static final List<String> INITS = List.of(Strategy.HE.cliName(), Strategy.LION_DG.cliName());
  static final String ARCH = Architecture.DENSENET_DS.cliName();

  /** Seeds per strategy below which the demo gives no verdict. */
  static final int VERDICT_SEEDS = 3;

  @Spec CommandSpec spec;

  @Option(
      names = "--dataset",
      converter = CliNames.DatasetConverter.class,
      completionCandidates = CliNames.DatasetNames.class,
      description =
          "${COMPLETION-CANDIDATES}. Default: what --data-dir holds, else cifar10 if"
              + " found, else fashion-mnist.")
  String dataset;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the data are (CIFAR-10, Fashion-MNIST or image class folders; the"
              + " kind is recognised). Default: see above.")
  Path dataDir;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Results, report.md and plots. Default: ${DEFAULT-VALUE}.")
  Path out = Path.of("demo-results");

  @Option(
      names = "--seeds",
      split = ",",
      paramLabel = "N",
      defaultValue = "42,123",
      description = "Comma list of seeds. Default: ${DEFAULT-VALUE}.")
  List<Long> seeds;

  @Option(
      names = "--max-steps",
      paramLabel = "N",
      description =
          "Training steps per run. Default: "
              + FMNIST_STEPS
              + " (fashion-mnist), "
              + CIFAR_STEPS
              + " (cifar10).")
  Integer maxSteps;

  @Option(
      names = "--target",
      paramLabel = "FRACTION",
      description =
          "Convergence target. Default: "
              + FMNIST_TARGET
              + " (fashion-mnist), "
              + CIFAR_TARGET
              + " (cifar10).")
  Double target;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Images per step. Default: " + BATCH + ".")
  int batchSize = BATCH;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description = "Runs at the same time, each in its own process. Default: ${DEFAULT-VALUE}.")
  int jobs = 1;

  @Mixin EngineOptions engine;

  @Mixin ProgressOption progress;

  @Override
  public Integer call() throws IOException, InterruptedException {
    engine.validate(spec);
    if (jobs < 1) {
      throw new ParameterException(spec.commandLine(), "--jobs must be at least 1, got " + jobs);
    }
    DemoData data = DemoData.choose(dataset, dataDir);
    String chosen = data.dataset();
    boolean cifar = chosen.startsWith("cifar");
    int steps = maxSteps != null ? maxSteps : cifar ? CIFAR_STEPS : FMNIST_STEPS;
    double goal = target != null ? target : cifar ? CIFAR_TARGET : FMNIST_TARGET;
    RunConfig paper = RunConfig.paper();
    TrainOptions options = new TrainOptions();
    options.maxSteps = steps;
    options.target = goal;
    options.batchSize = batchSize;
    options.window = paper.window();
    RunConfig config = options.config(spec, chosen);
    GridCommand.checkData(List.of(chosen), data.dataDir(), config.imageSize());

    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println("demo data: " + data.description());
    stdout.printf(
        Locale.ROOT,
        "demo: he vs lion-dg on %s, %s, seeds %s: %d steps of batch %d,"
            + " target %.0f %% running training accuracy; results in %s%n",
        chosen,
        ARCH,
        seeds.stream().map(String::valueOf).collect(Collectors.joining(", ")),
        steps,
        batchSize,
        100 * goal,
        out);
    stdout.flush();

    List<Cell> cells =
        new GridSpec(List.of(data.recordedName()), List.of(ARCH), INITS, seeds, config).cells();
    ResultsStore store = ResultsStore.inDirectory(out);
    checkReusable(store, cells, data);
    GridRunner.Outcome outcome =
        GridCommand.runCells(cells, store, out, data.dataDir(), null, engine, jobs, progress);

    Set<String> keys = cells.stream().map(Cell::key).collect(Collectors.toSet());
    List<RunResult> runs =
        store.readAll().stream().filter(r -> keys.contains(Cell.of(r).key())).toList();
    if (runs.isEmpty()) {
      throw new UserException(
          "no run of the demo finished; see the logs in " + out.resolve(ProcessCellRunner.LOG_DIR));
    }
    stdout.println();
    stdout.print(table(runs));
    Report.Written written = Report.write(out, out);
    stdout.println();
    stdout.println("report: " + written.report());
    for (Path plot : written.plots()) {
      stdout.println("plot:   " + plot);
    }
    if (!outcome.allSucceeded()) {
      stdout.println(
          outcome.failures().size()
              + " run(s) failed; rerun lion-dg demo to retry"
              + " them (finished runs are kept)");
    }
    stdout.flush();
    return outcome.exitCode();
  }

  /**
   * Finished runs are reused by their settings; the data's path is not among them, so a run on
   * other data (the bundled subset, then the full set) must not pass for one of these cells.
   */
  private static void checkReusable(ResultsStore store, List<Cell> cells, DemoData data)
      throws IOException {
    if (!Files.isRegularFile(store.file())) {
      return;
    }
    Path expected = data.dataDir() != null ? data.dataDir() : Datasets.defaultDir(data.dataset());
    if (expected == null) {
      return;
    }
    Set<String> keys = cells.stream().map(Cell::key).collect(Collectors.toSet());
    for (RunResult r : store.readAll()) {
      if (keys.contains(Cell.of(r).key())
          && r.data() != null
          && r.data().path() != null
          && !Path.of(r.data().path())
              .toAbsolutePath()
              .normalize()
              .equals(expected.toAbsolutePath().normalize())) {
        throw new UserException(
            store.file()
                + " holds runs of these cells on other data ("
                + r.data().path()
                + "); expected runs on "
                + expected
                + ": pass another --out or"
                + " remove "
                + store.file());
      }
    }
  }

  /**
   * The comparison: per strategy, steps to target (mean; runs that never got there count as max
   * steps and are flagged), speedup over He, val acc mean +- std, and the aux gradient ratio at
   * step 0 (exactly 0 under LION-DG: Proposition 1).
   *
   * @param runs the demo's runs
   * @return the table, one line per strategy
   */
  static String table(List<RunResult> runs) {
    StringBuilder s = new StringBuilder();
    String format = "%-9s %4s  %-22s  %8s  %8s  %-17s  %s%n";
    s.append(
        String.format(
            Locale.ROOT,
            format,
            "strategy",
            "runs",
            "steps to target (mean)",
            "speedup",
            "Welch p",
            "val acc (mean±std)",
            "aux grad ratio at step 0"));
    List<Statistics.StrategyStats> stats = Statistics.compare(runs);
    for (Statistics.StrategyStats st : stats) {
      List<RunResult> mine =
          runs.stream()
              .filter(
                  r ->
                      r.init().equals(st.init())
                          && r.dataset().equals(st.dataset())
                          && r.arch().equals(st.arch()))
              .toList();
      String steps =
          String.format(Locale.ROOT, "%.0f", st.steps().mean())
              + (st.notReached() > 0 ? " (" + st.notReached() + " not reached)" : "");
      String speedup =
          st.baseline() || Double.isNaN(st.speedupPercent())
              ? "-"
              : String.format(Locale.ROOT, "%+.1f %%", st.speedupPercent());
      double p = st.stepsVsHe().p();
      String welch = Double.isNaN(p) ? "-" : String.format(Locale.ROOT, "%.2f", p);
      String acc =
          String.format(Locale.ROOT, "%.2f", 100 * st.valAcc().mean())
              + (Double.isNaN(st.valAcc().std())
                  ? ""
                  : String.format(Locale.ROOT, " ± %.2f", 100 * st.valAcc().std()))
              + " %";
      s.append(
          String.format(
              Locale.ROOT,
              format,
              st.init(),
              st.n(),
              steps,
              speedup,
              welch,
              acc,
              firstRatio(mine)));
    }
    s.append(verdict(stats));
    return s.toString();
  }

  /**
   * The plain reading of the steps comparison: with fewer than {@value #VERDICT_SEEDS} seeds per
   * strategy a t-test has almost no power (with 2 seeds, 2 degrees of freedom at most), so the
   * table shows a direction, not a result.
   */
  static String verdict(List<Statistics.StrategyStats> stats) {
    StringBuilder s = new StringBuilder();
    for (Statistics.StrategyStats st : stats) {
      if (st.baseline() || Double.isNaN(st.speedupPercent())) {
        continue;
      }
      int n =
          Math.min(
              st.n(),
              stats.stream()
                  .filter(Statistics.StrategyStats::baseline)
                  .mapToInt(Statistics.StrategyStats::n)
                  .min()
                  .orElse(0));
      double p = st.stepsVsHe().p();
      String direction = st.speedupPercent() > 0 ? "faster" : "slower";
      if (n < VERDICT_SEEDS) {
        s.append(
            String.format(
                Locale.ROOT,
                "verdict: %s reached the target %.1f %% %s than he,"
                    + " but %d seed%s per strategy %s too few for a verdict (Welch p %s); run more"
                    + " seeds (--seeds) or the full grid for one%n",
                st.init(),
                Math.abs(st.speedupPercent()),
                direction,
                n,
                n == 1 ? "" : "s",
                n == 1 ? "is" : "are",
                Double.isNaN(p) ? "undefined" : String.format(Locale.ROOT, "%.2f", p)));
      } else {
        s.append(
            String.format(
                Locale.ROOT,
                "verdict: %s reached the target %.1f %% %s than he;"
                    + " Welch p %.3f over %d seeds: %s%n",
                st.init(),
                Math.abs(st.speedupPercent()),
                direction,
                p,
                n,
                p < 0.05 ? "significant at 5 %" : "not significant at 5 %"));
      }
    }
    return s.toString();
  }

  private static String firstRatio(List<RunResult> runs) {
    double[] ratios =
        runs.stream()
            .map(
                r ->
                    Optional.ofNullable(r.awakening())
                        .filter(a -> !a.isEmpty())
                        .map(a -> a.get(0).auxGradRatio())
                        .orElse(Double.NaN))
            .mapToDouble(Double::doubleValue)
            .filter(Double::isFinite)
            .toArray();
    if (ratios.length == 0) {
      return "n/a";
    }
    double mean = Statistics.mean(ratios);
    return mean == 0 ? "0 (exactly)" : String.format(Locale.ROOT, "%.3g", mean);
  }
}
