package io.liondg.runtime.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.data.DataSplits;
import io.liondg.runtime.data.SyntheticData;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.Architecture;
import io.liondg.runtime.results.ResultJson;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import io.liondg.runtime.train.AwakeningSample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Short runs on a small synthetic set: the loop's bookkeeping, probes and determinism. */
class TrainingRunTest {

  private static DataSplits data;

  @BeforeAll
  static void data() {
    data = SyntheticData.generate(new SyntheticData.Spec(3, 16, 16, 4, 512, 128), 9);
  }

  private static RunConfig config(int steps) {
    return new RunConfig(1e-3, 0.05, 0.9, 0.999, 16, 0.3, steps, 0.5, 5, 5, true, 0);
  }

  private static RunResult train(Strategy init, int steps, long seed) {
    return TrainingRun.run(
        new TrainRequest(Architecture.DENSENET_DS, init, seed, config(steps), "cpu"), data, false);
  }

  @Test
  void theFirstAwakeningSampleIsExactlyZeroForLionDgAndPositiveForHe() {
    RunResult lion = train(Strategy.LION_DG, 6, 1);
    RunResult he = train(Strategy.HE, 6, 1);
    AwakeningSample first = lion.awakening().get(0);
    assertEquals(0, first.step());
    assertEquals(0.0, first.auxGradRatio());
    assertArrayEquals(new double[] {0.0, 0.0}, first.auxWeightNorms());
    assertTrue(he.awakening().get(0).auxGradRatio() > 0);
    // aux weights leave zero after the first update (Proposition 2's growth starts)
    assertTrue(lion.awakening().get(1).auxWeightNorms()[0] > 0);
    assertTrue(lion.awakening().get(1).auxGradRatio() > 0);
  }

  @Test
  void aRequestedStopEndsTheRunBetweenSteps() {
    StopRequest.request("interrupted (SIGINT)", 130);
    try {
      StopRequest.Stopped stopped =
          org.junit.jupiter.api.Assertions.assertThrows(
              StopRequest.Stopped.class, () -> train(Strategy.HE, 6, 1));
      assertEquals("interrupted (SIGINT) at step 0 of 6", stopped.getMessage());
      assertEquals(130, stopped.exitStatus());
    } finally {
      StopRequest.clear();
    }
    assertEquals(RunResult.OK, train(Strategy.HE, 2, 1).status(), "cleared: runs again");
  }

  @Test
  void aRunRecordsEverythingTheResultFormatPromises() throws Exception {
    RunResult r = train(Strategy.LION_LSUV, 10, 3);
    assertEquals(RunResult.OK, r.status());
    assertEquals("hybrid", r.init());
    assertEquals(2, r.auxValAcc().size());
    assertEquals(2, r.curve().size(), "a curve point every probe_every steps");
    assertEquals(2, r.awakening().size(), "probes at steps 0 and 5");
    assertTrue(r.valAcc() >= 0 && r.valAcc() <= 1);
    assertTrue(r.msPerStep() > 0);
    assertTrue(r.initReport().seconds() > 0);
    assertTrue(r.initReport().layers().stream().anyMatch(l -> l.iterations() > 0));
    String json = ResultJson.toLine(r);
    for (String key :
        new String[] {
          "\"dataset\"",
          "\"arch\"",
          "\"init\"",
          "\"seed\"",
          "\"params\"",
          "\"config\"",
          "\"engine\"",
          "\"steps_to_target\"",
          "\"final_train_acc\"",
          "\"val_acc\"",
          "\"aux_val_acc\"",
          "\"wall_seconds\"",
          "\"ms_per_step\"",
          "\"status\"",
          "\"init_report\"",
          "\"curve\"",
          "\"awakening\"",
          "\"aux_grad_ratio\"",
          "\"aux_weight_norms\"",
          "\"std_before\"",
          "\"weight_decay\"",
          "\"batch_size\""
        }) {
      assertTrue(json.contains(key), key + " in " + json);
    }
    assertEquals(r, ResultJson.fromLine(json));
  }

  @Test
  void theSameSeedGivesTheSameRunOnCpu() {
    RunResult a = train(Strategy.LION_DG, 8, 5);
    RunResult b = train(Strategy.LION_DG, 8, 5);
    assertEquals(a.curve(), b.curve());
    assertEquals(a.awakening(), b.awakening());
    assertEquals(a.valAcc(), b.valAcc());
  }

  @Test
  void aNonFiniteLossEndsTheRunAsDivergedAndTheResultIsKept() {
    RunConfig exploding = new RunConfig(1e30, 0.05, 0.9, 0.999, 16, 0.3, 20, 0.5, 5, 1, true, 0);
    RunResult r =
        TrainingRun.run(
            new TrainRequest(Architecture.DENSENET_DS, Strategy.HE, 1, exploding, "cpu"),
            data,
            false);
    assertEquals(RunResult.DIVERGED, r.status());
    int steps = r.curve().size();
    assertTrue(steps < 20, "stopped early: " + r.curve());
    assertTrue(r.curve().stream().allMatch(p -> Double.isFinite(p.loss())), r.curve().toString());
    assertEquals(
        steps,
        r.awakening().size(),
        "one sample per update done (probe every step), none of the step that diverged");
    assertEquals(0.0, r.valAcc(), "not evaluated");
  }

  @Test
  void aLearnableSetIsLearned() {
    RunResult r = train(Strategy.HE, 60, 2);
    assertNotNull(r.stepsToTarget(), "reached 50 % running accuracy on 4 classes");
    assertTrue(r.valAcc() > 0.5, "val acc " + r.valAcc());
  }
}
