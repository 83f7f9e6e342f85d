package io.liondg.runtime.experiment;

import static io.liondg.runtime.experiment.Markdown.d;
import static io.liondg.runtime.experiment.Markdown.fixed;
import static io.liondg.runtime.experiment.Markdown.flag;
import static io.liondg.runtime.experiment.Markdown.p;
import static io.liondg.runtime.experiment.Markdown.pm;
import static io.liondg.runtime.experiment.Markdown.signed;

import io.liondg.runtime.experiment.Statistics.StrategyStats;
import io.liondg.runtime.init.Strategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's per-strategy tables: the paper's Table 1 (val acc, speedup), Table 2 (steps to
 * target with Welch's p and Cohen's d against he), the paper's architecture comparison, and the
 * val-accuracy tests.
 */
final class StrategyTables {

  private StrategyTables() {}

  static void table1(StringBuilder md, List<StrategyStats> stats) {
    md.append("## Table 1: val accuracy and speedup\n\n");
    md.append(
        "Val acc: mean +- std over seeds. Speedup: in steps to target, against `he`"
            + " (positive = fewer steps).\n\n");
    md.append("| Dataset | Architecture | Method | Seeds | Val Acc (%) | Speedup (%) |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (StrategyStats s : stats) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %s | %s |%n",
              s.dataset(),
              s.arch(),
              s.init(),
              s.n(),
              pm(100 * s.valAcc().mean(), 100 * s.valAcc().std(), 2),
              s.baseline() ? "—" : signed(s.speedupPercent(), 1) + flag(s)));
    }
    md.append('\n');
  }

  static void table2(StringBuilder md, List<StrategyStats> stats) {
    md.append("## Table 2: steps to target against he\n\n");
    md.append(
        "Steps to target: mean +- std over seeds, runs that never reached the target"
            + " counted as max steps. p: Welch's t-test, two-sided. d: Cohen's d (negative ="
            + " fewer steps than `he`).\n\n");
    md.append(
        "| Dataset | Architecture | Method | Seeds | Steps to target | Not reached |"
            + " Speedup (%) | p vs he | Cohen's d |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    for (StrategyStats s : stats) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %s | %s | %s | %s | %s |%n",
              s.dataset(),
              s.arch(),
              s.init(),
              s.n(),
              pm(s.steps().mean(), s.steps().std(), 0),
              s.notReached() == 0 ? "0" : s.notReached() + " of " + s.n() + " ⚑",
              s.baseline() ? "—" : signed(s.speedupPercent(), 1),
              s.baseline() ? "—" : p(s.stepsVsHe()),
              s.baseline() ? "—" : d(s.stepsVsHe())));
    }
    md.append('\n');
  }

  /**
   * The layout of the paper's own Table 2 ("Architecture Comparison"): per dataset and
   * architecture, he's and lion-dg's accuracy and lion-dg's speedup, side by side.
   */
  static void architectureComparison(StringBuilder md, List<StrategyStats> stats) {
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
    md.append(
        "The layout of the paper's Table 2; the numbers are those of the tables above." + "\n\n");
    md.append(
        "| Dataset | Architecture | he Acc (%) | lion-dg Acc (%) | Speedup (%) | p (steps)"
            + " |\n");
    md.append("|---|---|---|---|---|---|\n");
    he.forEach(
        (where, base) -> {
          StrategyStats l = lion.get(where);
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %s | %s%s | %s |%n",
                  where,
                  fixed(100 * base.valAcc().mean(), 2),
                  fixed(100 * l.valAcc().mean(), 2),
                  signed(l.speedupPercent(), 1),
                  flag(l),
                  p(l.stepsVsHe())));
        });
    md.append('\n');
  }

  static void accuracyTests(StringBuilder md, List<StrategyStats> stats) {
    md.append("## Val accuracy against he\n\n");
    md.append(
        "Difference of mean val acc in percentage points; p: Welch's t-test, two-sided;"
            + " d: Cohen's d (positive = more accurate than `he`).\n\n");
    md.append(
        "| Dataset | Architecture | Method | Seeds | Val Acc (%) | Δ vs he (pp) | p vs he"
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
      double delta = base == null ? Double.NaN : 100 * (s.valAcc().mean() - base.valAcc().mean());
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %s | %s | %s | %s |%n",
              s.dataset(),
              s.arch(),
              s.init(),
              s.n(),
              pm(100 * s.valAcc().mean(), 100 * s.valAcc().std(), 2),
              signed(delta, 2),
              p(s.valAccVsHe()),
              d(s.valAccVsHe())));
    }
    md.append('\n');
  }
}
