package io.liondg.runtime.experiment;

import static io.liondg.runtime.experiment.Markdown.fixed;
import static io.liondg.runtime.experiment.Markdown.percent;

import io.liondg.runtime.experiment.Statistics.StrategyStats;
import io.liondg.runtime.results.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The report's per-run parts: the per-seed table (the paper's Table 6) and the notes on runs that
 * missed the target, diverged or were skipped.
 */
final class PerRunSections {

  private PerRunSections() {}

  static void perSeed(StringBuilder md, List<RunResult> runs) {
    md.append("## Table 6: per-seed results\n\n");
    md.append(
        "| Dataset | Architecture | Method | Seed | Steps to target | Val Acc (%) |"
            + " Aux val acc (%) | Final train acc (%) | Status | ms/step |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (RunResult r : runs) {
      String aux =
          r.auxValAcc() == null || r.auxValAcc().isEmpty()
              ? "—"
              : r.auxValAcc().stream()
                  .map(a -> fixed(100 * a, 2))
                  .collect(Collectors.joining(", "));
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |%n",
              r.dataset(),
              r.arch(),
              r.init(),
              r.seed(),
              r.stepsToTarget() == null ? "not reached ⚑" : String.valueOf(r.stepsToTarget()),
              fixed(100 * r.valAcc(), 2),
              aux,
              fixed(100 * r.finalTrainAcc(), 2),
              RunResult.DIVERGED.equals(r.status()) ? "**diverged** ⚑" : r.status(),
              fixed(r.msPerStep(), 1)));
    }
    md.append('\n');
  }

  static void notes(
      StringBuilder md, List<RunResult> runs, List<StrategyStats> stats, List<String> problems) {
    List<String> notes = new ArrayList<>();
    for (RunResult r : runs) {
      if (r.stepsToTarget() == null) {
        notes.add(
            String.format(
                Locale.ROOT,
                "⚑ %s did not reach %s %% running training"
                    + " accuracy within %d steps (final %.2f %%); it counts as %d steps in the means,"
                    + " the speedups and the tests.",
                Cell.of(r).label(),
                percent(r.config().target()),
                r.config().maxSteps(),
                100 * r.finalTrainAcc(),
                r.config().maxSteps()));
      }
      if (RunResult.DIVERGED.equals(r.status())) {
        notes.add(
            "⚑ "
                + Cell.of(r).label()
                + " diverged (a NaN or infinite loss stopped it);"
                + " its val acc is that of the model when it stopped.");
      }
    }
    for (StrategyStats s : stats) {
      if (!s.baseline() && s.speedupPercent() != s.speedupPercent()) {
        notes.add(
            "`"
                + s.init()
                + "` on "
                + s.dataset()
                + " "
                + s.arch()
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
}
