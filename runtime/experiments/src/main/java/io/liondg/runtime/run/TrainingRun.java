package io.liondg.runtime.run;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import io.liondg.runtime.data.BatchSampler;
import io.liondg.runtime.data.DataSplits;
import io.liondg.runtime.data.EvalBatches;
import io.liondg.runtime.init.InitOptions;
import io.liondg.runtime.init.InitReport;
import io.liondg.runtime.init.Initialization;
import io.liondg.runtime.models.ParameterCount;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import io.liondg.runtime.roles.RoleTree;
import io.liondg.runtime.roles.Roles;
import io.liondg.runtime.run.StepLoop.Trained;
import io.liondg.runtime.train.AwakeningListener;
import io.liondg.runtime.train.AwakeningSample;
import io.liondg.runtime.train.ConvergenceListener;
import io.liondg.runtime.train.DeepSupervisionLoss;
import java.util.Arrays;
import java.util.List;

/**
 * One training run of the paper's protocol (Appendix A.2) through DJL's own {@link Trainer}: build
 * the model, initialize it by its roles ({@link Initialization#apply} before {@code
 * model.newTrainer}: DJL keeps the parameters), train with AdamW on the {@link DeepSupervisionLoss}
 * for {@code max_steps} steps with an {@link AwakeningListener} and a {@link ConvergenceListener},
 * and evaluate every head on the test split. A user's own DJL code takes the same path.
 *
 * <p>Deterministic on CPU for a given seed: the seed drives initialization, shuffling and flips. A
 * NaN or infinite loss stops the run with status {@code diverged} (the result is still returned). A
 * {@link StopRequest} (Ctrl-C) ends it between steps with {@link StopRequest.Stopped}.
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
    try (Model model = Model.newInstance(request.model().cliName(), device)) {
      Block net = request.model().create(data.channels(), data.classes());
      model.setBlock(net);
      InitReport initReport = initialize(model, request, data);
      RoleTree tree = Roles.tree(net);
      AwakeningListener awakening = new AwakeningListener(config.probeEvery());
      ConvergenceListener convergence = new ConvergenceListener(config.target(), config.window());
      Trained trained;
      try (Trainer trainer =
          model.newTrainer(
              TrainingConfigs.adamW(
                  new DeepSupervisionLoss(tree, config.auxWeight()),
                  config,
                  device,
                  convergence,
                  awakening))) {
        BatchSampler sampler =
            new BatchSampler(
                data.train(),
                data.normalization(),
                config.batchSize(),
                request.seed(),
                config.flip());
        trained =
            StepLoop.run(trainer, sampler, convergence, config, progress ? label(request) : null);
      }
      int heads = 1 + tree.auxHeads().size();
      double[] accuracies =
          trained.status().equals(RunResult.OK)
              ? Evaluation.accuracies(
                  net,
                  model.getNDManager(),
                  new EvalBatches(data.test(), data.normalization(), EVAL_BATCH),
                  heads)
              : new double[heads];
      return result(
          request,
          data,
          device,
          net,
          initReport,
          trained,
          convergence,
          awakening,
          accuracies,
          (System.nanoTime() - start) / 1e9);
    }
  }

  /** Creates the parameters by the request's strategy, calibrating on training samples. */
  private static InitReport initialize(Model model, TrainRequest request, DataSplits data) {
    RunConfig config = request.config();
    try (NDManager calibrationScope = model.getNDManager().newSubManager()) {
      var calibration =
          new BatchSampler(
                  data.train(),
                  data.normalization(),
                  Math.min(CALIBRATION_SAMPLES, data.train().size()),
                  request.seed() + 1,
                  false)
              .next();
      return Initialization.apply(
          model.getBlock(),
          request.init(),
          new InitOptions(
              model.getNDManager(),
              new Shape(config.batchSize(), data.channels(), data.height(), data.width()),
              calibration.features(calibrationScope),
              request.seed()));
    }
  }

  private static String label(TrainRequest request) {
    return request.model().cliName() + "/" + request.init().cliName() + "/" + request.seed();
  }

  /** Assembles the result; a diverged run keeps no sample of the step that diverged. */
  private static RunResult result(
      TrainRequest request,
      DataSplits data,
      Device device,
      Block net,
      InitReport initReport,
      Trained trained,
      ConvergenceListener convergence,
      AwakeningListener awakening,
      double[] accuracies,
      double wallSeconds) {
    List<AwakeningSample> samples =
        awakening.samples().stream().filter(s -> s.step() < trained.steps()).toList();
    return new RunResult(
        data.name(),
        request.model().cliName(),
        request.init().cliName(),
        request.seed(),
        ParameterCount.of(net),
        request.config(),
        new RunResult.EngineInfo(
            Engine.getDjlVersion(), Engine.getInstance().getVersion(), device.toString()),
        convergence.stepsToTarget().isPresent() ? convergence.stepsToTarget().getAsInt() : null,
        convergence.runningAccuracy(),
        accuracies[0],
        Arrays.stream(accuracies, 1, accuracies.length).boxed().toList(),
        wallSeconds,
        trained.steps() == 0 ? 0 : 1000 * trained.seconds() / trained.steps(),
        trained.status(),
        initReport,
        trained.curve(),
        samples,
        null,
        null);
  }
}
