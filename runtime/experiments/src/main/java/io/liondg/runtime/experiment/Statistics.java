package io.liondg.runtime.experiment;

import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.results.RunResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * The paper's statistics (its Appendix B.2) with Apache Commons Math: each strategy against the He
 * baseline, per dataset and architecture, for steps to target and val accuracy.
 *
 * <ul>
 *   <li>Mean, and the sample standard deviation (n - 1 in the denominator).
 *   <li>Welch's t-test (two samples, unpaired, unequal variances), two-sided p: {@code t = (mean_a
 *       - mean_b) / sqrt(s_a^2 / n_a + s_b^2 / n_b)} with the Welch-Satterthwaite degrees of
 *       freedom; {@link TTest#tTest(double[], double[])} is exactly this test.
 *   <li>Cohen's d with the pooled standard deviation: {@code d = (mean_a - mean_b) / s_p}, {@code
 *       s_p = sqrt(((n_a - 1) s_a^2 + (n_b - 1) s_b^2) / (n_a + n_b - 2))}, where {@code a} is the
 *       strategy and {@code b} is He. So for steps to target a negative d means the strategy needed
 *       fewer steps than He; for val acc a positive d means it was more accurate.
 *   <li>Speedup % = (mean steps of He - mean steps of the strategy) / mean steps of He x 100.
 * </ul>
 *
 * <p>Where a statistic is undefined (fewer than two runs on a side, or no variance on either side,
 * as when every run of both sides stopped at max steps) it is {@code NaN}, which reports print as
 * "n/a", rather than an exception: a small or degenerate grid is still worth a report.
 *
 * <p>Runs that never reached the target count as {@code config.max_steps} in the step statistics
 * (as the paper's protocol says) and are counted in {@link StrategyStats#notReached()} so that
 * reports can flag them.
 */
public final class Statistics {

  /** The strategy every other is compared with. */
  public static final String BASELINE = Strategy.HE.cliName();

  private static final TTest T_TEST = new TTest();

  private Statistics() {}

  /**
   * @param x values
   * @return their mean; NaN if there are none
   */
  public static double mean(double[] x) {
    return x.length == 0 ? Double.NaN : StatUtils.mean(x);
  }

  /**
   * @param x values
   * @return their sample standard deviation (n - 1); NaN for fewer than two values
   */
  public static double std(double[] x) {
    return x.length < 2 ? Double.NaN : Math.sqrt(StatUtils.variance(x));
  }

  private static boolean testable(double[] a, double[] b) {
    return a.length >= 2 && b.length >= 2 && StatUtils.variance(a) + StatUtils.variance(b) > 0;
  }

  /**
   * @param a one sample
   * @param b the other
   * @return Welch's t statistic of {@code a} against {@code b}; NaN if undefined
   */
  public static double welchT(double[] a, double[] b) {
    return testable(a, b) ? T_TEST.t(a, b) : Double.NaN;
  }

  /**
   * @param a one sample
   * @param b the other
   * @return the two-sided p-value of Welch's t-test; NaN if undefined
   */
  public static double welchP(double[] a, double[] b) {
    return testable(a, b) ? T_TEST.tTest(a, b) : Double.NaN;
  }

  /**
   * @param a the strategy's sample
   * @param b the baseline's sample
   * @return Cohen's d of {@code a} against {@code b} with the pooled SD (see the class comment);
   *     NaN if undefined
   */
  public static double cohenD(double[] a, double[] b) {
    int na = a.length;
    int nb = b.length;
    if (na < 2 || nb < 2) {
      return Double.NaN;
    }
    double pooled =
        Math.sqrt(
            ((na - 1) * StatUtils.variance(a) + (nb - 1) * StatUtils.variance(b)) / (na + nb - 2));
    return pooled > 0 ? (StatUtils.mean(a) - StatUtils.mean(b)) / pooled : Double.NaN;
  }

  /**
   * @param heMeanSteps mean steps to target of He
   * @param methodMeanSteps mean steps to target of the strategy
   * @return (He - method) / He x 100; NaN if He's mean is not positive
   */
  public static double speedupPercent(double heMeanSteps, double methodMeanSteps) {
    return heMeanSteps > 0 ? (heMeanSteps - methodMeanSteps) / heMeanSteps * 100 : Double.NaN;
  }

  /**
   * @param result a run
   * @return its steps to target, or its max steps if it never got there
   */
  public static double stepsOrMax(RunResult result) {
    return result.stepsToTarget() != null ? result.stepsToTarget() : result.config().maxSteps();
  }

  /**
   * The confidence interval of {@code mean(a) - mean(b)} that goes with Welch's t-test: {@code diff
   * +- t(level, df) * sqrt(s_a^2 / n_a + s_b^2 / n_b)}, df by Welch-Satterthwaite.
   *
   * @param a one sample's summary
   * @param b the other's
   * @param level the confidence level, e.g. 0.95
   * @return the interval; {@link Interval#UNDEFINED} with fewer than two values on a side or no
   *     variance at all
   */
  public static Interval welchInterval(Summary a, Summary b, double level) {
    if (a.n() < 2 || b.n() < 2) {
      return Interval.UNDEFINED;
    }
    double va = a.std() * a.std() / a.n();
    double vb = b.std() * b.std() / b.n();
    if (!(va + vb > 0)) {
      return Interval.UNDEFINED;
    }
    double df = (va + vb) * (va + vb) / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
    double t = new TDistribution(df).inverseCumulativeProbability(0.5 + level / 2);
    double diff = a.mean() - b.mean();
    double half = t * Math.sqrt(va + vb);
    return new Interval(diff - half, diff + half);
  }

  /**
   * A confidence interval.
   *
   * @param low lower bound; NaN if undefined
   * @param high upper bound; NaN if undefined
   */
  public record Interval(double low, double high) {
    /** No interval: too few runs, or no variance. */
    public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN);

    /**
     * @return whether both bounds are numbers
     */
    public boolean defined() {
      return !Double.isNaN(low) && !Double.isNaN(high);
    }

    /**
     * @param factor a number
     * @return this interval with both bounds times {@code factor} (a negative one swaps them)
     */
    public Interval times(double factor) {
      double a = low * factor;
      double b = high * factor;
      return new Interval(Math.min(a, b), Math.max(a, b));
    }
  }

  /**
   * Summarizes a grid: one row per dataset, architecture and strategy, each compared with He of the
   * same dataset and architecture. Rows come in report order (datasets, architectures, then
   * strategies in the paper's order, He first).
   *
   * @param results the grid's runs (one per cell; deduplicate first)
   * @return one row per (dataset, arch, init)
   */
  public static List<StrategyStats> compare(List<RunResult> results) {
    Map<Group, List<RunResult>> byGroup =
        results.stream()
            .collect(
                Collectors.groupingBy(
                    r -> new Group(r.dataset(), r.arch(), r.init()),
                    () -> new TreeMap<>(Group.ORDER),
                    Collectors.toList()));
    List<StrategyStats> rows = new ArrayList<>();
    byGroup.forEach(
        (group, runs) -> {
          List<RunResult> he =
              byGroup.getOrDefault(new Group(group.dataset(), group.arch(), BASELINE), List.of());
          rows.add(row(group, runs, he));
        });
    return rows;
  }

  private static StrategyStats row(Group group, List<RunResult> runs, List<RunResult> he) {
    double[] steps = runs.stream().mapToDouble(Statistics::stepsOrMax).toArray();
    double[] acc = runs.stream().mapToDouble(RunResult::valAcc).toArray();
    int notReached = (int) runs.stream().filter(r -> r.stepsToTarget() == null).count();
    int diverged = (int) runs.stream().filter(r -> RunResult.DIVERGED.equals(r.status())).count();
    boolean baseline = BASELINE.equals(group.init());
    Comparison stepsVsHe = Comparison.NONE;
    Comparison accVsHe = Comparison.NONE;
    double speedup = Double.NaN;
    if (!baseline && !he.isEmpty()) {
      double[] heSteps = he.stream().mapToDouble(Statistics::stepsOrMax).toArray();
      double[] heAcc = he.stream().mapToDouble(RunResult::valAcc).toArray();
      stepsVsHe = Comparison.of(steps, heSteps);
      accVsHe = Comparison.of(acc, heAcc);
      speedup = speedupPercent(mean(heSteps), mean(steps));
    }
    return new StrategyStats(
        group.dataset(),
        group.arch(),
        group.init(),
        runs.size(),
        Summary.of(steps),
        notReached,
        diverged,
        Summary.of(acc),
        baseline,
        speedup,
        stepsVsHe,
        accVsHe);
  }

  private record Group(String dataset, String arch, String init) {
    static final Comparator<Group> ORDER =
        Comparator.comparing(Group::dataset, Names.DATASET_ORDER)
            .thenComparing(Group::arch, Names.ARCH_ORDER)
            .thenComparing(Group::init, Names.INIT_ORDER);
  }

  /**
   * Mean and sample standard deviation of one sample.
   *
   * @param n sample size
   * @param mean mean; NaN if n = 0
   * @param std sample standard deviation; NaN if n &lt; 2
   */
  public record Summary(int n, double mean, double std) {
    /**
     * @param x values
     * @return their summary
     */
    public static Summary of(double[] x) {
      return new Summary(x.length, Statistics.mean(x), Statistics.std(x));
    }
  }

  /**
   * A strategy against He on one measure.
   *
   * @param t Welch's t (strategy minus He); NaN if undefined
   * @param p two-sided p of Welch's t-test; NaN if undefined
   * @param d Cohen's d (strategy minus He, pooled SD); NaN if undefined
   */
  public record Comparison(double t, double p, double d) {
    /** No comparison (the baseline itself, or no He runs to compare with). */
    public static final Comparison NONE = new Comparison(Double.NaN, Double.NaN, Double.NaN);

    /**
     * @param method the strategy's sample
     * @param he He's sample
     * @return Welch's t and p and Cohen's d of {@code method} against {@code he}
     */
    public static Comparison of(double[] method, double[] he) {
      return new Comparison(welchT(method, he), welchP(method, he), cohenD(method, he));
    }
  }

  /**
   * One strategy on one dataset and architecture.
   *
   * @param dataset dataset name
   * @param arch architecture name
   * @param init strategy name
   * @param n runs (seeds)
   * @param steps steps to target, runs that never got there counted as max steps
   * @param notReached runs that never reached the target
   * @param diverged runs whose status is {@code diverged}
   * @param valAcc val accuracy (0..1)
   * @param baseline whether this is He itself
   * @param speedupPercent speedup over He in %; NaN for He or when He is missing
   * @param stepsVsHe steps to target against He
   * @param valAccVsHe val accuracy against He
   */
  public record StrategyStats(
      String dataset,
      String arch,
      String init,
      int n,
      Summary steps,
      int notReached,
      int diverged,
      Summary valAcc,
      boolean baseline,
      double speedupPercent,
      Comparison stepsVsHe,
      Comparison valAccVsHe) {
    public StrategyStats {
      Objects.requireNonNull(stepsVsHe, "stepsVsHe");
      Objects.requireNonNull(valAccVsHe, "valAccVsHe");
    }
  }
}
