package io.liondg.runtime.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM sent to a real {@code train} process mid-training: it stops between
 * steps with one line and 128 + the signal's number, writes no result and does not crash in
 * native code (the JVM's default did: SIGSEGV in oneDNN, an hs_err file).
 */
class StopSignalsTest {

  @TempDir Path dir;

  @Test
  void sigtermStopsBetweenStepsWith143() throws Exception {
    Process train = startTraining();
    train.destroy(); // SIGTERM
    assertStopped(train, 143, "terminated (SIGTERM)");
  }

  @Test
  void ctrlCStopsBetweenStepsWith130() throws Exception {
    Process train = startTraining();
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(train.pid())).start();
    assertEquals(0, kill.waitFor());
    assertStopped(train, 130, "interrupted (SIGINT)");
  }

  /** Starts a long run and returns once it has taken its first step. */
  private Process startTraining() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process train = new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "train", "--dataset",
        "synthetic", "--arch", "densenet-ds", "--init", "he", "--max-steps", "100000",
        "--batch-size", "8", "--threads", "1", "--device", "cpu", "--out",
        dir.resolve("result.json").toString())
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log().toFile())
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.readString(log(), UTF_8).contains(" 1/100000 ")) {
      assertTrue(train.isAlive(), () -> "train exited early: " + read(log()));
      assertTrue(System.nanoTime() < deadline, () -> "no first step in 120 s: " + read(log()));
      Thread.sleep(50);
    }
    return train;
  }

  private void assertStopped(Process train, int status, String why) throws Exception {
    assertTrue(train.waitFor(60, TimeUnit.SECONDS), "train did not stop");
    String log = read(log());
    assertEquals(status, train.exitValue(), log);
    assertTrue(log.contains("lion-dg: " + why + ": stopping after the current step"), log);
    assertTrue(log.matches("(?s).*lion-dg: " + java.util.regex.Pattern.quote(why)
        + " at step \\d+ of 100000; no result written\\R?$"), log);
    assertFalse(Files.exists(dir.resolve("result.json")), "no result file");
    try (Stream<Path> files = Files.list(dir)) {
      List<String> crashes = files.map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith("hs_err")).toList();
      assertTrue(crashes.isEmpty(), "native crash reports: " + crashes);
    }
  }

  private Path log() {
    return dir.resolve("train.log");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, UTF_8);
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
