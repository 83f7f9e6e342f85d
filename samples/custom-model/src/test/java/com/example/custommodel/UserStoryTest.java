package com.example.custommodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.liondg.runtime.init.InitOptions;
import io.liondg.runtime.init.Initialization;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.roles.Roles;
import io.liondg.runtime.train.AwakeningListener;
import io.liondg.runtime.train.AwakeningSample;
import io.liondg.runtime.train.ConvergenceListener;
import io.liondg.runtime.train.DeepSupervisionLoss;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a DJL user does with lion-dg, under each of the seven strategies: a plain-DJL model
 * ({@code SequentialBlock}s of {@code Conv2d}, {@code BatchNorm}, {@code Linear}), initialized by
 * role before the trainer exists, trained with {@code EasyTrain.fit},
 * {@link DeepSupervisionLoss}, {@code AwakeningListener(1)} and {@link ConvergenceListener}.
 */
class UserStoryTest {

  private static final int BATCH = 16;
  private static final int IMAGE = 8;
  private static final int IMAGES = 64;
  private static final int EPOCHS = 2;

  @ParameterizedTest
  @MethodSource("io.liondg.runtime.init.Strategy#builtIns")
  void initializesAndTrainsWithEasyTrainFit(Strategy strategy) throws Exception {
    SmallCnn net = new SmallCnn(3, Stripes.CLASSES);
    Shape input = new Shape(BATCH, 3, IMAGE, IMAGE);
    try (Model model = Model.newInstance("small-cnn")) {
      model.setBlock(net);
      NDManager manager = model.getNDManager();
      NDArray calibration = Stripes.arrays(manager, 64, IMAGE, 7).get(0);
      Initialization.apply(net, strategy, new InitOptions(manager, input, calibration, 42));

      AwakeningListener awakening = new AwakeningListener(1);
      ConvergenceListener convergence = new ConvergenceListener(0.7, 4);
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(new DeepSupervisionLoss(Roles.tree(net), 0.3))
              .optOptimizer(Optimizer.adamW().optLearningRateTracker(Tracker.fixed(1e-2f))
                  .build())
              .addTrainingListeners(awakening, convergence);
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(input);
        if (strategy.zeroesAuxHeads()) {
          for (Parameter p : lastLayerParameters(net.aux1)) {
            assertEquals(0f, maxAbs(p), p.getName() + " of aux1's last layer after"
                + " trainer.initialize");
          }
        }
        EasyTrain.fit(trainer, EPOCHS, Stripes.dataset(manager, IMAGES, IMAGE, BATCH, 1), null);
      }

      int steps = EPOCHS * IMAGES / BATCH;
      assertEquals(steps, convergence.steps());
      assertTrue(convergence.divergedAt().isEmpty(), "no NaN loss");
      List<AwakeningSample> samples = awakening.samples();
      assertEquals(steps, samples.size());
      AwakeningSample first = samples.get(0);
      assertEquals(0, first.step());
      if (strategy.zeroesAuxHeads()) {
        assertEquals(0.0, first.auxGradRatio(), "Proposition 1: exactly 0 at step 0");
        assertEquals(0.0, first.auxWeightNorms()[0]);
        double last = samples.get(samples.size() - 1).auxWeightNorms()[0];
        assertTrue(last > first.auxWeightNorms()[0], "Proposition 2: the aux weights grow");
      } else {
        assertTrue(first.auxGradRatio() > 0, "aux gradients from the start: "
            + first.auxGradRatio());
      }
    }
  }

  /** The parameters of the last layer of a {@code SequentialBlock} head. */
  private static List<Parameter> lastLayerParameters(Block head) {
    List<Block> layers = head.getChildren().values();
    return layers.get(layers.size() - 1).getParameters().values();
  }

  private static float maxAbs(Parameter p) {
    try (NDArray abs = p.getArray().abs(); NDArray max = abs.max()) {
      return max.getFloat();
    }
  }
}
