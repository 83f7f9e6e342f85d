package io.liondg.runtime.experiment;

import static io.liondg.runtime.experiment.Markdown.fixed;
import static io.liondg.runtime.experiment.Markdown.sci;

import io.liondg.runtime.results.RunResult;
import java.util.List;
import java.util.Locale;

/**
 * The report's gradient-awakening table: Proposition 1 (ratio exactly 0 at step 0) and Proposition
 * 2 (early linear growth of the aux weight norm, with R^2).
 */
final class AwakeningTable {

  private AwakeningTable() {}

  static void awakening(StringBuilder md, List<RunResult> runs) {
    md.append("## Gradient awakening\n\n");
    md.append(
        "Proposition 1 predicts an aux gradient ratio of exactly 0 at step 0 when the aux"
            + " heads start at zero (`lion-dg`, `hybrid`); Proposition 2 predicts that their"
            + " weight norm then grows about linearly. The fit is least squares over the first"
            + " 20 % of probes of the mean curve (mean over aux heads and seeds); R^2 near 1 means"
            + " linear growth. The ratio is the norm of the weighted aux losses' gradient on the"
            + " backbone over that of the main loss; ∞ means the main loss sends the backbone no"
            + " gradient (a zeroed main classifier, as under `fixup`).\n\n");
    md.append(
        "| Dataset | Architecture | Method | Ratio at step 0 | Ratio at last probe |"
            + " Aux weight norm at step 0 | Early slope (norm / step) | R^2 | Steps fitted |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    boolean any = false;
    for (var byDataset : Plots.grouped(runs).entrySet()) {
      for (var byArch : byDataset.getValue().entrySet()) {
        for (var e : byArch.getValue().entrySet()) {
          Curves.Band ratio = Curves.auxGradRatio(e.getValue());
          Curves.Band norm = Curves.auxWeightNorm(e.getValue());
          if (ratio.isEmpty() && norm.isEmpty()) {
            continue;
          }
          any = true;
          Curves.LinearFit fit = Curves.earlyFit(norm);
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                  byDataset.getKey(),
                  byArch.getKey(),
                  e.getKey(),
                  ratioAtStepZero(e.getValue(), ratio),
                  last(ratio),
                  atStepZero(norm),
                  fit == null ? "n/a" : sci(fit.slope()),
                  fit == null ? "n/a" : fixed(fit.r2(), 3),
                  fit == null
                      ? "n/a"
                      : String.format(
                          Locale.ROOT,
                          "%.0f-%.0f (%d probes)",
                          fit.fromStep(),
                          fit.toStep(),
                          fit.points())));
        }
      }
    }
    if (!any) {
      md.append("| (no run recorded awakening probes) | | | | | | | | |\n");
    }
    md.append('\n');
  }

  /**
   * Like {@link #atStepZero}, but an infinite step-0 ratio (no main gradient), which the bands drop
   * so that plots stay finite, reads as "∞" rather than as missing.
   */
  private static String ratioAtStepZero(List<RunResult> runs, Curves.Band band) {
    boolean infinite =
        runs.stream()
            .map(RunResult::awakening)
            .filter(a -> a != null && !a.isEmpty() && a.get(0).step() == 0)
            .anyMatch(a -> a.get(0).auxGradRatio() == Double.POSITIVE_INFINITY);
    return infinite ? "∞" : atStepZero(band);
  }

  private static String atStepZero(Curves.Band band) {
    return band.isEmpty() || band.steps()[0] != 0 ? "n/a" : sci(band.mean()[0]);
  }

  private static String last(Curves.Band band) {
    int n = band.steps().length;
    return n == 0
        ? "n/a"
        : sci(band.mean()[n - 1]) + String.format(Locale.ROOT, " (step %.0f)", band.steps()[n - 1]);
  }
}
