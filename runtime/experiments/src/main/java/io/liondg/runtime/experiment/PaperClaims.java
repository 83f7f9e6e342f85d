package io.liondg.runtime.experiment;

import static io.liondg.runtime.experiment.Markdown.signed;

import io.liondg.runtime.data.Datasets;
import io.liondg.runtime.experiment.PaperComparison.Table1Row;
import io.liondg.runtime.experiment.Statistics.Interval;
import io.liondg.runtime.experiment.Statistics.StrategyStats;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.Architecture;
import io.liondg.runtime.results.RunResult;
import io.liondg.runtime.train.AwakeningSample;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A verdict on each of the paper's claims that the runs can test, by one stated rule: its Table 1
 * speedups, the Hybrid's accuracy over He (Section 5.1), Fixup and ReZero giving no gain on
 * DenseNet-DS (Appendix B.3) and Proposition 1 (exact zero at step 0).
 *
 * <p>The rule compares the paper's effect with the 95 % Welch interval of ours, so three seeds that
 * cannot tell an effect from none say "inconclusive" instead of a verdict either way.
 */
final class PaperClaims {

  private static final double LEVEL = 0.95;
  private static final String DENSENET_DS = Architecture.DENSENET_DS.cliName();
  private static final String HYBRID = Strategy.LION_LSUV.cliName();
  private static final List<String> NO_GAIN =
      List.of(Strategy.FIXUP.cliName(), Strategy.REZERO.cliName());

  private PaperClaims() {}

  /** Appends the verdicts; nothing if the runs test none of the paper's claims. */
  static void render(StringBuilder md, List<StrategyStats> stats, List<RunResult> runs) {
    StringBuilder rows = new StringBuilder();
    for (StrategyStats s : stats) {
      Optional<StrategyStats> he = baseline(stats, s);
      Table1Row paper = PaperComparison.TABLE_1.get(PaperComparison.key(s));
      if (he.isEmpty() || s.baseline()) {
        continue;
      }
      if (paper != null && paper.speedup() > 0) {
        speedupClaim(rows, s, he.get(), paper.speedup());
      }
      if (paper != null && s.init().equals(HYBRID) && isCifar10DenseNet(s)) {
        Table1Row paperHe = PaperComparison.TABLE_1.get(PaperComparison.key(he.get()));
        accuracyClaim(rows, s, he.get(), paper.valAcc() - paperHe.valAcc(), stats);
      }
      if (NO_GAIN.contains(s.init()) && isCifar10DenseNet(s)) {
        noGainClaim(rows, s, he.get());
      }
    }
    proposition1(rows, runs);
    if (rows.isEmpty()) {
      return;
    }
    md.append("## The paper's claims: verdicts\n\n");
    md.append(
        "Rule: for an effect the paper claims (E: its speedup over `he`, or its accuracy gain"
            + " over `he`) we take the 95 % Welch interval [lo, hi] of our difference to `he`"
            + " (Welch-Satterthwaite degrees of freedom; for a speedup, the difference of mean"
            + " steps as % of `he`'s mean). **Reproduced**: lo > 0, our effect has the paper's"
            + " sign and is significant (two-sided p < 0.05); \"smaller\" or \"larger\" when the"
            + " interval also excludes E. **Not reproduced**: hi < E and lo <= 0, our runs rule"
            + " out an effect as large as the paper's and show none. **Inconclusive**: the"
            + " interval holds both no effect and E; more seeds would decide. A claim of no gain"
            + " (Fixup, ReZero) is not reproduced when lo > 0, and reproduced otherwise."
            + " Proposition 1 is reproduced when every run that zeroes the aux heads has an aux"
            + " gradient ratio of exactly 0 at step 0.\n\n");
    md.append("| Claim | Paper | Ours (95 % interval) | Seeds | Verdict |\n");
    md.append("|---|---|---|---|---|\n");
    md.append(rows).append('\n');
  }

  private static void speedupClaim(StringBuilder md, StrategyStats s, StrategyStats he, double e) {
    // he minus the strategy: fewer steps is a positive speedup.
    Interval steps = Statistics.welchInterval(he.steps(), s.steps(), LEVEL);
    Interval speedup = steps.times(100 / he.steps().mean());
    row(
        md,
        String.format(
            Locale.ROOT,
            "`%s` converges faster than `he` on %s %s",
            s.init(),
            s.dataset(),
            s.arch()),
        signed(e, 1) + " %",
        signed(s.speedupPercent(), 1) + " % " + bounds(speedup, 1, " %"),
        seeds(s, he),
        effectVerdict(speedup, e, seeds(s, he)));
  }

  private static void accuracyClaim(
      StringBuilder md, StrategyStats s, StrategyStats he, double e, List<StrategyStats> stats) {
    Interval gain = Statistics.welchInterval(s.valAcc(), he.valAcc(), LEVEL).times(100);
    String best =
        stats.stream()
            .filter(o -> o.dataset().equals(s.dataset()) && o.arch().equals(s.arch()))
            .max((a, b) -> Double.compare(a.valAcc().mean(), b.valAcc().mean()))
            .map(StrategyStats::init)
            .orElseThrow();
    row(
        md,
        String.format(
            Locale.ROOT,
            "`%s` is more accurate than `he` on %s %s (the paper's most accurate; here the"
                + " highest mean is `%s`)",
            s.init(),
            s.dataset(),
            s.arch(),
            best),
        signed(e, 2) + " pp",
        signed(100 * (s.valAcc().mean() - he.valAcc().mean()), 2) + " pp " + bounds(gain, 2, " pp"),
        seeds(s, he),
        effectVerdict(gain, e, seeds(s, he)));
  }

  private static void noGainClaim(StringBuilder md, StrategyStats s, StrategyStats he) {
    Interval speedup =
        Statistics.welchInterval(he.steps(), s.steps(), LEVEL).times(100 / he.steps().mean());
    String verdict;
    if (!speedup.defined()) {
      verdict = "n/a (needs 2 seeds a side)";
    } else {
      verdict = speedup.low() > 0 ? "**not reproduced** (faster)" : "**reproduced**";
    }
    row(
        md,
        String.format(
            Locale.ROOT, "`%s` is no faster than `he` on %s %s", s.init(), s.dataset(), s.arch()),
        "no gain",
        signed(s.speedupPercent(), 1) + " % " + bounds(speedup, 1, " %"),
        seeds(s, he),
        verdict);
  }

  private static void proposition1(StringBuilder md, List<RunResult> runs) {
    List<String> zeroing =
        Strategy.builtIns().stream()
            .filter(Strategy::zeroesAuxHeads)
            .map(Strategy::cliName)
            .toList();
    List<AwakeningSample> first =
        runs.stream()
            .filter(r -> zeroing.contains(r.init()) && !r.awakening().isEmpty())
            .map(r -> r.awakening().get(0))
            .filter(a -> a.step() == 0)
            .toList();
    if (first.isEmpty()) {
      return;
    }
    long exact = first.stream().filter(a -> a.auxGradRatio() == 0.0).count();
    row(
        md,
        "Proposition 1: zeroed aux heads have an aux gradient ratio of exactly 0 at step 0",
        "exactly 0",
        exact + " of " + first.size() + " runs exactly 0",
        "—",
        exact == first.size() ? "**reproduced**" : "**not reproduced**");
  }

  /**
   * @param ours our interval of the effect
   * @param e the paper's effect, positive
   * @param seeds the fewer seeds of the two sides
   */
  static String effectVerdict(Interval ours, double e, int seeds) {
    if (!ours.defined()) {
      return "n/a (needs 2 seeds a side)";
    }
    if (ours.low() > 0) {
      if (ours.high() < e) {
        return "**reproduced**, smaller";
      }
      return ours.low() > e ? "**reproduced**, larger" : "**reproduced**";
    }
    if (ours.high() < e) {
      return "**not reproduced**";
    }
    return "inconclusive at " + seeds + " seeds";
  }

  private static Optional<StrategyStats> baseline(List<StrategyStats> stats, StrategyStats s) {
    return stats.stream()
        .filter(o -> o.baseline() && o.dataset().equals(s.dataset()) && o.arch().equals(s.arch()))
        .findFirst();
  }

  private static boolean isCifar10DenseNet(StrategyStats s) {
    return s.dataset().equals(Datasets.CIFAR10) && s.arch().equals(DENSENET_DS);
  }

  private static int seeds(StrategyStats s, StrategyStats he) {
    return Math.min(s.n(), he.n());
  }

  private static String bounds(Interval i, int decimals, String unit) {
    return i.defined()
        ? "(" + signed(i.low(), decimals) + " to " + signed(i.high(), decimals) + unit + ")"
        : "(n/a)";
  }

  private static void row(
      StringBuilder md, String claim, String paper, String ours, Object seeds, String verdict) {
    md.append("| ")
        .append(claim)
        .append(" | ")
        .append(paper)
        .append(" | ")
        .append(ours)
        .append(" | ")
        .append(seeds)
        .append(" | ")
        .append(verdict)
        .append(" |\n");
  }
}
