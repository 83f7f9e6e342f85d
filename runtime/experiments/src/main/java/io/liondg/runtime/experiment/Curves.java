package io.liondg.runtime.experiment;

import io.liondg.runtime.results.RunResult;
import io.liondg.runtime.results.RunResult.CurvePoint;
import io.liondg.runtime.train.AwakeningSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Per-step curves averaged over seeds (what the plots draw and the report quotes), and the early
 * linear fit of Proposition 2.
 *
 * <p>Seeds are aligned by step number. Where some runs have no sample at a step (a run that stopped
 * early, a different probe interval) the mean at that step is over the runs that do, and {@link
 * Band#n()} says how many; non-finite samples (a ratio whose main gradient was zero, a diverged
 * run) are left out rather than poisoning the mean.
 */
final class Curves {

  /** Share of the first probes that the Proposition 2 fit uses. */
  static final double EARLY_FRACTION = 0.2;

  /** A line through fewer points says nothing. */
  static final int MIN_FIT_POINTS = 3;

  private Curves() {}

  /**
   * A mean curve with its spread.
   *
   * @param steps steps, ascending
   * @param mean mean over runs at each step
   * @param std sample standard deviation over runs at each step (0 where only one run)
   * @param n runs with a sample at each step
   */
  record Band(double[] steps, double[] mean, double[] std, int[] n) {
    boolean isEmpty() {
      return steps.length == 0;
    }

    int runs() {
      int max = 0;
      for (int k : n) {
        max = Math.max(max, k);
      }
      return max;
    }
  }

  /**
   * A least-squares line {@code y = intercept + slope * step}.
   *
   * @param slope growth per step
   * @param intercept value at step 0
   * @param r2 coefficient of determination (NaN when the points have no spread)
   * @param points points fitted
   * @param fromStep first step fitted
   * @param toStep last step fitted
   */
  record LinearFit(
      double slope, double intercept, double r2, int points, double fromStep, double toStep) {
    double at(double step) {
      return intercept + slope * step;
    }
  }

  /** Running main-head training accuracy in percent. */
  static Band accuracyPercent(List<RunResult> runs) {
    return band(runs, r -> samples(r.curve(), CurvePoint::step, p -> 100 * p.trainAcc()));
  }

  /** Aux gradient ratio on the backbone. */
  static Band auxGradRatio(List<RunResult> runs) {
    return band(
        runs, r -> samples(r.awakening(), AwakeningSample::step, AwakeningSample::auxGradRatio));
  }

  /** Mean over aux heads of each head's weight L2 norm. */
  static Band auxWeightNorm(List<RunResult> runs) {
    return band(
        runs, r -> samples(r.awakening(), AwakeningSample::step, s -> meanOf(s.auxWeightNorms())));
  }

  private static double meanOf(double[] values) {
    return Arrays.stream(values).average().orElse(Double.NaN);
  }

  private static <T> Map<Integer, Double> samples(
      List<T> points, Function<T, Integer> step, Function<T, Double> value) {
    Map<Integer, Double> bySteps = new TreeMap<>();
    if (points != null) {
      for (T p : points) {
        Double v = value.apply(p);
        if (v != null && Double.isFinite(v)) {
          bySteps.put(step.apply(p), v);
        }
      }
    }
    return bySteps;
  }

  private static Band band(List<RunResult> runs, Function<RunResult, Map<Integer, Double>> of) {
    TreeMap<Integer, List<Double>> byStep = new TreeMap<>();
    for (RunResult run : runs) {
      of.apply(run)
          .forEach((step, v) -> byStep.computeIfAbsent(step, s -> new ArrayList<>()).add(v));
    }
    int size = byStep.size();
    double[] steps = new double[size];
    double[] mean = new double[size];
    double[] std = new double[size];
    int[] n = new int[size];
    int i = 0;
    for (Map.Entry<Integer, List<Double>> e : byStep.entrySet()) {
      double[] values = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
      steps[i] = e.getKey();
      mean[i] = Statistics.mean(values);
      std[i] = values.length < 2 ? 0 : Statistics.std(values);
      n[i] = values.length;
      i++;
    }
    return new Band(steps, mean, std, n);
  }

  /**
   * Least squares over the first {@link #EARLY_FRACTION} of a curve's samples (at least {@link
   * #MIN_FIT_POINTS}): Proposition 2 predicts that zero-initialized aux weights grow about linearly
   * at first, so a straight line should fit there with R^2 near 1.
   *
   * @param band a mean curve
   * @return the fit, or null if the curve has fewer than {@link #MIN_FIT_POINTS} samples
   */
  static LinearFit earlyFit(Band band) {
    int count = Math.max(MIN_FIT_POINTS, (int) Math.ceil(EARLY_FRACTION * band.steps().length));
    if (band.steps().length < MIN_FIT_POINTS) {
      return null;
    }
    count = Math.min(count, band.steps().length);
    SimpleRegression regression = new SimpleRegression();
    for (int i = 0; i < count; i++) {
      regression.addData(band.steps()[i], band.mean()[i]);
    }
    return new LinearFit(
        regression.getSlope(),
        regression.getIntercept(),
        regression.getRSquare(),
        count,
        band.steps()[0],
        band.steps()[count - 1]);
  }
}
