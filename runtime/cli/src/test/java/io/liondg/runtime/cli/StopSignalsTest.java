package io.liondg.runtime.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM sent to a real {@code train} process mid-training: it stops between steps with
 * one line and 128 + the signal's number, writes no result and does not crash in native code (the
 * JVM's default did: SIGSEGV in oneDNN, an hs_err file). A second Ctrl-C quits at once, again
 * without a crash (Runtime.halt did crash: it runs libtorch's static destructors under the running
 * backward pass). A terminal's Ctrl-C to a grid's whole process group stops the grid and its cell
 * with one line each and no crash.
 */
class StopSignalsTest {

  @TempDir Path dir;
  private Process train;

  /** A run that failed to stop must not go on training after the test. */
  @AfterEach
  void killLeftovers() throws InterruptedException {
    if (train != null) {
      train.descendants().forEach(ProcessHandle::destroyForcibly);
      if (train.isAlive()) {
        train.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
    if (cells != null) {
      cells.forEach(ProcessHandle::destroyForcibly);
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
    signal("INT", train.pid());
    assertStopped(train, 130, "interrupted (SIGINT)");
  }

  /**
   * Ctrl-C, and Ctrl-C again while the step it waits for runs (inside PyTorch's backward pass, most
   * of the time). Three rounds: with Runtime.halt about one in three crashed.
   */
  @Test
  void aSecondCtrlCQuitsAtOnceWithoutACrash() throws Exception {
    assumeFalse(sigintIgnored(), "SIGINT is ignored in this process and its children");
    for (int round = 0; round < 3; round++) {
      // Batches of 64: a step takes long enough that the second Ctrl-C lands inside it.
      startTraining("64");
      signal("INT", train.pid());
      waitFor(log(), "stopping after the current step", train);
      signal("INT", train.pid());
      assertTrue(train.waitFor(60, TimeUnit.SECONDS), "train did not stop");
      String log = read(log());
      assertEquals(130, train.exitValue(), log);
      // It quit at once, or the step had ended first and it stopped there: one line either way.
      assertTrue(
          log.matches(
              "(?s).*\\nlion-dg: interrupted \\(SIGINT\\) (again: quitting at"
                  + " once|at step \\d+ of 100000); no result written\\R?$"),
          log);
      assertNoCrash(dir, log);
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(
            List.of("train.log"),
            files.map(f -> f.getFileName().toString()).toList(),
            "no result, no temporary file");
      }
      Files.delete(log());
    }
  }

  /**
   * A terminal's Ctrl-C goes to its whole foreground process group: the grid and its cell both get
   * SIGINT. The grid stops the cell (which leaves SIGINT to it) with SIGTERM; the cell stops after
   * its step; the grid ends with one line and 130. No crash, no result, no process left.
   */
  @Test
  void ctrlCToAGridsProcessGroupStopsItAndItsCellCleanly() throws Exception {
    Path grid = startGridInItsOwnGroup();
    signal("INT", -gridProcess.pid());
    assertGridStopped(grid, true);
  }

  /** Two quick Ctrl-Cs to the grid's group: the grid kills its cell at once, still no crash. */
  @Test
  void twoCtrlCsToAGridsProcessGroupStopItAtOnceWithoutACrash() throws Exception {
    Path grid = startGridInItsOwnGroup();
    signal("INT", -gridProcess.pid());
    Thread.sleep(200);
    signal("INT", -gridProcess.pid());
    assertGridStopped(grid, false);
  }

  /** The grid's process ({@code setsid} makes it the leader of a new group) and its cells. */
  private Process gridProcess;

  private List<ProcessHandle> cells;

  /**
   * Starts a one-cell grid as the leader of a process group of its own (as a shell starts a job)
   * and returns its results folder once the cell has taken its first step.
   */
  private Path startGridInItsOwnGroup() throws Exception {
    assumeFalse(sigintIgnored(), "SIGINT is ignored in this process and its children");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "setsid (util-linux) is here");
    Path out = dir.resolve("grid");
    gridProcess =
        new ProcessBuilder(
                "/usr/bin/setsid",
                java(),
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "grid",
                "--datasets",
                "synthetic",
                "--archs",
                "densenet-ds",
                "--inits",
                "he",
                "--seeds",
                "42",
                "--max-steps",
                "100000",
                "--batch-size",
                "64",
                "--jobs",
                "1",
                "--threads",
                "1",
                "--device",
                "cpu",
                "--out",
                out.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log().toFile())
            .start();
    train = gridProcess; // killed after the test if it is still alive
    waitFor(
        out.resolve("logs").resolve("synthetic_densenet-ds_he_seed42.log"),
        " 1/100000 ",
        gridProcess);
    cells = gridProcess.descendants().toList();
    assertEquals(
        gridProcess.pid(), processGroup(gridProcess.pid()), "setsid made the grid a group leader");
    return out;
  }

  private void assertGridStopped(Path out, boolean afterTheStep) throws Exception {
    assertTrue(gridProcess.waitFor(60, TimeUnit.SECONDS), "grid did not stop");
    String log = read(log());
    Path cellLog = out.resolve("logs").resolve("synthetic_densenet-ds_he_seed42.log");
    String cell = read(cellLog);
    assertEquals(130, gridProcess.exitValue(), log + "\n--- cell:\n" + cell);
    assertTrue(
        log.contains(
            "lion-dg: interrupted (SIGINT): stopping the running cells after"
                + " their current step"),
        log);
    assertTrue(
        log.matches(
            "(?s).*\\nlion-dg: interrupted \\(SIGINT\\) with 0 of 1 cells done \\(0"
                + " now\\), 1 stopped; finished cells are kept in \\S+; rerun the same command to run the"
                + " rest\\R?$"),
        log);
    assertFalse(log.contains("FAILED"), log);
    assertNoCrash(out, log + cell);
    assertNoCrash(dir, log);
    if (afterTheStep) {
      // The cell got the grid's SIGTERM only (it ignores the terminal's SIGINT).
      assertTrue(
          cell.matches(
              "(?s).*\\nlion-dg: terminated \\(SIGTERM\\) at step \\d+ of"
                  + " 100000; no result written\\R?$"),
          cell);
      assertFalse(cell.contains("SIGINT"), cell);
    }
    for (ProcessHandle p : cells) {
      p.onExit().get(30, TimeUnit.SECONDS);
    }
    assertFalse(
        Files.exists(out.resolve("results.jsonl"))
            && !Files.readString(out.resolve("results.jsonl")).isBlank(),
        "no result stored");
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(
          List.of(),
          files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
          "no temporary file left");
    }
  }

  /** No hs_err file anywhere under {@code where}, and no fatal-error banner in {@code log}. */
  private static void assertNoCrash(Path where, String log) throws Exception {
    try (Stream<Path> files = Files.walk(where)) {
      List<String> crashes =
          files.map(f -> f.getFileName().toString()).filter(n -> n.contains("hs_err")).toList();
      assertTrue(crashes.isEmpty(), "native crash reports: " + crashes);
    }
    assertFalse(log.contains("A fatal error has been detected"), log);
  }

  /** Starts a long run and returns once it has taken its first step. */
  private void startTraining() throws Exception {
    startTraining("8");
  }

  private void startTraining(String batchSize) throws Exception {
    train =
        new ProcessBuilder(
                java(),
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "train",
                "--dataset",
                "synthetic",
                "--arch",
                "densenet-ds",
                "--init",
                "he",
                "--max-steps",
                "100000",
                "--batch-size",
                batchSize,
                "--threads",
                "1",
                "--device",
                "cpu",
                "--out",
                dir.resolve("result.json").toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log().toFile())
            .start();
    waitFor(log(), " 1/100000 ", train);
  }

  /** Waits until {@code file} contains {@code text}, while {@code process} runs. */
  private static void waitFor(Path file, String text, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!(Files.exists(file) && Files.readString(file, UTF_8).contains(text))) {
      assertTrue(process.isAlive(), () -> "exited early: " + read(file));
      assertTrue(System.nanoTime() < deadline, () -> "no '" + text + "' in 120 s: " + read(file));
      Thread.sleep(20);
    }
  }

  /** Sends SIGname to a process, or with a negative id to a process group. */
  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, "--", Long.toString(pid)).start();
    assertEquals(0, kill.waitFor());
  }

  /**
   * @return the process group of a process (field 5 of /proc/PID/stat)
   */
  private static long processGroup(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[2]);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private void assertStopped(Process train, int status, String why) throws Exception {
    assertTrue(train.waitFor(60, TimeUnit.SECONDS), "train did not stop");
    String log = read(log());
    assertEquals(status, train.exitValue(), log);
    assertTrue(log.contains("lion-dg: " + why + ": stopping after the current step"), log);
    assertTrue(
        log.matches(
            "(?s).*lion-dg: "
                + java.util.regex.Pattern.quote(why)
                + " at step \\d+ of 100000; no result written\\R?$"),
        log);
    assertFalse(Files.exists(dir.resolve("result.json")), "no result file");
    try (Stream<Path> files = Files.list(dir)) {
      List<String> crashes =
          files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("hs_err")).toList();
      assertTrue(crashes.isEmpty(), "native crash reports: " + crashes);
    }
  }

  /**
   * @return whether this process ignores SIGINT (bit 1 of SigIgn in /proc/self/status)
   */
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
