package io.liondg.runtime.experiment;

import static io.liondg.runtime.experiment.Markdown.d;
import static io.liondg.runtime.experiment.Markdown.fixed;
import static io.liondg.runtime.experiment.Markdown.flag;
import static io.liondg.runtime.experiment.Markdown.num;
import static io.liondg.runtime.experiment.Markdown.p;
import static io.liondg.runtime.experiment.Markdown.percent;
import static io.liondg.runtime.experiment.Markdown.pm;
import static io.liondg.runtime.experiment.Markdown.row;
import static io.liondg.runtime.experiment.Markdown.sci;
import static io.liondg.runtime.experiment.Markdown.signed;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.liondg.runtime.experiment.Statistics.Comparison;
import io.liondg.runtime.experiment.Statistics.StrategyStats;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code lion-dg report}: turns a grid's {@code results.jsonl} into {@code report.md} and the
 * {@link Plots}, in the shape of the paper's tables.
 *
 * <p>{@code report.md} holds: the settings used (read from the results, not assumed) with the
 * learning rate marked as an assumption; the engine and device; Table 1 (val acc mean +- std
 * and speedup per strategy, as the paper's Table 1); Table 2 (steps to target mean +- std per
 * strategy with Welch's p and Cohen's d against He); the same test on val acc; the gradient
 * awakening numbers behind Propositions 1 and 2; the per-seed table (as the paper's Table 6);
 * notes on runs that did not reach the target or diverged; and the plots.
 */
public final class Report {

  static {
    // Before any AWT class loads (the plots): reports are made on machines with no display.
    System.setProperty("java.awt.headless", "true");
  }

  /** The report's file name in the output folder. */
  public static final String REPORT_FILE = "report.md";

  private Report() {}

  /**
   * What {@link #write} wrote.
   *
   * @param report {@code report.md}
   * @param plots the PNG files
   * @param runs the runs reported (distinct cells)
   */
  public record Written(Path report, List<Path> plots, int runs) {
    public Written {
      plots = List.copyOf(plots);
    }
  }

  /**
   * Reads {@code inDir/results.jsonl} and writes {@code report.md} and the PNG plots into
   * {@code outDir} (created if missing). The input is checked before anything is written, so
   * bad input leaves no partial output.
   *
   * @param inDir a grid's results folder
   * @param outDir where the report goes (may be {@code inDir})
   * @return what was written
   * @throws IOException with a one-line message if there are no results (no file, or no
   *     complete result in it), or if a file cannot be read or written
   */
  public static Written write(Path inDir, Path outDir) throws IOException {
    ResultsStore store = ResultsStore.inDirectory(inDir);
    if (!Files.isRegularFile(store.file())) {
      throw new IOException("no results to report: " + store.file() + " does not exist"
          + " (a grid writes it: lion-dg grid --out " + inDir + ")");
    }
    ResultsStore.Snapshot snapshot = store.read();
    if (snapshot.results().isEmpty()) {
      throw new IOException("no results to report: " + store.file()
          + " holds no complete run result");
    }
    List<String> problems = new ArrayList<>(snapshot.problems());
    List<RunResult> runs = distinct(snapshot.results(), problems);
    Files.createDirectories(outDir);
    List<Path> plots = Plots.write(runs, outDir);
    // Named from the report's folder, so a committed report does not carry this machine's path.
    Path source = outDir.toAbsolutePath().normalize()
        .relativize(store.file().toAbsolutePath().normalize());
    String markdown = render(runs, source, problems, plots);
    Path report = outDir.resolve(REPORT_FILE);
    Path tmp = outDir.resolve(REPORT_FILE + ".tmp");
    Files.writeString(tmp, markdown, UTF_8);
    Files.move(tmp, report, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Written(report, plots, runs.size());
  }

  /** One run per cell: a cell stored twice (two clusters, a manual rerun) counts once. */
  private static List<RunResult> distinct(List<RunResult> results, List<String> problems) {
    Map<String, RunResult> byKey = new LinkedHashMap<>();
    for (RunResult r : results) {
      if (byKey.putIfAbsent(Cell.of(r).key(), r) != null) {
        problems.add("a second result for " + Cell.of(r).label()
            + " with the same settings was left out (the first one is reported)");
      }
    }
    return new ArrayList<>(byKey.values());
  }

  /**
   * @param runs distinct runs
   * @param source the results file, named in the report
   * @param problems lines of the results file that were skipped, and similar notes
   * @param plots the plots written next to the report
   * @return the report's Markdown
   */
  static String render(List<RunResult> runs, Path source, List<String> problems,
      List<Path> plots) {
    List<RunResult> ordered = new ArrayList<>(runs);
    ordered.sort(RUN_ORDER);
    List<StrategyStats> stats = Statistics.compare(ordered);
    StringBuilder md = new StringBuilder();
    md.append("# LION-DG experiment report\n\n");
    md.append(String.format(Locale.ROOT, "%d runs from `%s`: %s.%n%n", ordered.size(),
        source, describeGrid(ordered)));
    settings(md, ordered);
    engine(md, ordered);
    table1(md, stats);
    table2(md, stats);
    architectureComparison(md, stats);
    PaperComparison.render(md, stats, ordered);
    accuracyTests(md, stats);
    awakening(md, ordered);
    perSeed(md, ordered);
    notes(md, ordered, stats, problems);
    plots(md, plots);
    return md.toString();
  }

  private static final Comparator<RunResult> RUN_ORDER = Comparator
      .comparing(RunResult::dataset, Names.DATASET_ORDER)
      .thenComparing(RunResult::arch, Names.ARCH_ORDER)
      .thenComparing(RunResult::init, Names.INIT_ORDER)
      .thenComparingLong(RunResult::seed);

  private static String describeGrid(List<RunResult> runs) {
    return "datasets " + distinctValues(runs, RunResult::dataset, Names.DATASET_ORDER)
        + "; architectures " + distinctValues(runs, RunResult::arch, Names.ARCH_ORDER)
        + "; strategies " + distinctValues(runs, RunResult::init, Names.INIT_ORDER)
        + "; seeds " + runs.stream().map(RunResult::seed).distinct().sorted()
            .map(String::valueOf).collect(Collectors.joining(", "));
  }

  private static String distinctValues(List<RunResult> runs,
      java.util.function.Function<RunResult, String> of, Comparator<String> order) {
    return runs.stream().map(of).distinct().sorted(order).map(s -> "`" + s + "`")
        .collect(Collectors.joining(", "));
  }

  // ---------------------------------------------------------------- settings and engine

  private static void settings(StringBuilder md, List<RunResult> runs) {
    md.append("## Settings\n\n");
    Map<String, List<RunResult>> byConfig = runs.stream().collect(Collectors.groupingBy(
        r -> Cell.settingsKey(r.config()), LinkedHashMap::new, Collectors.toList()));
    if (byConfig.size() > 1) {
      md.append("The runs do not all share one configuration; each is listed with its runs."
          + " Strategies are only compared within one dataset and architecture, so check"
          + " that those share their settings.\n\n");
    }
    int index = 1;
    for (List<RunResult> group : byConfig.values()) {
      if (byConfig.size() > 1) {
        md.append("### Configuration ").append(index++).append(" (").append(group.size())
            .append(" runs: ").append(describeGrid(group)).append(")\n\n");
      }
      settingsTable(md, group.get(0).config(), group);
    }
    md.append("Definitions (the paper's Appendix A.2): *steps to target* is the first step at"
        + " which the main head's training accuracy, averaged over the last `window` batches,"
        + " reaches `target`; a run that never gets there is \"not reached\" and counts as"
        + " `max_steps` in means and tests. *Speedup* = (mean steps of he - mean steps of the"
        + " strategy) / mean steps of he x 100. *Val acc* is the main head's accuracy on the"
        + " test split at the end of training. p is the two-sided p of Welch's t-test"
        + " (unequal variances) against `he`; d is Cohen's d = (mean of the strategy - mean of"
        + " he) / pooled SD, pooled SD = sqrt(((n1-1) s1^2 + (n2-1) s2^2) / (n1+n2-2)); std"
        + " is the sample standard deviation (n-1). \"n/a\" marks a statistic that is"
        + " undefined (fewer than 2 runs on a side, or no variance at all).\n\n");
  }

  private static void settingsTable(StringBuilder md, RunConfig c, List<RunResult> runs) {
    md.append("| Setting | Value |\n|---|---|\n");
    row(md, "optimizer", "AdamW");
    row(md, "learning rate (`lr`)", num(c.lr()) + " **(an assumption: the paper's learning"
        + " rate did not survive in its text; 1e-3 is the common AdamW default)**");
    row(md, "betas", num(c.beta1()) + ", " + num(c.beta2()));
    row(md, "weight decay", num(c.weightDecay()));
    row(md, "batch size", String.valueOf(c.batchSize()));
    row(md, "aux weight", num(c.auxWeight()));
    row(md, "max steps", String.valueOf(c.maxSteps()));
    row(md, "target", num(c.target()) + " (" + percent(c.target())
        + " % running training accuracy)");
    row(md, "window", c.window() + " batches");
    row(md, "probe every", c.probeEvery() + " steps");
    row(md, "random horizontal flip", c.flip() ? "yes (p = 0.5)" : "no");
    row(md, "threads", runs.stream().map(r -> r.config().threads() == 0 ? "engine default"
        : String.valueOf(r.config().threads())).distinct().collect(Collectors.joining(", ")));
    md.append('\n');
  }

  private static void engine(StringBuilder md, List<RunResult> runs) {
    md.append("## Engine and device\n\n");
    md.append("| DJL | PyTorch | Device | Runs | Mean ms/step | Total wall time |\n");
    md.append("|---|---|---|---|---|---|\n");
    Map<String, List<RunResult>> byEngine = runs.stream().collect(Collectors.groupingBy(
        r -> r.engine() == null ? "?|?|?" : r.engine().djl() + "|" + r.engine().pytorch() + "|"
            + r.engine().device(), TreeMap::new, Collectors.toList()));
    byEngine.forEach((engine, group) -> {
      String[] parts = engine.split("\\|", -1);
      double ms = Statistics.mean(group.stream().mapToDouble(RunResult::msPerStep).toArray());
      double wall = group.stream().mapToDouble(RunResult::wallSeconds).sum();
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s |%n", parts[0],
          parts[1], parts[2], group.size(), fixed(ms, 1), GridProgress.duration(wall)));
    });
    md.append('\n');
  }

  // ---------------------------------------------------------------- the paper's tables

  private static void table1(StringBuilder md, List<StrategyStats> stats) {
    md.append("## Table 1: val accuracy and speedup\n\n");
    md.append("Val acc: mean +- std over seeds. Speedup: in steps to target, against `he`"
        + " (positive = fewer steps).\n\n");
    md.append("| Dataset | Architecture | Method | Seeds | Val Acc (%) | Speedup (%) |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (StrategyStats s : stats) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s |%n", s.dataset(),
          s.arch(), s.init(), s.n(), pm(100 * s.valAcc().mean(), 100 * s.valAcc().std(), 2),
          s.baseline() ? "—" : signed(s.speedupPercent(), 1) + flag(s)));
    }
    md.append('\n');
  }

  private static void table2(StringBuilder md, List<StrategyStats> stats) {
    md.append("## Table 2: steps to target against he\n\n");
    md.append("Steps to target: mean +- std over seeds, runs that never reached the target"
        + " counted as max steps. p: Welch's t-test, two-sided. d: Cohen's d (negative ="
        + " fewer steps than `he`).\n\n");
    md.append("| Dataset | Architecture | Method | Seeds | Steps to target | Not reached |"
        + " Speedup (%) | p vs he | Cohen's d |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    for (StrategyStats s : stats) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s | %s | %s |%n",
          s.dataset(), s.arch(), s.init(), s.n(), pm(s.steps().mean(), s.steps().std(), 0),
          s.notReached() == 0 ? "0" : s.notReached() + " of " + s.n() + " ⚑",
          s.baseline() ? "—" : signed(s.speedupPercent(), 1),
          s.baseline() ? "—" : p(s.stepsVsHe()), s.baseline() ? "—" : d(s.stepsVsHe())));
    }
    md.append('\n');
  }

  /**
   * The layout of the paper's own Table 2 ("Architecture Comparison"): per dataset and
   * architecture, he's and lion-dg's accuracy and lion-dg's speedup, side by side.
   */
  private static void architectureComparison(StringBuilder md, List<StrategyStats> stats) {
    Map<String, StrategyStats> he = new LinkedHashMap<>();
    Map<String, StrategyStats> lion = new LinkedHashMap<>();
    for (StrategyStats s : stats) {
      String where = s.dataset() + " | " + s.arch();
      if (s.baseline()) {
        he.put(where, s);
      } else if (s.init().equals(Strategy.LION_DG.cliName())) {
        lion.put(where, s);
      }
    }
    he.keySet().retainAll(lion.keySet());
    if (he.isEmpty()) {
      return;
    }
    md.append("## Architecture comparison: he against lion-dg\n\n");
    md.append("The layout of the paper's Table 2; the numbers are those of the tables above."
        + "\n\n");
    md.append("| Dataset | Architecture | he Acc (%) | lion-dg Acc (%) | Speedup (%) | p (steps)"
        + " |\n");
    md.append("|---|---|---|---|---|---|\n");
    he.forEach((where, base) -> {
      StrategyStats l = lion.get(where);
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s%s | %s |%n", where,
          fixed(100 * base.valAcc().mean(), 2), fixed(100 * l.valAcc().mean(), 2),
          signed(l.speedupPercent(), 1), flag(l), p(l.stepsVsHe())));
    });
    md.append('\n');
  }

  private static void accuracyTests(StringBuilder md, List<StrategyStats> stats) {
    md.append("## Val accuracy against he\n\n");
    md.append("Difference of mean val acc in percentage points; p: Welch's t-test, two-sided;"
        + " d: Cohen's d (positive = more accurate than `he`).\n\n");
    md.append("| Dataset | Architecture | Method | Seeds | Val Acc (%) | Δ vs he (pp) | p vs he"
        + " | Cohen's d |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    Map<String, StrategyStats> he = new LinkedHashMap<>();
    for (StrategyStats s : stats) {
      if (s.baseline()) {
        he.put(s.dataset() + "/" + s.arch(), s);
      }
    }
    for (StrategyStats s : stats) {
      if (s.baseline()) {
        continue;
      }
      StrategyStats base = he.get(s.dataset() + "/" + s.arch());
      double delta = base == null ? Double.NaN
          : 100 * (s.valAcc().mean() - base.valAcc().mean());
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s | %s |%n",
          s.dataset(), s.arch(), s.init(), s.n(),
          pm(100 * s.valAcc().mean(), 100 * s.valAcc().std(), 2), signed(delta, 2),
          p(s.valAccVsHe()), d(s.valAccVsHe())));
    }
    md.append('\n');
  }

  private static void awakening(StringBuilder md, List<RunResult> runs) {
    md.append("## Gradient awakening\n\n");
    md.append("Proposition 1 predicts an aux gradient ratio of exactly 0 at step 0 when the aux"
        + " heads start at zero (`lion-dg`, `hybrid`); Proposition 2 predicts that their"
        + " weight norm then grows about linearly. The fit is least squares over the first"
        + " 20 % of probes of the mean curve (mean over aux heads and seeds); R^2 near 1 means"
        + " linear growth.\n\n");
    md.append("| Dataset | Architecture | Method | Ratio at step 0 | Ratio at last probe |"
        + " Aux weight norm at step 0 | Early slope (norm / step) | R^2 | Steps fitted |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    boolean any = false;
    for (var byDataset : Plots.grouped(runs).entrySet()) {
      for (var byArch : byDataset.getValue().entrySet()) {
        Map<String, List<RunResult>> byInit = byArch.getValue().stream().collect(
            Collectors.groupingBy(RunResult::init, () -> new TreeMap<>(Names.INIT_ORDER),
                Collectors.toList()));
        for (var e : byInit.entrySet()) {
          Curves.Band ratio = Curves.auxGradRatio(e.getValue());
          Curves.Band norm = Curves.auxWeightNorm(e.getValue());
          if (ratio.isEmpty() && norm.isEmpty()) {
            continue;
          }
          any = true;
          Curves.LinearFit fit = Curves.earlyFit(norm);
          md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              byDataset.getKey(), byArch.getKey(), e.getKey(),
              atStepZero(ratio), last(ratio), atStepZero(norm),
              fit == null ? "n/a" : sci(fit.slope()), fit == null ? "n/a" : fixed(fit.r2(), 3),
              fit == null ? "n/a" : String.format(Locale.ROOT, "%.0f-%.0f (%d probes)",
                  fit.fromStep(), fit.toStep(), fit.points())));
        }
      }
    }
    if (!any) {
      md.append("| (no run recorded awakening probes) | | | | | | | | |\n");
    }
    md.append('\n');
  }

  private static String atStepZero(Curves.Band band) {
    return band.isEmpty() || band.steps()[0] != 0 ? "n/a" : sci(band.mean()[0]);
  }

  private static String last(Curves.Band band) {
    int n = band.steps().length;
    return n == 0 ? "n/a" : sci(band.mean()[n - 1]) + String.format(Locale.ROOT,
        " (step %.0f)", band.steps()[n - 1]);
  }

  private static void perSeed(StringBuilder md, List<RunResult> runs) {
    md.append("## Table 6: per-seed results\n\n");
    md.append("| Dataset | Architecture | Method | Seed | Steps to target | Val Acc (%) |"
        + " Aux val acc (%) | Final train acc (%) | Status | ms/step |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (RunResult r : runs) {
      String aux = r.auxValAcc() == null || r.auxValAcc().isEmpty() ? "—"
          : r.auxValAcc().stream().map(a -> fixed(100 * a, 2))
              .collect(Collectors.joining(", "));
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |%n",
          r.dataset(), r.arch(), r.init(), r.seed(),
          r.stepsToTarget() == null ? "not reached ⚑" : String.valueOf(r.stepsToTarget()),
          fixed(100 * r.valAcc(), 2), aux, fixed(100 * r.finalTrainAcc(), 2),
          RunResult.DIVERGED.equals(r.status()) ? "**diverged** ⚑" : r.status(),
          fixed(r.msPerStep(), 1)));
    }
    md.append('\n');
  }

  private static void notes(StringBuilder md, List<RunResult> runs, List<StrategyStats> stats,
      List<String> problems) {
    List<String> notes = new ArrayList<>();
    for (RunResult r : runs) {
      if (r.stepsToTarget() == null) {
        notes.add(String.format(Locale.ROOT, "⚑ %s did not reach %s %% running training"
            + " accuracy within %d steps (final %.2f %%); it counts as %d steps in the means,"
            + " the speedups and the tests.", Cell.of(r).label(), percent(r.config().target()),
            r.config().maxSteps(), 100 * r.finalTrainAcc(), r.config().maxSteps()));
      }
      if (RunResult.DIVERGED.equals(r.status())) {
        notes.add("⚑ " + Cell.of(r).label() + " diverged (a NaN or infinite loss stopped it);"
            + " its val acc is that of the model when it stopped.");
      }
    }
    for (StrategyStats s : stats) {
      if (!s.baseline() && s.speedupPercent() != s.speedupPercent()) {
        notes.add("`" + s.init() + "` on " + s.dataset() + " " + s.arch()
            + " has no `he` runs to compare with.");
      }
    }
    for (String problem : problems) {
      notes.add("results file: " + problem + ".");
    }
    md.append("## Notes\n\n");
    if (notes.isEmpty()) {
      md.append("Every run reached the target and none diverged.\n\n");
    } else {
      for (String note : notes) {
        md.append("- ").append(note).append('\n');
      }
      md.append('\n');
    }
  }

  private static void plots(StringBuilder md, List<Path> plots) {
    if (plots.isEmpty()) {
      return;
    }
    md.append("## Plots\n\n");
    for (Path plot : plots) {
      String name = plot.getFileName().toString();
      md.append("![").append(caption(name)).append("](").append(name).append(")\n\n");
    }
  }

  private static String caption(String fileName) {
    String stem = fileName.replaceFirst("\\.png$", "");
    if (stem.startsWith("aux_grad_ratio_")) {
      return "Aux gradient ratio against step, " + stem.substring(15).replace('_', ' ');
    }
    if (stem.startsWith("aux_weight_norm_")) {
      return "Aux weight norm against step with early linear fit, "
          + stem.substring(16).replace('_', ' ');
    }
    if (stem.startsWith("accuracy_")) {
      return "Running training accuracy against step, " + stem.substring(9).replace('_', ' ');
    }
    return stem;
  }
}
