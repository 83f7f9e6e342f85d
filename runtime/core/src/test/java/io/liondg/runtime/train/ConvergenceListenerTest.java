package io.liondg.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.init.Strategy;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Steps to target and divergence, on scripted batches and in DJL's own training. */
class ConvergenceListenerTest {

  @Test
  void stepsToTargetIsTheFirstFullWindowWhoseMeanReachesTheTarget() {
    ConvergenceListener c = new ConvergenceListener(0.5, 3);
    // batch accuracies (of 10): 9, 9 (window not full yet), 0 -> mean 0.6 at step 3
    c.record(1.0, 9, 10);
    c.record(1.0, 9, 10);
    assertEquals(OptionalInt.empty(), c.stepsToTarget(), "the window is not full");
    assertEquals(0.9, c.runningAccuracy(), 1e-12);
    c.record(1.0, 0, 10);
    assertEquals(OptionalInt.of(3), c.stepsToTarget());
    c.record(1.0, 0, 10);
    c.record(1.0, 10, 10);
    assertEquals(OptionalInt.of(3), c.stepsToTarget(), "the first step is kept");
    assertEquals(5, c.steps());
    assertEquals((0 + 0 + 1.0) / 3, c.runningAccuracy(), 1e-12);
    assertFalse(c.diverged());
  }

  @Test
  void theFirstNonFiniteLossIsRecordedAndItsBatchNotCounted() {
    ConvergenceListener c = new ConvergenceListener(0.9, 2);
    c.record(2.0, 5, 10);
    c.record(Double.NaN, 10, 10);
    c.record(Double.POSITIVE_INFINITY, 10, 10);
    assertTrue(c.diverged());
    assertEquals(OptionalInt.of(1), c.divergedAt(), "0-based: one update before it");
    assertEquals(0.5, c.runningAccuracy(), "the diverged batches' accuracy is not counted");
    assertEquals(3, c.steps());
    assertTrue(Double.isInfinite(c.lastLoss()));
    assertEquals(OptionalInt.empty(), c.stepsToTarget());
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ConvergenceListener(0, 5));
    assertThrows(IllegalArgumentException.class, () -> new ConvergenceListener(1.5, 5));
    assertThrows(IllegalArgumentException.class, () -> new ConvergenceListener(0.7, 0));
  }

  @Test
  void inDjlTrainingItSeesEveryBatchAndRecordsTheStepWhoseLossWasNan() {
    ConvergenceListener c = new ConvergenceListener(0.99, 2);
    TinyTraining.train(Strategy.HE, 5, 2, net -> new DeepSupervisionLoss(net.tree(), 0.3), c);
    assertEquals(2, c.steps());
    assertTrue(Double.isFinite(c.lastLoss()) && c.lastLoss() > 0, "loss " + c.lastLoss());
    assertFalse(c.diverged());
    assertTrue(c.runningAccuracy() >= 0 && c.runningAccuracy() <= 1);

    ConvergenceListener nan = new ConvergenceListener(0.99, 2);
    TinyTraining.train(Strategy.HE, 5, 4, 2, net -> new DeepSupervisionLoss(net.tree(), 0.3), nan);
    assertEquals(OptionalInt.of(2), nan.divergedAt());
    assertEquals(4, nan.steps());
  }
}
