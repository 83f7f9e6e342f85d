package io.liondg.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.loss.Loss;
import io.liondg.runtime.init.Strategy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gradient awakening measured inside DJL's own training, exactly and without a trace. */
class AwakeningListenerTest {

  private static Loss deepSupervision(TinyDsNet net) {
    return new DeepSupervisionLoss(net.tree(), 0.3);
  }

  @Test
  void theFirstSampleIsStepZeroExactlyZeroUnderLionDgAndPositiveUnderHe() {
    AwakeningListener lion = new AwakeningListener(2);
    TinyTraining.train(Strategy.LION_DG, 1, 5, AwakeningListenerTest::deepSupervision, lion);
    List<AwakeningSample> samples = lion.samples();
    assertEquals(List.of(0, 2, 4), samples.stream().map(AwakeningSample::step).toList());
    assertEquals(0.0, samples.get(0).auxGradRatio(), "zeroed aux head: no aux gradient");
    assertArrayEquals(new double[] {0.0}, samples.get(0).auxWeightNorms());

    AwakeningListener he = new AwakeningListener(2);
    TinyTraining.train(Strategy.HE, 1, 1, AwakeningListenerTest::deepSupervision, he);
    assertEquals(0, he.samples().get(0).step());
    assertTrue(he.samples().get(0).auxGradRatio() > 0, he.samples().toString());
    assertTrue(he.samples().get(0).auxWeightNorms()[0] > 0, he.samples().toString());
  }

  @Test
  void underLionDgTheAuxWeightsGrowFromZeroAndTheAuxGradientAwakens() {
    AwakeningListener lion = new AwakeningListener(1);
    TinyTraining.train(Strategy.LION_DG, 2, 4, AwakeningListenerTest::deepSupervision, lion);
    List<AwakeningSample> s = lion.samples();
    assertEquals(4, s.size());
    for (int i = 1; i < s.size(); i++) {
      assertTrue(
          s.get(i).auxWeightNorms()[0] > s.get(i - 1).auxWeightNorms()[0],
          "norm grows at step " + i + ": " + s);
      assertTrue(s.get(i).auxGradRatio() > 0, "awake after the first update: " + s);
    }
  }

  @Test
  void samplingLeavesTheTrajectoryBitwiseUnchanged() {
    for (Strategy strategy : new Strategy[] {Strategy.LION_DG, Strategy.HE}) {
      Map<String, float[]> plain =
          TinyTraining.train(strategy, 3, 4, AwakeningListenerTest::deepSupervision);
      AwakeningListener every = new AwakeningListener(1);
      Map<String, float[]> probed =
          TinyTraining.train(strategy, 3, 4, AwakeningListenerTest::deepSupervision, every);
      assertEquals(4, every.samples().size());
      assertEquals(plain.keySet(), probed.keySet());
      assertTrue(
          plain.keySet().stream().anyMatch(k -> k.contains("runningMean")),
          "running statistics are compared too: " + plain.keySet());
      for (String name : plain.keySet()) {
        assertArrayEquals(plain.get(name), probed.get(name), strategy + " " + name);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameParametersAndSamples() {
    AwakeningListener a = new AwakeningListener(1);
    AwakeningListener b = new AwakeningListener(1);
    Map<String, float[]> first =
        TinyTraining.train(Strategy.LION_DG, 4, 3, AwakeningListenerTest::deepSupervision, a);
    Map<String, float[]> second =
        TinyTraining.train(Strategy.LION_DG, 4, 3, AwakeningListenerTest::deepSupervision, b);
    for (String name : first.keySet()) {
      assertArrayEquals(first.get(name), second.get(name), name);
    }
    assertEquals(a.samples(), b.samples());
  }

  @Test
  void anotherLossIsRefusedWithOneClearLine() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TinyTraining.train(
                    Strategy.HE,
                    1,
                    1,
                    net -> Loss.softmaxCrossEntropyLoss(),
                    new AwakeningListener(1)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "AwakeningListener needs the trainer's loss to be a" + " DeepSupervisionLoss"),
        e.getMessage());
    assertTrue(e.getMessage().contains("SoftmaxCrossEntropyLoss"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AwakeningListener(0));
  }

  @Test
  void aSampleIsAValue() {
    double[] norms = {1.0, 2.0};
    AwakeningSample s = new AwakeningSample(3, 0.5, norms);
    norms[0] = 9;
    assertEquals(new AwakeningSample(3, 0.5, new double[] {1.0, 2.0}), s);
    assertEquals(new AwakeningSample(3, 0.5, new double[] {1.0, 2.0}).hashCode(), s.hashCode());
    s.auxWeightNorms()[1] = 7;
    assertEquals(2.0, s.auxWeightNorms()[1]);
  }
}
