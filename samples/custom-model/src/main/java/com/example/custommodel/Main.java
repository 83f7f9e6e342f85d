package com.example.custommodel;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import io.liondg.runtime.init.InitOptions;
import io.liondg.runtime.init.InitReport;
import io.liondg.runtime.init.Initialization;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.roles.Roles;
import io.liondg.runtime.train.AwakeningListener;
import io.liondg.runtime.train.AwakeningSample;
import io.liondg.runtime.train.ConvergenceListener;
import io.liondg.runtime.train.DeepSupervisionLoss;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The user's story end to end: build {@link SmallCnn}, initialize it by its roles, train it with
 * DJL's {@code EasyTrain.fit}, lion-dg's {@link DeepSupervisionLoss} and its two listeners, and
 * print the steps to target and the gradient-awakening series.
 *
 * <p>Usage: {@code Main [strategy]}, a strategy name such as {@code lion-dg} (the default),
 * {@code he} or {@code hybrid}.
 */
public final class Main {

  private static final int BATCH = 32;
  private static final int IMAGE = 16;
  private static final long SEED = 42;

  private Main() {}

  /**
   * @param args an optional strategy name
   * @throws IOException if DJL cannot read a batch
   * @throws TranslateException if DJL cannot batch the data
   */
  public static void main(String[] args) throws IOException, TranslateException {
    Strategy strategy = Strategy.byName(args.length > 0 ? args[0] : "lion-dg");
    SmallCnn net = new SmallCnn(3, Stripes.CLASSES);
    Shape input = new Shape(BATCH, 3, IMAGE, IMAGE);
    try (Model model = Model.newInstance("small-cnn")) {
      model.setBlock(net);
      NDManager manager = model.getNDManager();
      ArrayDataset train = Stripes.dataset(manager, 1024, IMAGE, BATCH, SEED);

      // 1. Initialize by role, before the trainer exists: DJL keeps parameters that already
      //    exist. LSUV and the Hybrid calibrate on real samples (256 in the paper).
      NDArray calibration = Stripes.arrays(manager, 256, IMAGE, SEED + 1).get(0);
      InitReport report = Initialization.apply(net, strategy,
          new InitOptions(manager, input, calibration, SEED));
      System.out.printf(Locale.ROOT, "%s initialized %d layers in %.2f s%n", strategy.cliName(),
          report.layers().size(), report.seconds());

      // 2. Train with DJL: our loss ([main, aux...] outputs) and our listeners.
      AwakeningListener awakening = new AwakeningListener(10);
      ConvergenceListener convergence = new ConvergenceListener(0.9, 10);
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(new DeepSupervisionLoss(Roles.tree(net), 0.3))
              .optOptimizer(Optimizer.adamW()
                  .optLearningRateTracker(Tracker.fixed(1e-3f))
                  .optWeightDecays(0.05f)
                  .build())
              .addTrainingListeners(awakening, convergence);
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(input);
        EasyTrain.fit(trainer, 2, train, null);
      }

      // 3. What the paper measures.
      System.out.println("steps to 90 % running accuracy: " + (convergence.stepsToTarget()
          .isPresent() ? convergence.stepsToTarget().getAsInt() : "not reached in "
          + convergence.steps() + " steps"));
      System.out.println("step  aux/main gradient  aux weight norm per aux head");
      for (AwakeningSample s : awakening.samples()) {
        System.out.printf(Locale.ROOT, "%4d  %17.3e  %s%n", s.step(), s.auxGradRatio(),
            Arrays.stream(s.auxWeightNorms()).mapToObj(n -> String.format(Locale.ROOT, "%.4f", n))
                .collect(Collectors.joining(" ")));
      }
    }
  }
}
