package io.liondg.runtime.experiment;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.liondg.runtime.experiment.Statistics.StrategyStats;
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
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code lion-dg report}: turns a grid's {@code results.jsonl} into {@code report.md} and the
 * {@link Plots}, in the shape of the paper's tables.
 *
 * <p>{@code report.md} holds: the settings used (read from the results, not assumed) with the
 * learning rate marked as an assumption; the engine, device, code and data; Table 1 (val acc mean
 * +- std and speedup per strategy, as the paper's Table 1); Table 2 (steps to target mean +- std
 * per strategy with Welch's p and Cohen's d against He); for data the paper reports, its numbers
 * beside ours and a verdict on each of its claims ({@link PaperClaims}); Welch's test on val acc
 * against He; the gradient awakening numbers behind Propositions 1 and 2; the per-seed table (as
 * the paper's Table 6); notes on runs that did not reach the target or diverged; and the plots.
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
   * Reads {@code inDir/results.jsonl} and writes {@code report.md} and the PNG plots into {@code
   * outDir} (created if missing). The input is checked before anything is written, so bad input
   * leaves no partial output.
   *
   * @param inDir a grid's results folder
   * @param outDir where the report goes (may be {@code inDir})
   * @return what was written
   * @throws IOException with a one-line message if there are no results (no file, or no complete
   *     result in it), or if a file cannot be read or written
   */
  public static Written write(Path inDir, Path outDir) throws IOException {
    ResultsStore store = ResultsStore.inDirectory(inDir);
    if (!Files.isRegularFile(store.file())) {
      throw new IOException(
          "no results to report: "
              + store.file()
              + " does not exist"
              + " (a grid writes it: lion-dg grid --out "
              + inDir
              + ")");
    }
    ResultsStore.Snapshot snapshot = store.read();
    if (snapshot.results().isEmpty()) {
      throw new IOException(
          "no results to report: " + store.file() + " holds no complete run result");
    }
    List<String> problems = new ArrayList<>(snapshot.problems());
    List<RunResult> runs = distinct(snapshot.results(), problems);
    Files.createDirectories(outDir);
    List<Path> plots = Plots.write(runs, outDir);
    // Named from the report's folder, so a committed report does not carry this machine's path.
    Path source =
        outDir.toAbsolutePath().normalize().relativize(store.file().toAbsolutePath().normalize());
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
        problems.add(
            "a second result for "
                + Cell.of(r).label()
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
  static String render(List<RunResult> runs, Path source, List<String> problems, List<Path> plots) {
    List<RunResult> ordered = new ArrayList<>(runs);
    ordered.sort(RUN_ORDER);
    List<StrategyStats> stats = Statistics.compare(ordered);
    StringBuilder md = new StringBuilder();
    md.append("# LION-DG experiment report\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%d runs from `%s`: %s.%n%n",
            ordered.size(),
            source,
            describeGrid(ordered)));
    ReportSettings.settings(md, ordered);
    ReportSettings.engine(md, ordered);
    StrategyTables.table1(md, stats);
    StrategyTables.table2(md, stats);
    StrategyTables.architectureComparison(md, stats);
    PaperComparison.render(md, stats, ordered);
    PaperClaims.render(md, stats, ordered);
    StrategyTables.accuracyTests(md, stats);
    AwakeningTable.awakening(md, ordered);
    PerRunSections.perSeed(md, ordered);
    PerRunSections.notes(md, ordered, stats, problems);
    plots(md, plots);
    return md.toString();
  }

  private static final Comparator<RunResult> RUN_ORDER =
      Comparator.comparing(RunResult::dataset, Names.DATASET_ORDER)
          .thenComparing(RunResult::arch, Names.ARCH_ORDER)
          .thenComparing(RunResult::init, Names.INIT_ORDER)
          .thenComparingLong(RunResult::seed);

  static String describeGrid(List<RunResult> runs) {
    return "datasets "
        + distinctValues(runs, RunResult::dataset, Names.DATASET_ORDER)
        + "; architectures "
        + distinctValues(runs, RunResult::arch, Names.ARCH_ORDER)
        + "; strategies "
        + distinctValues(runs, RunResult::init, Names.INIT_ORDER)
        + "; seeds "
        + runs.stream()
            .map(RunResult::seed)
            .distinct()
            .sorted()
            .map(String::valueOf)
            .collect(Collectors.joining(", "));
  }

  private static String distinctValues(
      List<RunResult> runs, Function<RunResult, String> of, Comparator<String> order) {
    return runs.stream()
        .map(of)
        .distinct()
        .sorted(order)
        .map(s -> "`" + s + "`")
        .collect(Collectors.joining(", "));
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
