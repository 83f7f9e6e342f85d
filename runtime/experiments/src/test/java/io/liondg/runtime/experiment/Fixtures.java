package io.liondg.runtime.experiment;

import io.liondg.runtime.init.InitReport;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import io.liondg.runtime.results.RunResult.CurvePoint;
import io.liondg.runtime.results.RunResult.EngineInfo;
import io.liondg.runtime.train.AwakeningSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Made-up but plausible run results: no training in these tests. */
final class Fixtures {

  /** A short protocol so the synthetic curves stay small. */
  static final RunConfig CONFIG =
      new RunConfig(1e-3, 0.05, 0.9, 0.999, 128, 0.3, 400, 0.70, 50, 10, true, 1);

  private Fixtures() {}

  static Cell cell(String init, long seed) {
    return new Cell("fashion-mnist", "densenet-ds", init, seed, CONFIG);
  }

  /** A result for a cell whose curve reaches the target around {@code tau}-ish steps. */
  static RunResult result(Cell cell) {
    double tau =
        switch (cell.init()) {
          case "lion-dg" -> 95;
          case "hybrid" -> 90;
          case "lsuv" -> 100;
          default -> 110;
        };
    return result(cell, tau, RunResult.OK);
  }

  /**
   * @param cell the cell
   * @param tau time constant of the accuracy curve (larger = slower; very large = never reaches the
   *     target)
   * @param status run status
   */
  static RunResult result(Cell cell, double tau, String status) {
    RunConfig c = cell.config();
    Random random = new Random(cell.seed() * 31 + cell.init().hashCode());
    double jitter = 1 + 0.08 * random.nextGaussian();
    List<CurvePoint> curve = new ArrayList<>();
    Integer stepsToTarget = null;
    double acc = 0;
    for (int step = 0; step < c.maxSteps(); step += 10) {
      acc = 0.1 + 0.8 * (1 - Math.exp(-step / (tau * jitter)));
      curve.add(new CurvePoint(step, 2.3 * (1 - acc) + 0.1, acc));
      if (stepsToTarget == null && acc >= c.target()) {
        stepsToTarget = step;
      }
    }
    boolean zeroAux = cell.init().equals("lion-dg") || cell.init().equals("hybrid");
    List<AwakeningSample> awakening = new ArrayList<>();
    for (int step = 0; step < c.maxSteps(); step += c.probeEvery()) {
      double n1;
      double n2;
      double ratio;
      if (zeroAux) {
        // Proposition 2: linear growth from zero, bending later.
        n1 = 0.004 * jitter * step * (1 - step / 1500.0);
        n2 = 0.005 * jitter * step * (1 - step / 1500.0);
        ratio = 0.3 * (n1 + n2) / (1 + n1 + n2);
      } else {
        n1 = 1.4 + 0.0005 * step + 0.01 * random.nextGaussian();
        n2 = 1.6 + 0.0004 * step + 0.01 * random.nextGaussian();
        // Fixup zeroes the main classifier: no main gradient at step 0.
        ratio =
            cell.init().equals("fixup") && step == 0
                ? Double.POSITIVE_INFINITY
                : 0.45 + 0.1 * random.nextGaussian();
      }
      awakening.add(new AwakeningSample(step, ratio, new double[] {n1, n2}));
    }
    InitReport init =
        new InitReport(
            cell.init(),
            0.01,
            List.of(new InitReport.LayerReport("conv0.weight", 0.11, 0.11, 0, null)));
    return new RunResult(
        cell.dataset(),
        cell.arch(),
        cell.init(),
        cell.seed(),
        77_000,
        c,
        new EngineInfo("0.32.0", "2.5.1", "cpu()"),
        stepsToTarget,
        acc,
        0.80 + 0.01 * random.nextGaussian() + (zeroAux ? -0.003 : 0),
        List.of(0.55, 0.68),
        30.0,
        75.0,
        status,
        init,
        curve,
        awakening,
        null,
        null);
  }

  /** {@code r} with other steps to target (null: never reached). */
  static RunResult withSteps(RunResult r, Integer steps) {
    return withOutcome(r, steps, r.valAcc());
  }

  /** {@code r} with other steps to target (null: never reached) and val accuracy. */
  static RunResult withOutcome(RunResult r, Integer steps, double valAcc) {
    return new RunResult(
        r.dataset(),
        r.arch(),
        r.init(),
        r.seed(),
        r.params(),
        r.config(),
        r.engine(),
        steps,
        r.finalTrainAcc(),
        valAcc,
        r.auxValAcc(),
        r.wallSeconds(),
        r.msPerStep(),
        r.status(),
        r.initReport(),
        r.curve(),
        r.awakening(),
        r.data(),
        r.commit());
  }
}
