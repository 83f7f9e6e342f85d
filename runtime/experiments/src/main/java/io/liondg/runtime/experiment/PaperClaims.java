package io.liondg.runtime.experiment;

import static io.liondg.runtime.experiment.Markdown.flag;
import static io.liondg.runtime.experiment.Markdown.signed;

import io.liondg.runtime.experiment.PaperComparison.Table1Row;
import io.liondg.runtime.experiment.Statistics.Interval;
import io.liondg.runtime.experiment.Statistics.StrategyStats;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.results.RunResult;
import io.liondg.runtime.train.AwakeningSample;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A verdict on each of the paper's claims that the runs can test, by stated rules: its Table 1
 * speedups, the Hybrid's accuracy over He (Section 5.1), Fixup and ReZero giving no gain on
 * DenseNet-DS (Appendix B.3) and Proposition 1 (exact zero at step 0).
 *
 * <p>The rules compare the paper's effect with the 95 % Welch interval of ours, so seeds that
 * cannot tell an effect from none say "inconclusive" instead of a verdict either way.
 */
final class PaperClaims {

  private static final double LEVEL = 0.95;
  private static final String HYBRID = Strategy.LION_LSUV.cliName();
  private static final String LION_DG = Strategy.LION_DG.cliName();
  private static final List<String> NO_GAIN =
      List.of(Strategy.FIXUP.cliName(), Strategy.REZERO.cliName());
  private static final String UNDEFINED = "n/a (needs 2 seeds a side, with some spread)";

  private static final String EFFECT_RULE =
      "Effects (E: the paper's speedup over `he`, or its accuracy gain over `he`): we take the"
          + " 95 % Welch interval [lo, hi] of our difference to `he` (Welch-Satterthwaite degrees"
          + " of freedom; for a speedup, the difference of mean steps as % of `he`'s mean, an"
          + " approximation that treats `he`'s mean as exact). **Reproduced**: lo > 0, our"
          + " effect has the paper's sign and is significant (two-sided p < 0.05); \"smaller\""
          + " or \"larger\" when the interval also excludes E. **Not reproduced**: hi < E and"
          + " lo <= 0, our runs rule out an effect as large as the paper's and show none of"
          + " significance; \"opposite\" when hi < 0, a significant effect the other way."
          + " **Inconclusive**: the interval holds both no effect and E; more seeds would"
          + " decide. ⚑: some runs never reached the target and count as max steps.";

  private static final String NO_GAIN_RULE =
      "No gain (Fixup, ReZero against `he`): the same interval of the speedup against a margin"
          + " G, the paper's LION-DG speedup on that architecture. **Reproduced**: hi < G, our"
          + " runs rule out a gain as large as LION-DG's (\"a smaller gain is significant\" when"
          + " also lo > 0). **Not reproduced**: lo > 0 and hi >= G, a significant gain that may"
          + " be as large. **Inconclusive**: otherwise.";

  private static final String PROPOSITION_1_RULE =
      "Proposition 1: **reproduced** when every run that zeroes the aux heads (and has some)"
          + " has an aux gradient ratio of exactly 0 at its step-0 probe.";

  private PaperClaims() {}

  /** Appends the verdicts; nothing if the runs test none of the paper's claims. */
  static void render(StringBuilder md, List<StrategyStats> stats, List<RunResult> runs) {
    StringBuilder effects = new StringBuilder();
    StringBuilder noGain = new StringBuilder();
    for (StrategyStats s : stats) {
      Optional<StrategyStats> he = baseline(stats, s);
      if (he.isEmpty() || s.baseline()) {
        continue;
      }
      Table1Row paper = PaperComparison.TABLE_1.get(PaperComparison.key(s));
      Table1Row paperHe = PaperComparison.TABLE_1.get(PaperComparison.key(he.get()));
      if (paper != null && paper.speedup() > 0) {
        speedupClaim(effects, s, he.get(), paper.speedup());
      }
      boolean perSeedCell = PaperComparison.inPerSeedTables(s.dataset(), s.arch());
      if (paper != null && paperHe != null && s.init().equals(HYBRID) && perSeedCell) {
        accuracyClaim(effects, s, he.get(), paper.valAcc() - paperHe.valAcc(), stats);
      }
      Table1Row paperLion =
          PaperComparison.TABLE_1.get(s.dataset() + "/" + s.arch() + "/" + LION_DG);
      if (NO_GAIN.contains(s.init()) && perSeedCell && paperLion != null) {
        noGainClaim(noGain, s, he.get(), paperLion.speedup());
      }
    }
    String proposition1 = proposition1(runs);
    if (effects.isEmpty() && noGain.isEmpty() && proposition1.isEmpty()) {
      return;
    }
    md.append("## The paper's claims: verdicts\n\n");
    if (!effects.isEmpty()) {
      md.append(EFFECT_RULE).append("\n\n");
    }
    if (!noGain.isEmpty()) {
      md.append(NO_GAIN_RULE).append("\n\n");
    }
    if (!proposition1.isEmpty()) {
      md.append(PROPOSITION_1_RULE).append("\n\n");
    }
    md.append("| Claim | Paper | Ours (95 % interval) | Seeds | Verdict |\n");
    md.append("|---|---|---|---|---|\n");
    md.append(effects).append(noGain).append(proposition1).append('\n');
  }

  private static void speedupClaim(StringBuilder md, StrategyStats s, StrategyStats he, double e) {
    Interval speedup = speedupInterval(s, he);
    row(
        md,
        String.format(
            Locale.ROOT,
            "`%s` converges faster than `he` on %s %s",
            s.init(),
            s.dataset(),
            s.arch()),
        signed(e, 1) + " %",
        signed(s.speedupPercent(), 1) + " %" + flag(s) + " " + bounds(speedup, 1, " %"),
        seeds(s, he),
        effectVerdict(speedup, e, seeds(s, he)));
  }

  private static void accuracyClaim(
      StringBuilder md, StrategyStats s, StrategyStats he, double e, List<StrategyStats> stats) {
    Interval gain = Statistics.welchInterval(s.valAcc(), he.valAcc(), LEVEL).times(100);
    String best =
        stats.stream()
            .filter(o -> o.dataset().equals(s.dataset()) && o.arch().equals(s.arch()))
            .filter(o -> PaperComparison.TABLE_1.containsKey(PaperComparison.key(o)))
            .max((a, b) -> Double.compare(a.valAcc().mean(), b.valAcc().mean()))
            .map(StrategyStats::init)
            .orElseThrow();
    row(
        md,
        String.format(
            Locale.ROOT,
            "`%s` is more accurate than `he` on %s %s (the paper's most accurate of its Table 1;"
                + " here the highest mean of those is `%s`)",
            s.init(),
            s.dataset(),
            s.arch(),
            best),
        signed(e, 2) + " pp",
        signed(100 * (s.valAcc().mean() - he.valAcc().mean()), 2) + " pp " + bounds(gain, 2, " pp"),
        seeds(s, he),
        effectVerdict(gain, e, seeds(s, he)));
  }

  private static void noGainClaim(
      StringBuilder md, StrategyStats s, StrategyStats he, double margin) {
    Interval speedup = speedupInterval(s, he);
    row(
        md,
        String.format(
            Locale.ROOT,
            "`%s` is no faster than `he` on %s %s (G = %s %%)",
            s.init(),
            s.dataset(),
            s.arch(),
            signed(margin, 1)),
        "no gain",
        signed(s.speedupPercent(), 1) + " %" + flag(s) + " " + bounds(speedup, 1, " %"),
        seeds(s, he),
        noGainVerdict(speedup, margin, seeds(s, he)));
  }

  /**
   * @return the Proposition 1 row, or "" when no run zeroes aux heads it has
   */
  private static String proposition1(List<RunResult> runs) {
    List<String> zeroing =
        Strategy.builtIns().stream()
            .filter(Strategy::zeroesAuxHeads)
            .map(Strategy::cliName)
            .toList();
    List<RunResult> tested =
        runs.stream()
            .filter(r -> zeroing.contains(r.init()))
            .filter(r -> stepZero(r).map(a -> a.auxWeightNorms().length > 0).orElse(true))
            .toList();
    List<AwakeningSample> probed = tested.stream().flatMap(r -> stepZero(r).stream()).toList();
    if (probed.isEmpty()) {
      return "";
    }
    long exact = probed.stream().filter(a -> a.auxGradRatio() == 0.0).count();
    int unprobed = tested.size() - probed.size();
    StringBuilder md = new StringBuilder();
    row(
        md,
        "Proposition 1: zeroed aux heads have an aux gradient ratio of exactly 0 at step 0",
        "exactly 0",
        exact
            + " of "
            + probed.size()
            + " runs exactly 0"
            + (unprobed > 0 ? " (" + unprobed + " without a step-0 probe)" : ""),
        "—",
        exact == probed.size() ? "**reproduced**" : "**not reproduced**");
    return md.toString();
  }

  /** A run's awakening probe at step 0, if it recorded one. */
  private static Optional<AwakeningSample> stepZero(RunResult r) {
    List<AwakeningSample> samples = Objects.requireNonNullElse(r.awakening(), List.of());
    return samples.isEmpty() || samples.get(0).step() != 0
        ? Optional.empty()
        : Optional.of(samples.get(0));
  }

  /**
   * @param ours our interval of the effect
   * @param e the paper's effect, positive
   * @param seeds the fewer seeds of the two sides
   */
  static String effectVerdict(Interval ours, double e, int seeds) {
    if (!ours.defined()) {
      return UNDEFINED;
    }
    if (ours.low() > 0) {
      if (ours.high() < e) {
        return "**reproduced**, smaller";
      }
      return ours.low() > e ? "**reproduced**, larger" : "**reproduced**";
    }
    if (ours.high() < 0) {
      return "**not reproduced**, opposite";
    }
    if (ours.high() < e) {
      return "**not reproduced**";
    }
    return "inconclusive at " + seeds + " seeds";
  }

  /**
   * @param ours our interval of the speedup (%)
   * @param margin G, the gain the claim says is absent (%), positive
   * @param seeds the fewer seeds of the two sides
   */
  static String noGainVerdict(Interval ours, double margin, int seeds) {
    if (!ours.defined()) {
      return UNDEFINED;
    }
    if (ours.high() < margin) {
      return ours.low() > 0 ? "**reproduced**, a smaller gain is significant" : "**reproduced**";
    }
    if (ours.low() > 0) {
      return "**not reproduced**";
    }
    return "inconclusive at " + seeds + " seeds";
  }

  /** The speedup's interval (%): he's steps minus the strategy's, as % of he's mean. */
  private static Interval speedupInterval(StrategyStats s, StrategyStats he) {
    return Statistics.welchInterval(he.steps(), s.steps(), LEVEL).times(100 / he.steps().mean());
  }

  private static Optional<StrategyStats> baseline(List<StrategyStats> stats, StrategyStats s) {
    return stats.stream()
        .filter(o -> o.baseline() && o.dataset().equals(s.dataset()) && o.arch().equals(s.arch()))
        .findFirst();
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
