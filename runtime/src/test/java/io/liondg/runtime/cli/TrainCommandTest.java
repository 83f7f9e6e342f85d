package io.liondg.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liondg.runtime.results.ResultJson;
import io.liondg.runtime.results.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real (tiny) training runs on the synthetic dataset. */
class TrainCommandTest {

  /** DESIGN's "Result of one run": the keys every result has. */
  static final List<String> RESULT_KEYS = List.of("dataset", "arch", "init", "seed", "params",
      "config", "engine", "steps_to_target", "final_train_acc", "val_acc", "aux_val_acc",
      "wall_seconds", "ms_per_step", "status", "init_report", "curve", "awakening");
  static final List<String> CONFIG_KEYS = List.of("lr", "weight_decay", "batch_size",
      "aux_weight", "max_steps", "target", "window", "threads");

  @TempDir
  Path dir;

  static String[] tinyRun(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("train", "--dataset", "synthetic",
        "--arch", "densenet-ds", "--init", "lion-dg", "--max-steps", "3", "--batch-size", "8",
        "--probe-every", "2", "--device", "cpu", "--no-progress"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void writesACompleteResultToOut() throws Exception {
    Path out = dir.resolve("sub").resolve("result.json");
    Cli.Run run = Cli.run(tinyRun("--out", out.toString()));
    assertEquals(0, run.status(), run.err());

    String json = Files.readString(out).strip();
    assertEquals(1, json.lines().count(), "one line");
    JsonNode raw = ResultJson.mapper().readTree(json);
    for (String key : RESULT_KEYS) {
      assertTrue(raw.has(key), "result key " + key + " in " + json);
    }
    for (String key : CONFIG_KEYS) {
      assertTrue(raw.get("config").has(key), "config key " + key);
    }
    for (String key : List.of("djl", "pytorch", "device")) {
      assertTrue(raw.get("engine").has(key), "engine key " + key);
    }
    for (String key : List.of("strategy", "seconds", "layers")) {
      assertTrue(raw.get("init_report").has(key), "init_report key " + key);
    }
    JsonNode layer = raw.get("init_report").get("layers").get(0);
    for (String key : List.of("path", "std_before", "std_after", "iterations")) {
      assertTrue(layer.has(key), "layer key " + key);
    }
    JsonNode point = raw.get("curve").get(0);
    for (String key : List.of("step", "loss", "train_acc")) {
      assertTrue(point.has(key), "curve key " + key);
    }
    JsonNode probe = raw.get("awakening").get(0);
    for (String key : List.of("step", "aux_grad_ratio", "aux_weight_norms")) {
      assertTrue(probe.has(key), "awakening key " + key);
    }
    assertTrue(raw.get("steps_to_target").isNull(), "3 steps cannot fill a 50-batch window");

    RunResult result = ResultJson.fromLine(json);
    assertEquals("synthetic", result.dataset());
    assertEquals("densenet-ds", result.arch());
    assertEquals("lion-dg", result.init());
    assertEquals(42, result.seed());
    assertEquals(3, result.config().maxSteps());
    assertEquals(8, result.config().batchSize());
    assertTrue(result.config().threads() >= 1, "threads in use are recorded");
    assertEquals(2, result.auxValAcc().size());
    assertEquals(0, result.awakening().get(0).step());
    assertEquals(0.0, result.awakening().get(0).auxGradRatio(), "Proposition 1 at step 0");
    assertTrue(run.out().contains("steps to target"), run.out());
    assertTrue(run.out().contains("not reached"), run.out());
    try (var files = Files.list(out.getParent())) {
      assertEquals(List.of(out), files.toList(), "no temporary file left");
    }
  }

  @Test
  void withoutOutTheJsonGoesToStdoutAndTheSummaryToStderr() throws Exception {
    // --threads changes the engine of this whole JVM: put it back for the tests after us.
    int before = EngineOptions.configureThreads(0);
    try {
      Cli.Run run = Cli.run(tinyRun("--max-steps", "1", "--threads", "1"));
      assertEquals(0, run.status(), run.err());
      RunResult result = ResultJson.fromLine(run.out().strip());
      assertEquals(1, result.config().threads(), "the thread count in use is recorded");
      assertNotNull(result.engine());
      assertTrue(result.engine().djl().matches("\\d+\\.\\d+\\.\\d+.*"),
          "engine.djl is DJL's version: " + result.engine().djl());
      assertTrue(result.engine().pytorch().matches("\\d+\\.\\d+\\.\\d+.*"),
          "engine.pytorch is PyTorch's version: " + result.engine().pytorch());
      assertTrue(run.err().contains("val acc"), run.err());
    } finally {
      EngineOptions.configureThreads(before);
    }
  }

  @Test
  void appendAddsOneLinePerRun() throws Exception {
    Path out = dir.resolve("results.jsonl");
    assertEquals(0, Cli.run(tinyRun("--max-steps", "1", "--out", out.toString(), "--append"))
        .status());
    assertEquals(0, Cli.run(tinyRun("--max-steps", "1", "--seed", "7", "--out", out.toString(),
        "--append")).status());
    List<String> lines = Files.readAllLines(out);
    assertEquals(2, lines.size());
    assertEquals(7, ResultJson.fromLine(lines.get(1)).seed());
  }

  @Test
  void skipDoneRunsACellOnce() throws Exception {
    Path out = dir.resolve("results.jsonl");
    Cli.Run first = Cli.run(tinyRun("--max-steps", "1", "--out", out.toString(), "--append",
        "--skip-done"));
    assertEquals(0, first.status(), first.err());
    Cli.Run again = Cli.run(tinyRun("--max-steps", "1", "--out", out.toString(), "--append",
        "--skip-done"));
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("already in " + out), again.out());
    assertFalse(again.err().contains("data:"), "no data loaded, no training: " + again.err());
    assertEquals(1, Files.readAllLines(out).size());
    // Another setting is another cell.
    assertEquals(0, Cli.run(tinyRun("--max-steps", "2", "--out", out.toString(), "--append",
        "--skip-done")).status());
    assertEquals(2, Files.readAllLines(out).size());
    Cli.Run alone = Cli.run(tinyRun("--out", out.toString(), "--skip-done"));
    assertEquals(2, alone.status(), alone.err());
    assertTrue(alone.err().contains("--skip-done needs --append"), alone.err());
  }

  @Test
  void aFailedRunKeepsThePreviousResult() throws Exception {
    Path out = dir.resolve("result.json");
    Files.writeString(out, "previous\n");
    Cli.Run run = Cli.run("train", "--dataset", "cifar10", "--data-dir",
        dir.resolve("no-cifar").toString(), "--out", out.toString());
    assertEquals(1, run.status());
    assertEquals("previous\n", Files.readString(out));
    assertFalse(run.err().contains("\tat "));
  }
}
