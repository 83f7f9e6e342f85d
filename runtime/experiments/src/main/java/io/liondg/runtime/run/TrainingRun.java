package io.liondg.runtime.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.liondg.runtime.data.ImageBatch;
import io.liondg.runtime.data.BatchSampler;
import io.liondg.runtime.data.DataSplits;
import io.liondg.runtime.data.EvalBatches;
import io.liondg.runtime.init.InitOptions;
import io.liondg.runtime.init.InitReport;
import io.liondg.runtime.init.Initialization;
import io.liondg.runtime.models.ParameterCount;
import io.liondg.runtime.progress.ConsoleProgress;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import io.liondg.runtime.results.RunResult.AwakeningSample;
import io.liondg.runtime.results.RunResult.CurvePoint;
import io.liondg.runtime.roles.RoleTree;
import io.liondg.runtime.roles.Roles;
import io.liondg.runtime.train.DeepSupervisionLoss;
import io.liondg.runtime.train.RunningAccuracy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One training run of the paper's protocol (Appendix A.2): build the model, initialize it by
 * its roles, train with AdamW on the deep-supervision loss for {@code max_steps} steps,
 * track steps-to-target, probe gradient awakening, and evaluate every head on the test split.
 *
 * <p>Deterministic on CPU for a given seed: the seed drives initialization, shuffling and
 * flips. A NaN or infinite loss stops the run with status {@code diverged}. A {@link StopRequest}
 * (Ctrl-C) ends it between steps with {@link StopRequest.Stopped}.
 */
public final class TrainingRun {

  /** Calibration samples for LSUV and the Hybrid (the paper's Appendix A.3). */
  public static final int CALIBRATION_SAMPLES = 256;
  private static final int EVAL_BATCH = 500;

  private TrainingRun() {}

  /**
   * @param request what to train
   * @param data the dataset
   * @param progress whether to draw a progress bar on stderr
   * @return the result
   */
  public static RunResult run(TrainRequest request, DataSplits data, boolean progress) {
    RunConfig config = request.config();
    Device device = Devices.resolve(request.device());
    long start = System.nanoTime();
    try (NDManager manager = NDManager.newBaseManager(device)) {
      Block model = request.model().create(data.channels(), data.classes());
      InitReport initReport;
      try (NDManager calibrationScope = manager.newSubManager()) {
        ImageBatch calibration = new BatchSampler(data.train(), data.normalization(),
            Math.min(CALIBRATION_SAMPLES, data.train().size()), request.seed() + 1, false).next();
        initReport = Initialization.apply(model, request.init(), new InitOptions(manager,
            new Shape(config.batchSize(), data.channels(), data.height(), data.width()),
            calibration.features(calibrationScope), request.seed()));
      }
      RoleTree tree = Roles.tree(model);
      DeepSupervisionLoss loss = new DeepSupervisionLoss(tree.auxHeads(), config.auxWeight());
      TrainStep step = new TrainStep(model, loss, config);
      AwakeningProbe probe = new AwakeningProbe(model, tree, loss);
      ParameterStore store = new ParameterStore(manager, false);
      BatchSampler sampler = new BatchSampler(data.train(), data.normalization(),
          config.batchSize(), request.seed(), config.flip());
      RunningAccuracy running = new RunningAccuracy(config.window());

      List<CurvePoint> curve = new ArrayList<>();
      List<AwakeningSample> awakening = new ArrayList<>();
      Integer stepsToTarget = null;
      String status = RunResult.OK;
      int done = 0;
      long trainStart = System.nanoTime();
      String label = request.model().cliName() + "/" + request.init().cliName() + "/"
          + request.seed();
      try (ConsoleProgress bar = progress ? new ConsoleProgress(label, config.maxSteps()) : null) {
        while (done < config.maxSteps()) {
          StopRequest.check("at step " + done + " of " + config.maxSteps());
          boolean probing = done % config.probeEvery() == 0;
          double lossValue;
          long correct;
          try (NDManager scope = manager.newSubManager()) {
            ImageBatch batch = sampler.next();
            NDArray x = batch.features(scope);
            NDArray y = batch.labels(scope);
            List<NDArray> auxGrads = probing ? probe.measureAux(scope, store, x, y) : null;
            double[] l = new double[1];
            NDList out = step.backward(store, x, y, l);
            lossValue = l[0];
            if (!Double.isFinite(lossValue)) {
              status = RunResult.DIVERGED;
              break;
            }
            if (probing) {
              awakening.add(probe.sample(done, auxGrads));
            }
            correct = TrainStep.correct(out.get(0), y);
            step.update();
          }
          done++;
          running.add((double) correct / config.batchSize());
          if (stepsToTarget == null && running.full() && running.mean() >= config.target()) {
            stepsToTarget = done;
          }
          if (done % config.probeEvery() == 0 || done == config.maxSteps()) {
            curve.add(new CurvePoint(done, lossValue, running.mean()));
          }
          if (bar != null) {
            bar.update(done, String.format("loss %.3f acc %.1f%%", lossValue,
                100 * running.mean()));
          }
        }
      }
      double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
      double[] acc = status.equals(RunResult.OK)
          ? Evaluation.accuracies(model, manager,
              new EvalBatches(data.test(), data.normalization(), EVAL_BATCH),
              1 + tree.auxHeads().size())
          : new double[1 + tree.auxHeads().size()];
      return new RunResult(data.name(), request.model().cliName(), request.init().cliName(),
          request.seed(), ParameterCount.of(model), config,
          new RunResult.EngineInfo(Engine.getDjlVersion(), Engine.getInstance().getVersion(),
              device.toString()),
          stepsToTarget, running.mean(), acc[0],
          Arrays.stream(acc, 1, acc.length).boxed().toList(),
          (System.nanoTime() - start) / 1e9,
          done == 0 ? 0 : 1000 * trainSeconds / done, status, initReport, curve, awakening, null,
          null);
    }
  }
}
