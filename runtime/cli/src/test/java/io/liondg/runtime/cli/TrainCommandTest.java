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
  static final List<String> RESULT_KEYS =
      List.of(
          "dataset",
          "arch",
          "init",
          "seed",
          "params",
          "config",
          "engine",
          "steps_to_target",
          "final_train_acc",
          "val_acc",
          "aux_val_acc",
          "wall_seconds",
          "ms_per_step",
          "status",
          "init_report",
          "curve",
          "awakening");

  static final List<String> CONFIG_KEYS =
      List.of(
          "lr",
          "weight_decay",
          "batch_size",
          "aux_weight",
          "max_steps",
          "target",
          "window",
          "threads");

  @TempDir Path dir;

  static String[] tinyRun(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "train",
                "--dataset",
                "synthetic",
                "--arch",
                "densenet-ds",
                "--init",
                "lion-dg",
                "--max-steps",
                "3",
                "--batch-size",
                "8",
                "--probe-every",
                "2",
                "--device",
                "cpu",
                "--no-progress"));
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
    assertEquals(
        usualMode(),
        Files.getPosixFilePermissions(out),
        "the result has the mode of any new file (0644 under umask 022), not a temp file's 0600");
  }

  /**
   * An existing --out is never replaced by accident: train refuses before any work, with one line
   * and status 2, and leaves it as it was; --force replaces it (with the usual mode).
   */
  @Test
  void anExistingOutIsRefusedUnlessForced() throws Exception {
    Path out = dir.resolve("result.json");
    Files.writeString(out, "previous\n");
    Cli.Run refused = Cli.run(tinyRun("--max-steps", "1", "--out", out.toString()));
    assertEquals(2, refused.status(), refused.err());
    assertEquals(
        List.of(
            "lion-dg: --out "
                + out
                + " already exists; expected a new file name,"
                + " or --force to replace it (--append to add to a JSONL file); see 'lion-dg train"
                + " --help'"),
        refused.errLines());
    assertEquals("previous\n", Files.readString(out));
    assertEquals("", refused.out());

    Cli.Run forced = Cli.run(tinyRun("--max-steps", "1", "--out", out.toString(), "--force"));
    assertEquals(0, forced.status(), forced.err());
    assertEquals(1, ResultJson.fromLine(Files.readString(out).strip()).config().maxSteps());
    assertEquals(usualMode(), Files.getPosixFilePermissions(out));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList(), "no temporary file left");
    }
  }

  /**
   * The last step of a run without --force: a file that another process created at --out while the
   * run trained is not replaced (a hard link cannot take a name that is taken).
   */
  @Test
  void aNoReplaceWriteKeepsAFileThatAppearedMeanwhile() throws Exception {
    Path out = dir.resolve("result.json");
    Files.writeString(out, "theirs\n");
    java.nio.file.FileAlreadyExistsException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.nio.file.FileAlreadyExistsException.class,
            () -> AtomicFiles.write(out, "mine\n", false));
    assertEquals(out.toString(), e.getFile());
    assertEquals("theirs\n", Files.readString(out));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList(), "no temporary file left");
    }
    Path fresh = dir.resolve("fresh.json");
    AtomicFiles.write(fresh, "mine\n", false);
    assertEquals("mine\n", Files.readString(fresh));
    assertEquals(usualMode(), Files.getPosixFilePermissions(fresh));
  }

  /**
   * @return the mode a new file gets here: 0666 less the umask
   */
  private java.util.Set<java.nio.file.attribute.PosixFilePermission> usualMode()
      throws java.io.IOException {
    Path probe = Files.createFile(dir.resolve("mode-probe"));
    try {
      return Files.getPosixFilePermissions(probe);
    } finally {
      Files.delete(probe);
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
      assertTrue(
          result.engine().djl().matches("\\d+\\.\\d+\\.\\d+.*"),
          "engine.djl is DJL's version: " + result.engine().djl());
      assertTrue(
          result.engine().pytorch().matches("\\d+\\.\\d+\\.\\d+.*"),
          "engine.pytorch is PyTorch's version: " + result.engine().pytorch());
      assertTrue(run.err().contains("val acc"), run.err());
    } finally {
      EngineOptions.configureThreads(before);
    }
  }

  @Test
  void appendAddsOneLinePerRun() throws Exception {
    Path out = dir.resolve("results.jsonl");
    assertEquals(
        0, Cli.run(tinyRun("--max-steps", "1", "--out", out.toString(), "--append")).status());
    assertEquals(
        0,
        Cli.run(tinyRun("--max-steps", "1", "--seed", "7", "--out", out.toString(), "--append"))
            .status());
    List<String> lines = Files.readAllLines(out);
    assertEquals(2, lines.size());
    assertEquals(7, ResultJson.fromLine(lines.get(1)).seed());
    assertEquals(usualMode(), Files.getPosixFilePermissions(out));
  }

  @Test
  void skipDoneRunsACellOnce() throws Exception {
    Path out = dir.resolve("results.jsonl");
    Cli.Run first =
        Cli.run(tinyRun("--max-steps", "1", "--out", out.toString(), "--append", "--skip-done"));
    assertEquals(0, first.status(), first.err());
    Cli.Run again =
        Cli.run(tinyRun("--max-steps", "1", "--out", out.toString(), "--append", "--skip-done"));
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("already in " + out), again.out());
    assertFalse(again.err().contains("data:"), "no data loaded, no training: " + again.err());
    assertEquals(1, Files.readAllLines(out).size());
    // Another setting is another cell.
    assertEquals(
        0,
        Cli.run(tinyRun("--max-steps", "2", "--out", out.toString(), "--append", "--skip-done"))
            .status());
    assertEquals(2, Files.readAllLines(out).size());
    Cli.Run alone = Cli.run(tinyRun("--out", out.toString(), "--skip-done"));
    assertEquals(2, alone.status(), alone.err());
    assertTrue(alone.err().contains("--skip-done needs --append"), alone.err());
  }

  @Test
  void aFailedRunKeepsThePreviousResult() throws Exception {
    Path out = dir.resolve("result.json");
    Files.writeString(out, "previous\n");
    Cli.Run run =
        Cli.run(
            "train",
            "--dataset",
            "cifar10",
            "--data-dir",
            dir.resolve("no-cifar").toString(),
            "--out",
            out.toString(),
            "--force");
    assertEquals(1, run.status());
    assertEquals("previous\n", Files.readString(out));
    assertFalse(run.err().contains("\tat "));
  }
}
