package io.liondg.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.training.GradientCollector;
import io.liondg.runtime.roles.RoleTree;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deep-supervision loss: weights per head, and gradients that survive a collection. */
class DeepSupervisionLossTest {

  /** A tree of aux heads {@code aux1, aux2, ...} with these weights (NaN: the run's). */
  private static RoleTree auxHeads(double... weights) {
    RoleTree.Builder tree = RoleTree.builder();
    for (int i = 0; i < weights.length; i++) {
      tree.auxHead("aux" + (i + 1), Blocks.identityBlock(), "", weights[i], false);
    }
    return tree.build();
  }

  /**
   * A garbage collection between forward and backward must not change the gradient. With DJL's
   * {@code mul(Number)} the weight's tensor lived in a Java direct buffer that the collection
   * freed, and the aux gradient came out scaled by garbage in every trial here.
   */
  @Test
  void auxGradientsAreScaledByTheHeadWeightEvenWhenACollectionRunsBeforeBackward()
      throws InterruptedException {
    DeepSupervisionLoss loss = new DeepSupervisionLoss(auxHeads(Double.NaN, 0.7), 0.3);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      for (int trial = 0; trial < 3; trial++) {
        try (NDManager scope = manager.newSubManager()) {
          NDArray logits = scope.randomNormal(new Shape(8, 5));
          NDArray labels = scope.arange(0, 8, 1, DataType.INT64).mod(5);
          List<NDArray> outputs =
              List.of(logits.duplicate(), logits.duplicate(), logits.duplicate());
          outputs.forEach(o -> o.setRequiresGradient(true));
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray total = loss.total(labels, new NDList(outputs));
            collectGarbage();
            gc.backward(total);
          }
          float[] main = outputs.get(0).getGradient().toFloatArray();
          float[] aux1 = outputs.get(1).getGradient().toFloatArray();
          float[] aux2 = outputs.get(2).getGradient().toFloatArray();
          for (int i = 0; i < main.length; i++) {
            assertEquals(0.3 * main[i], aux1[i], 1e-6, "aux 1 (run weight 0.3), value " + i);
            assertEquals(0.7 * main[i], aux2[i], 1e-6, "aux 2 (@AuxHead weight 0.7), value " + i);
          }
        }
      }
    }
  }

  @Test
  void aNonFiniteOrNegativeLossWeightIsRefusedNamingTheHead() {
    for (double bad : new double[] {-0.1, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new DeepSupervisionLoss(auxHeads(Double.NaN, bad), 0.3));
      assertTrue(
          e.getMessage().startsWith("aux head 'aux2' has loss weight " + bad), e.getMessage());
    }
    IllegalArgumentException run =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DeepSupervisionLoss(auxHeads(Double.NaN), Double.NaN));
    assertTrue(run.getMessage().contains("(the run's aux weight)"), run.getMessage());
    // no aux heads (all absent): the aux loss is 0 and the outputs are [main]
    DeepSupervisionLoss none = new DeepSupervisionLoss(auxHeads(), 0.3);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray labels = manager.arange(0, 4, 1, DataType.INT64);
      NDList outputs = new NDList(manager.randomNormal(new Shape(4, 5)));
      assertEquals(0f, none.aux(labels, outputs).getFloat());
      assertThrows(
          ModelContractException.class,
          () -> none.total(labels, new NDList(outputs.get(0), outputs.get(0))));
    }
  }

  /** Collects, and gives the cleaner thread time to free what the collection found. */
  private static void collectGarbage() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
    }
  }
}
