package io.liondg.runtime.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import io.liondg.runtime.init.InitOptions;
import io.liondg.runtime.init.Initialization;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.ModelFactory;
import io.liondg.runtime.models.ParameterCount;
import io.liondg.runtime.progress.ConsoleProgress;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.roles.Roles;
import io.liondg.runtime.run.StopRequest;
import io.liondg.runtime.run.TrainingConfigs;
import io.liondg.runtime.train.ConvergenceListener;
import io.liondg.runtime.train.DeepSupervisionLoss;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times training steps the way {@code shared/bench/peer_densenet_ds.py} does for PyTorch eager: the
 * same model (3x32x32 inputs, 10 classes, He init), the same step (forward, main cross-entropy +
 * 0.3 x each aux cross-entropy, backward, AdamW with lr 1e-3 and weight decay 0.05) on one fixed
 * random batch, {@code warmup} untimed steps, then the median of {@code steps} timed ones. The step
 * is the training loop's own: DJL's {@code EasyTrain.trainBatch} and {@code trainer.step()} with
 * the {@link TrainingConfigs} and the {@link ConvergenceListener} of {@code lion-dg train} (its
 * loss and accuracy per batch), so what is measured is what a run does between its awakening
 * samples.
 *
 * <p>Memory: every step's arrays (inputs, activations, losses, gradients' temporaries) live in the
 * batch's manager, closed at the end of the step, so the resident set size stays flat however many
 * steps run; {@code rss_mb_start} is read after the warm-up (as the peer does), when the allocator
 * and the optimizer state have reached their steady size. The JVM's own heap counts in the resident
 * set too: each step leaves some hundreds of KB of small Java objects behind (DJL's array
 * wrappers), and G1 places its young regions all over the initial heap, so under G1 the resident
 * set creeps up until that whole heap has been touched (some hundreds of steps). The launcher
 * therefore runs the serial collector with a 32 MB young generation, whose pages are all touched
 * within the warm-up; measured here with it, batch 128, 300 steps: 1269 MB after the warm-up, 1319
 * MB at the end (+3.9 %).
 */
public final class Bench {

  /** Image side of the benchmark's inputs (CIFAR's). */
  public static final int SIDE = 32;

  /** Input channels (CIFAR's). */
  public static final int CHANNELS = 3;

  /** Classes (CIFAR-10's). */
  public static final int CLASSES = 10;

  private Bench() {}

  /**
   * What to time.
   *
   * @param model the model: a built-in architecture or a user's class
   * @param batchSize images per step, at least 1
   * @param steps timed steps, at least 1
   * @param warmup untimed steps first, at least 0
   * @param device {@code auto}, {@code cpu} or {@code gpu}
   * @param progress whether to draw a progress bar on stderr
   */
  public record Options(
      ModelFactory model, int batchSize, int steps, int warmup, Device device, boolean progress) {
    public Options {
      if (batchSize < 1 || steps < 1 || warmup < 0) {
        throw new IllegalArgumentException(
            "bench needs batch size >= 1, steps >= 1 and"
                + " warm-up >= 0, got "
                + batchSize
                + ", "
                + steps
                + ", "
                + warmup);
      }
    }
  }

  /**
   * Runs the benchmark. The engine's thread count is whatever it was set to before (see {@code
   * ai.djl.pytorch.num_threads}); it is reported, not changed.
   *
   * @param options what to time
   * @param threads the engine's intra-op threads, as reported in the result
   * @return the timings
   */
  public static BenchResult run(Options options, int threads) {
    Device device = options.device();
    RunConfig config = RunConfig.paper();
    try (Model model = Model.newInstance("bench", device)) {
      Block net = options.model().create(CHANNELS, CLASSES);
      model.setBlock(net);
      Shape shape = new Shape(options.batchSize(), CHANNELS, SIDE, SIDE);
      Initialization.apply(net, Strategy.HE, new InitOptions(model.getNDManager(), shape, null, 0));
      ConvergenceListener convergence = new ConvergenceListener(config.target(), config.window());
      DeepSupervisionLoss loss = new DeepSupervisionLoss(Roles.tree(net), config.auxWeight());
      try (Trainer trainer =
          model.newTrainer(TrainingConfigs.adamW(loss, config, device, convergence))) {
        Engine.getInstance().setRandomSeed(0);
        NDManager manager = trainer.getManager();
        NDArray x = manager.randomNormal(shape);
        NDArray y =
            manager.randomInteger(0, CLASSES, new Shape(options.batchSize()), DataType.INT64);
        Timings timings = time(trainer, x, y, options, convergence);
        return new BenchResult(
            BenchResult.IMPL,
            options.model().cliName(),
            options.batchSize(),
            options.steps(),
            options.warmup(),
            round(timings.median(), 2),
            round(options.batchSize() * 1000.0 / timings.median(), 1),
            round(timings.rssStart(), 1),
            round(timings.rssEnd(), 1),
            deviceName(device),
            threads,
            engineName(),
            ParameterCount.of(net));
      }
    }
  }

  /**
   * @param median median milliseconds of a timed step
   * @param rssStart resident set size after the warm-up, MB
   * @param rssEnd resident set size after the last step, MB
   */
  private record Timings(double median, double rssStart, double rssEnd) {}

  /** Runs the warm-up and the timed steps on fresh handles of the fixed batch. */
  private static Timings time(
      Trainer trainer, NDArray x, NDArray y, Options options, ConvergenceListener convergence) {
    int total = options.warmup() + options.steps();
    double[] millis = new double[options.steps()];
    double rssStart = Double.NaN;
    String label = "bench " + options.model().cliName();
    try (ConsoleProgress bar = options.progress() ? new ConsoleProgress(label, total) : null) {
      for (int i = 0; i < total; i++) {
        StopRequest.check("at step " + i + " of " + total);
        if (i == options.warmup()) {
          rssStart = Rss.megabytes();
        }
        // Fresh handles on the fixed batch, owned by the batch's manager: every array the
        // step derives from them is attached to it and freed with it.
        NDManager batchManager = trainer.getManager().newSubManager();
        try (Batch batch =
            new Batch(
                batchManager,
                new NDList(x.duplicate()),
                new NDList(y.duplicate()),
                options.batchSize(),
                Batchifier.STACK,
                Batchifier.STACK,
                i,
                total)) {
          long t0 = System.nanoTime();
          EasyTrain.trainBatch(trainer, batch);
          trainer.step();
          long t1 = System.nanoTime();
          if (i >= options.warmup()) {
            millis[i - options.warmup()] = (t1 - t0) / 1e6;
          }
        }
        if (bar != null) {
          bar.update(
              i + 1,
              String.format(
                  Locale.ROOT,
                  "%s loss %.3f",
                  i < options.warmup() ? "warm-up" : "timed",
                  convergence.lastLoss()));
        }
      }
    }
    return new Timings(median(millis), rssStart, Rss.megabytes());
  }

  /**
   * @return {@code cpu}, or {@code gpu(N)}
   */
  public static String deviceName(Device device) {
    return device.isGpu() ? "gpu(" + device.getDeviceId() + ")" : "cpu";
  }

  /**
   * @return e.g. {@code djl 0.32.0 pytorch 2.5.1}
   */
  public static String engineName() {
    Engine engine = Engine.getInstance();
    return "djl "
        + Engine.getDjlVersion()
        + " "
        + engine.getEngineName().toLowerCase(Locale.ROOT)
        + " "
        + engine.getVersion();
  }

  /**
   * @param values at least one value
   * @return their median (the mean of the middle two for an even count)
   */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double round(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return value;
    }
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
