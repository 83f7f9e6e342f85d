package io.liondg.runtime.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM sent to a real {@code train} process mid-training: it stops between
 * steps with one line and 128 + the signal's number, writes no result and does not crash in
 * native code (the JVM's default did: SIGSEGV in oneDNN, an hs_err file).
 */
class StopSignalsTest {

  @TempDir Path dir;
  private Process train;

  /** A run that failed to stop must not go on training after the test. */
  @AfterEach
  void killLeftovers() throws InterruptedException {
    if (train != null && train.isAlive()) {
      train.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void sigtermStopsBetweenStepsWith143() throws Exception {
    startTraining();
    train.destroy(); // SIGTERM
    assertStopped(train, 143, "terminated (SIGTERM)");
  }

  @Test
  void ctrlCStopsBetweenStepsWith130() throws Exception {
    // A job started in the background by a non-interactive shell (nohup, `cmd &`) inherits
    // SIGINT as ignored, the JVM keeps it ignored (as it should: no Ctrl-C reaches such a job),
    // and so would the child: nothing to test then.
    assumeFalse(sigintIgnored(), "SIGINT is ignored in this process and its children");
    startTraining();
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(train.pid())).start();
    assertEquals(0, kill.waitFor());
    assertStopped(train, 130, "interrupted (SIGINT)");
  }

  /** Starts a long run and returns once it has taken its first step. */
  private void startTraining() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    train = new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp",
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

  /** @return whether this process ignores SIGINT (bit 1 of SigIgn in /proc/self/status) */
  private static boolean sigintIgnored() throws java.io.IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status, UTF_8)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0b10) != 0;
      }
    }
    return false;
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
