package io.liondg.runtime.run;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import io.liondg.runtime.data.BatchSampler;
import io.liondg.runtime.progress.ConsoleProgress;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import io.liondg.runtime.results.RunResult.CurvePoint;
import io.liondg.runtime.train.ConvergenceListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The step loop of a training run: per batch of the seeded sampler, DJL's {@code
 * EasyTrain.trainBatch} (forward, deep-supervision loss, backward, then the listeners) and {@code
 * trainer.step()} (AdamW). Each batch lives in its own manager, closed after its step, so native
 * memory stays flat. A {@link StopRequest} is honoured between steps; a NaN or infinite loss (seen
 * by the {@link ConvergenceListener}) ends the loop before that step's update, with status {@code
 * diverged}.
 */
final class StepLoop {

  /**
   * What the loop did.
   *
   * @param steps updates done
   * @param status {@code ok} or {@code diverged}
   * @param curve a point every {@code probe_every} steps and at the last
   * @param seconds wall time of the loop
   */
  record Trained(int steps, String status, List<CurvePoint> curve, double seconds) {}

  private StepLoop() {}

  /**
   * @param trainer the trainer, with {@code convergence} among its listeners
   * @param sampler the training batches
   * @param convergence the trainer's convergence listener
   * @param config max steps and the curve's spacing
   * @param label the progress bar's label, or null for no bar
   * @return what was done
   * @throws StopRequest.Stopped if a stop was requested
   */
  static Trained run(
      Trainer trainer,
      BatchSampler sampler,
      ConvergenceListener convergence,
      RunConfig config,
      String label) {
    List<CurvePoint> curve = new ArrayList<>();
    String status = RunResult.OK;
    int done = 0;
    long start = System.nanoTime();
    try (ConsoleProgress bar =
        label == null ? null : new ConsoleProgress(label, config.maxSteps())) {
      while (done < config.maxSteps()) {
        StopRequest.check("at step " + done + " of " + config.maxSteps());
        try (Batch batch = nextBatch(trainer, sampler, done, config.maxSteps())) {
          EasyTrain.trainBatch(trainer, batch);
          if (convergence.diverged()) {
            status = RunResult.DIVERGED;
            break;
          }
          trainer.step();
        }
        done++;
        double loss = convergence.lastLoss();
        double accuracy = convergence.runningAccuracy();
        if (done % config.probeEvery() == 0 || done == config.maxSteps()) {
          curve.add(new CurvePoint(done, loss, accuracy));
        }
        if (bar != null) {
          bar.update(done, String.format("loss %.3f acc %.1f%%", loss, 100 * accuracy));
        }
      }
    }
    return new Trained(done, status, curve, (System.nanoTime() - start) / 1e9);
  }

  /** The sampler's next batch as a DJL batch in a manager of its own, on the trainer's device. */
  private static Batch nextBatch(Trainer trainer, BatchSampler sampler, int step, int steps) {
    var sample = sampler.next(); // lion-dg's ImageBatch: reused buffers, copied out here
    NDManager manager = trainer.getManager().newSubManager();
    return new Batch(
        manager,
        new NDList(sample.features(manager)),
        new NDList(sample.labels(manager)),
        sample.size(),
        Batchifier.STACK,
        Batchifier.STACK,
        step,
        steps);
  }
}
