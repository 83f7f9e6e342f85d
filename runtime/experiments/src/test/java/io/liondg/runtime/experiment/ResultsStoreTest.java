package io.liondg.runtime.experiment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.results.ResultJson;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsStoreTest {

  @TempDir Path dir;

  /** Every line of the file, each a complete result; the file ends with a newline. */
  private static List<RunResult> parseStrictly(Path file) throws Exception {
    String text = Files.readString(file, UTF_8);
    assertTrue(text.endsWith("\n"), "the file must end at a line boundary");
    List<RunResult> results = new ArrayList<>();
    for (String line : text.split("\n")) {
      results.add(ResultJson.fromLine(line));
    }
    return results;
  }

  @Test
  void resumesAfterACrashThatTornTheLastLine() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(dir);
    List<Cell> grid = new ArrayList<>();
    for (long seed = 1; seed <= 5; seed++) {
      grid.add(Fixtures.cell("he", seed));
    }
    for (Cell cell : grid.subList(0, 3)) {
      store.append(Fixtures.result(cell));
    }
    // kill -9 in the middle of writing the 4th result: half a line, no newline.
    String fourth = ResultJson.toLine(Fixtures.result(grid.get(3)));
    Files.writeString(
        store.file(), fourth.substring(0, fourth.length() / 2), UTF_8, StandardOpenOption.APPEND);

    ResultsStore reopened = ResultsStore.inDirectory(dir);
    ResultsStore.Snapshot snapshot = reopened.read();
    assertEquals(3, snapshot.results().size());
    assertEquals(1, snapshot.problems().size());
    assertTrue(snapshot.problems().get(0).contains("torn"), snapshot.problems().get(0));
    assertEquals(
        Set.of(grid.get(0).key(), grid.get(1).key(), grid.get(2).key()), reopened.finishedKeys());

    ConcurrentLinkedQueue<Cell> ran = new ConcurrentLinkedQueue<>();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    GridRunner runner =
        new GridRunner(
            reopened,
            cell -> {
              ran.add(cell);
              return Fixtures.result(cell);
            },
            2,
            new PrintStream(err, true, UTF_8),
            false);
    GridRunner.Outcome outcome = runner.run(grid);

    assertEquals(Set.of(grid.get(3), grid.get(4)), new HashSet<>(ran));
    assertEquals(2, ran.size(), "each missing cell runs once");
    assertEquals(new GridRunner.Outcome(5, 3, 2, List.of()), outcome);
    assertEquals(0, outcome.exitCode());

    List<RunResult> all = parseStrictly(store.file());
    assertEquals(5, all.size());
    Set<String> keys = new HashSet<>();
    for (RunResult r : all) {
      assertTrue(keys.add(Cell.of(r).key()), "duplicate cell " + Cell.of(r).label());
    }
    assertEquals(List.of(), ResultsStore.inDirectory(dir).read().problems());

    // A second rerun has nothing left to do.
    ran.clear();
    assertEquals(new GridRunner.Outcome(5, 5, 0, List.of()), runner.run(grid));
    assertTrue(ran.isEmpty());
  }

  @Test
  void keepsACompleteLastLineThatOnlyLacksItsNewline() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(dir);
    store.append(Fixtures.result(Fixtures.cell("he", 1)));
    Files.writeString(
        store.file(),
        ResultJson.toLine(Fixtures.result(Fixtures.cell("he", 2))),
        UTF_8,
        StandardOpenOption.APPEND);
    assertEquals(2, store.readAll().size());

    store.append(Fixtures.result(Fixtures.cell("he", 3)));
    List<RunResult> all = parseStrictly(store.file());
    assertEquals(List.of(1L, 2L, 3L), all.stream().map(RunResult::seed).toList());
  }

  @Test
  void aFileThatIsOnlyATornLineIsRepairedOnAppend() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(dir);
    Files.writeString(store.file(), "{\"dataset\":\"fashion-mni", UTF_8);
    assertEquals(List.of(), store.readAll());
    store.append(Fixtures.result(Fixtures.cell("he", 7)));
    assertEquals(1, parseStrictly(store.file()).size());
  }

  @Test
  void skipsCompleteLinesThatAreNotResults() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(dir);
    store.append(Fixtures.result(Fixtures.cell("he", 1)));
    Files.writeString(store.file(), "{}\nnot json\n\n", UTF_8, StandardOpenOption.APPEND);
    store.append(Fixtures.result(Fixtures.cell("he", 2)));
    ResultsStore.Snapshot snapshot = store.read();
    assertEquals(2, snapshot.results().size());
    assertEquals(2, snapshot.problems().size(), snapshot.problems().toString());
  }

  @Test
  void appendIfAbsentStoresACellOnce() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(dir);
    RunResult he = Fixtures.result(Fixtures.cell("he", 42));
    assertTrue(store.appendIfAbsent(he));
    // A torn line from a writer killed halfway is no obstacle.
    Files.writeString(store.file(), "{\"dataset\":\"fashion", UTF_8, StandardOpenOption.APPEND);
    assertFalse(
        store.appendIfAbsent(Fixtures.result(Fixtures.cell("he", 42), 500, RunResult.OK)),
        "same cell, other numbers: still the same cell");
    assertTrue(store.appendIfAbsent(Fixtures.result(Fixtures.cell("he", 123))));
    store.append(he); // a plain append does not look
    List<RunResult> stored = parseStrictly(store.file());
    assertEquals(List.of(42L, 123L, 42L), stored.stream().map(RunResult::seed).toList());
  }

  @Test
  void aMissingFileHoldsNothing() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(dir.resolve("not-yet"));
    assertEquals(List.of(), store.readAll());
    assertEquals(Set.of(), store.finishedKeys());
    assertFalse(Files.exists(store.file()));
  }

  @Test
  void aResultReadBackHasTheKeyOfItsCell() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(dir);
    Cell cell = Fixtures.cell("lion-dg", 42);
    store.append(Fixtures.result(cell));
    assertEquals(Set.of(cell.key()), store.finishedKeys());
    assertNull(
        store.readAll().get(0).initReport().layers().get(0).outputVariance(),
        "an uncalibrated layer's variance is JSON null and reads back as null");
  }

  @Test
  void anImageSizeIsStoredAndKeyedOnlyWhenImagesWereResized() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(dir);
    Cell asStored = Fixtures.cell("he", 1);
    RunConfig resized = Fixtures.CONFIG.withImageSize(64);
    Cell at64 = new Cell(asStored.dataset(), asStored.arch(), "he", 1, resized);
    store.append(Fixtures.result(asStored));
    store.append(Fixtures.result(at64));
    List<String> lines = Files.readAllLines(store.file());
    // Runs that resize nothing keep the shape (and resume keys) results had before image_size.
    assertFalse(lines.get(0).contains("image_size"), lines.get(0));
    assertTrue(lines.get(1).contains("\"image_size\":64"), lines.get(1));
    assertFalse(asStored.key().contains("image_size"), asStored.key());
    assertTrue(at64.key().contains("image_size=64"), at64.key());
    assertEquals(Set.of(asStored.key(), at64.key()), store.finishedKeys());
    assertEquals(64, store.readAll().get(1).config().imageSize());
    assertEquals(0, store.readAll().get(0).config().imageSize());
  }

  @Test
  void appendsFromManyThreadsStayWholeLines() throws Exception {
    int threads = 8;
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long firstSeed = t * 1000L;
      // Separate store objects on one file, as separate callers would have.
      ResultsStore store = ResultsStore.inDirectory(dir);
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                  store.append(Fixtures.result(Fixtures.cell("he", firstSeed + i)));
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    List<RunResult> all = parseStrictly(ResultsStore.inDirectory(dir).file());
    assertEquals(threads * perThread, all.size());
    assertEquals(threads * perThread, all.stream().map(RunResult::seed).distinct().count());
  }

  @Test
  void appendsFromSeparateProcessesStayWholeLines() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    int processes = 3;
    int perProcess = 40;
    List<Process> running = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      running.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  classPath,
                  AppendProcess.class.getName(),
                  dir.toString(),
                  String.valueOf(p * 1000L),
                  String.valueOf(perProcess))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("p" + p + ".log").toFile())
              .start());
    }
    for (int p = 0; p < processes; p++) {
      assertTrue(running.get(p).waitFor(120, TimeUnit.SECONDS), "process " + p + " hangs");
      Path log = dir.resolve("p" + p + ".log");
      assertEquals(0, running.get(p).exitValue(), () -> "process failed: " + readQuietly(log));
    }
    List<RunResult> all = parseStrictly(ResultsStore.inDirectory(dir).file());
    assertEquals(processes * perProcess, all.size());
    assertEquals(processes * perProcess, all.stream().map(RunResult::seed).distinct().count());
  }

  @Test
  void survivesAWriterKilledWithSigkill() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ResultsStore store = ResultsStore.inDirectory(dir);
    Process writer =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                AppendProcess.class.getName(),
                dir.toString(),
                "0",
                "100000")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("writer.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (store.readAll().size() < 30 && System.nanoTime() < deadline && writer.isAlive()) {
      Thread.sleep(20);
    }
    writer.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
    assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
    ResultsStore.Snapshot snapshot = store.read();
    int kept = snapshot.results().size();
    assertTrue(
        kept >= 30,
        "the writer wrote " + kept + " results: " + readQuietly(dir.resolve("writer.log")));
    assertTrue(snapshot.problems().size() <= 1, snapshot.problems().toString());
    store.append(Fixtures.result(Fixtures.cell("lion-dg", 1)));
    List<RunResult> all = parseStrictly(store.file());
    assertEquals(kept + 1, all.size());
  }

  @Test
  void aSymbolicLinkToTheSameFolderWaitsForTheLock() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      ResultsStore store = ResultsStore.inDirectory(t % 2 == 0 ? dir : link);
      long first = t * 100L;
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 20; i++) {
                  store.append(Fixtures.result(Fixtures.cell("he", first + i)));
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertEquals(80, parseStrictly(ResultsStore.inDirectory(dir).file()).size());
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      return "(no log)";
    }
  }
}
