package io.liondg.runtime.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.experiment.Statistics.StrategyStats;
import io.liondg.runtime.results.RunResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

class StatisticsTest {

  /**
   * The first worked example of Welch's t-test on Wikipedia ("Welch's t-test", Examples), two
   * samples of 15 with unequal variances; published: t = -2.46, df = 25.0, p = 0.021.
   */
  // The second example (unequal sizes) lives in welchWithUnequalSizes.
  private static final double[] A1 = {
    27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4
  };

  private static final double[] A2 = {
    27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4
  };

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double variance(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return s / (x.length - 1);
  }

  @Test
  void welchMatchesTheFormulaAndTheTextbook() {
    // By hand: t = (m1 - m2) / sqrt(s1^2/n1 + s2^2/n2), Welch-Satterthwaite df,
    // p = 2 * (1 - F_t(|t|; df)).
    double v1 = variance(A1) / A1.length;
    double v2 = variance(A2) / A2.length;
    double t = (mean(A1) - mean(A2)) / Math.sqrt(v1 + v2);
    double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (A1.length - 1) + v2 * v2 / (A2.length - 1));
    double p = 2 * (1 - new TDistribution(df).cumulativeProbability(Math.abs(t)));

    assertEquals(t, Statistics.welchT(A1, A2), 1e-12);
    assertEquals(p, Statistics.welchP(A1, A2), 1e-9);
    assertEquals(-2.46, t, 0.005);
    assertEquals(24.99, df, 0.01);
    assertEquals(0.021, Statistics.welchP(A1, A2), 0.0005);
    assertEquals(Statistics.welchP(A1, A2), Statistics.welchP(A2, A1), 1e-15, "two-sided");
  }

  @Test
  void welchWithUnequalSizes() {
    // Small unequal samples: the test must use Welch's df, not the pooled n1+n2-2.
    double[] a = {19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0};
    double[] b = {
      28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9,
      21.6, 24.3, 20.4, 23.9, 13.3
    };
    double v1 = variance(a) / a.length;
    double v2 = variance(b) / b.length;
    double t = (mean(a) - mean(b)) / Math.sqrt(v1 + v2);
    double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (a.length - 1) + v2 * v2 / (b.length - 1));
    double p = 2 * (1 - new TDistribution(df).cumulativeProbability(Math.abs(t)));
    assertEquals(t, Statistics.welchT(a, b), 1e-12);
    assertEquals(p, Statistics.welchP(a, b), 1e-9);
    // Wikipedia's second example, published for Welch's test: t = -2.22, df = 24.5,
    // p = 0.036 (Student's pooled test would give t = -1.57, p = 0.128).
    assertEquals(-2.22, t, 0.01);
    assertEquals(24.5, df, 0.05);
    assertEquals(0.036, p, 0.001);
  }

  @Test
  void cohensDWithPooledSd() {
    // a: mean 4, s^2 = 4; b: mean 2, s^2 = 1; s_p = sqrt((2*4 + 2*1) / 4) = sqrt(2.5).
    double[] a = {2, 4, 6};
    double[] b = {1, 2, 3};
    assertEquals(2 / Math.sqrt(2.5), Statistics.cohenD(a, b), 1e-12);
    assertEquals(-2 / Math.sqrt(2.5), Statistics.cohenD(b, a), 1e-12);
    // Unequal sizes: a: mean 5, s^2 = 10 (n 5); b: mean 2, s^2 = 1 (n 3);
    // s_p = sqrt((4*10 + 2*1) / 6) = sqrt(7).
    double[] c = {1, 3, 5, 7, 9};
    assertEquals(3 / Math.sqrt(7), Statistics.cohenD(c, b), 1e-12);
  }

  @Test
  void meanAndSampleStd() {
    double[] x = {2, 4, 4, 4, 5, 5, 7, 9};
    assertEquals(5, Statistics.mean(x), 1e-12);
    assertEquals(Math.sqrt(32.0 / 7), Statistics.std(x), 1e-12);
    assertTrue(Double.isNaN(Statistics.std(new double[] {3})));
    assertTrue(Double.isNaN(Statistics.mean(new double[0])));
  }

  @Test
  void undefinedStatisticsAreNaNNotErrors() {
    double[] one = {5};
    double[] three = {1, 2, 3};
    double[] flat = {3000, 3000, 3000};
    assertTrue(Double.isNaN(Statistics.welchP(one, three)));
    assertTrue(Double.isNaN(Statistics.welchT(one, three)));
    assertTrue(Double.isNaN(Statistics.cohenD(one, three)));
    assertTrue(Double.isNaN(Statistics.welchP(flat, flat)));
    assertTrue(Double.isNaN(Statistics.cohenD(flat, flat)));
    // One side without variance is still a valid Welch test.
    assertFalse(Double.isNaN(Statistics.welchP(flat, three)));
  }

  /**
   * {1, 2, 3} against {4, 5, 6}: difference -3, standard error sqrt(2/3), Welch df exactly 4,
   * t(0.975, 4) = 2.776445; R's {@code t.test} gives the interval -5.267 to -0.733.
   */
  @Test
  void welchIntervalMatchesTheTextbook() {
    Statistics.Interval i =
        Statistics.welchInterval(
            Statistics.Summary.of(new double[] {1, 2, 3}),
            Statistics.Summary.of(new double[] {4, 5, 6}),
            0.95);
    assertEquals(-3 - 2.776445 * Math.sqrt(2.0 / 3), i.low(), 1e-5);
    assertEquals(-3 + 2.776445 * Math.sqrt(2.0 / 3), i.high(), 1e-5);
    assertEquals(-5.267, i.low(), 1e-3);
    assertEquals(-0.733, i.high(), 1e-3);
    // The interval excludes 0 exactly when Welch's two-sided p is below 0.05.
    assertTrue(Statistics.welchP(A1, A2) < 0.05);
    Statistics.Interval wiki =
        Statistics.welchInterval(Statistics.Summary.of(A1), Statistics.Summary.of(A2), 0.95);
    assertTrue(wiki.high() < 0, wiki.toString());
    // The interval at level 1 - p ends exactly at 0: the same df and quantile as Welch's test.
    Statistics.Interval atP =
        Statistics.welchInterval(
            Statistics.Summary.of(A1), Statistics.Summary.of(A2), 1 - Statistics.welchP(A1, A2));
    assertEquals(0, atP.high(), 1e-8);
    Statistics.Interval scaled = wiki.times(-2);
    assertEquals(-2 * wiki.high(), scaled.low(), 1e-12);
    assertEquals(-2 * wiki.low(), scaled.high(), 1e-12);
  }

  @Test
  void welchIntervalIsUndefinedWithoutTwoValuesASideOrVariance() {
    Statistics.Summary one = Statistics.Summary.of(new double[] {5});
    Statistics.Summary three = Statistics.Summary.of(new double[] {1, 2, 3});
    Statistics.Summary flat = Statistics.Summary.of(new double[] {3000, 3000, 3000});
    assertFalse(Statistics.welchInterval(one, three, 0.95).defined());
    assertFalse(Statistics.welchInterval(flat, flat, 0.95).defined());
    assertTrue(Statistics.welchInterval(flat, three, 0.95).defined());
  }

  @Test
  void speedupAsInThePaper() {
    assertEquals(8.3, Statistics.speedupPercent(1000, 917), 1e-9);
    assertEquals(-10, Statistics.speedupPercent(100, 110), 1e-9);
    assertTrue(Double.isNaN(Statistics.speedupPercent(0, 10)));
  }

  @Test
  void runsThatNeverReachedTheTargetCountAsMaxStepsAndAreFlagged() {
    List<RunResult> runs = new ArrayList<>();
    for (long seed : new long[] {1, 2, 3}) {
      runs.add(
          Fixtures.withSteps(Fixtures.result(Fixtures.cell("he", seed)), 200 + (int) seed * 10));
    }
    runs.add(Fixtures.withSteps(Fixtures.result(Fixtures.cell("lion-dg", 1)), 150));
    runs.add(Fixtures.withSteps(Fixtures.result(Fixtures.cell("lion-dg", 2)), 170));
    runs.add(Fixtures.withSteps(Fixtures.result(Fixtures.cell("lion-dg", 3)), null));

    List<StrategyStats> stats = Statistics.compare(runs);
    assertEquals(List.of("he", "lion-dg"), stats.stream().map(StrategyStats::init).toList());
    StrategyStats he = stats.get(0);
    StrategyStats lion = stats.get(1);
    assertTrue(he.baseline());
    assertEquals(220, he.steps().mean(), 1e-9);
    assertEquals(0, he.notReached());
    assertEquals((150 + 170 + 400) / 3.0, lion.steps().mean(), 1e-9);
    assertEquals(1, lion.notReached());
    assertEquals(
        Statistics.speedupPercent(220, (150 + 170 + 400) / 3.0), lion.speedupPercent(), 1e-9);
    double[] heSteps = {210, 220, 230};
    double[] lionSteps = {150, 170, 400};
    assertEquals(Statistics.welchP(lionSteps, heSteps), lion.stepsVsHe().p(), 1e-12);
    assertEquals(Statistics.cohenD(lionSteps, heSteps), lion.stepsVsHe().d(), 1e-12);
  }
}
