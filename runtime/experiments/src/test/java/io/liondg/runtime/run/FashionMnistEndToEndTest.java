package io.liondg.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.data.DataSplits;
import io.liondg.runtime.data.Datasets;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.Architecture;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * One short run on real Fashion-MNIST images, the subset bundled in the repository ({@code
 * samples/fashion-mnist/bundled}, so it never skips): real files through the reader, the model,
 * LION-DG, the loop, the probes and the evaluation of every head on the 2,000 test images.
 */
class FashionMnistEndToEndTest {

  @Test
  void aShortLionDgRunOnRealDataLearnsAndStartsDecoupled() {
    Path dir = Path.of("..", "..", "samples", "fashion-mnist", "bundled");
    DataSplits data = Datasets.load("fashion-mnist", dir, 0);
    assertEquals(10_000, data.train().size());
    assertEquals(2_000, data.test().size());
    RunConfig config = new RunConfig(1e-3, 0.05, 0.9, 0.999, 64, 0.3, 60, 0.70, 20, 20, true, 0);
    RunResult r =
        TrainingRun.run(
            new TrainRequest(Architecture.DENSENET_DS, Strategy.LION_DG, 42, config, "cpu"),
            data,
            false);
    assertEquals(RunResult.OK, r.status());
    assertEquals(0.0, r.awakening().get(0).auxGradRatio(), "aux gradients start at exactly 0");
    assertTrue(r.awakening().get(1).auxGradRatio() > 0, "and awaken");
    assertTrue(r.valAcc() > 0.6, "60 steps of 64 images already beat chance by far: " + r.valAcc());
    assertEquals(2, r.auxValAcc().size());
    assertEquals(81_246, r.params(), "DenseNet-DS with 1 input channel: 648 - 2 x 216 stem");
  }
}
