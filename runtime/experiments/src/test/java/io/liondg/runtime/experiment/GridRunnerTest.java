package io.liondg.runtime.experiment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import io.liondg.runtime.run.StopRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridRunnerTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private GridRunner runner(CellRunner cells, int jobs, boolean terminal) {
    return new GridRunner(
        ResultsStore.inDirectory(dir), cells, jobs, new PrintStream(err, true, UTF_8), terminal);
  }

  private static GridSpec spec(List<String> inits, List<Long> seeds) {
    return new GridSpec(
        List.of("fashion-mnist"), List.of("densenet-ds"), inits, seeds, Fixtures.CONFIG);
  }

  @Test
  void gridSpecCrossesEverythingOnceInSeedMajorOrder() {
    GridSpec spec =
        new GridSpec(
            List.of("fashion-mnist", "synthetic"),
            List.of("densenet-ds"),
            List.of("he", "lion-dg", "he"),
            List.of(42L, 123L),
            RunConfig.paper());
    List<Cell> cells = spec.cells();
    assertEquals(2 * 1 * 2 * 2, cells.size());
    assertEquals(
        List.of("he", "lion-dg", "he", "lion-dg"),
        cells.subList(0, 4).stream().map(Cell::init).toList());
    assertEquals(
        List.of(42L, 42L, 123L, 123L), cells.subList(0, 4).stream().map(Cell::seed).toList());
    assertThrows(
        IllegalArgumentException.class,
        () -> new GridSpec(List.of(), List.of("a"), List.of("he"), List.of(1L), RunConfig.paper()));
  }

  @Test
  void keyCoversSettingsButNotThreads() {
    RunConfig paper = RunConfig.paper();
    Cell cell = new Cell("cifar10", "densenet-ds", "he", 42, paper);
    RunConfig otherThreads =
        new RunConfig(
            paper.lr(),
            paper.weightDecay(),
            paper.beta1(),
            paper.beta2(),
            paper.batchSize(),
            paper.auxWeight(),
            paper.maxSteps(),
            paper.target(),
            paper.window(),
            paper.probeEvery(),
            paper.flip(),
            8);
    RunConfig otherLr =
        new RunConfig(
            3e-4,
            paper.weightDecay(),
            paper.beta1(),
            paper.beta2(),
            paper.batchSize(),
            paper.auxWeight(),
            paper.maxSteps(),
            paper.target(),
            paper.window(),
            paper.probeEvery(),
            paper.flip(),
            paper.threads());
    assertEquals(cell.key(), new Cell("cifar10", "densenet-ds", "he", 42, otherThreads).key());
    assertNotEquals(cell.key(), new Cell("cifar10", "densenet-ds", "he", 42, otherLr).key());
    assertNotEquals(cell.key(), new Cell("cifar10", "densenet-ds", "he", 123, paper).key());
    assertTrue(cell.key().startsWith("cifar10/densenet-ds/he/seed=42/"), cell.key());
    assertTrue(cell.key().contains("lr=0.001"), cell.key());
    assertFalse(cell.key().contains("threads"), cell.key());
  }

  /**
   * Ctrl-C in the middle of a grid: the cell it stops is not a failure, no further cell starts,
   * finished cells stay stored, and the run ends with one line saying so; a rerun resumes.
   */
  @Test
  void aStopRequestStartsNoMoreCellsAndEndsWithOneLine() throws Exception {
    List<Cell> grid = spec(List.of("he", "lion-dg"), List.of(1L, 2L)).cells();
    AtomicInteger started = new AtomicInteger();
    try {
      StopRequest.Stopped stopped =
          assertThrows(
              StopRequest.Stopped.class,
              () ->
                  runner(
                          cell -> {
                            if (started.incrementAndGet() == 1) {
                              return Fixtures.result(cell);
                            }
                            StopRequest.request(
                                "interrupted (SIGINT)", 130); // Ctrl-C during the second cell
                            throw new java.io.IOException("terminated (SIGTERM) at step 3 of 300");
                          },
                          1,
                          false)
                      .run(grid));
      assertEquals(130, stopped.exitStatus());
      assertEquals(
          "interrupted (SIGINT) with 1 of 4 cells done (1 now), 1 stopped, 2 not" + " started",
          stopped.getMessage());
      assertTrue(stopped.outcome().startsWith("finished cells are kept in "), stopped.outcome());
      assertEquals(2, started.get(), "no cell started after the stop");
      assertFalse(err.toString(UTF_8).contains("FAILED"), err.toString(UTF_8));
      assertEquals(1, ResultsStore.inDirectory(dir).readAll().size());
    } finally {
      StopRequest.clear();
    }
    GridRunner.Outcome rerun = runner(Fixtures::result, 1, false).run(grid);
    assertEquals(new GridRunner.Outcome(4, 1, 3, List.of()), rerun);
  }

  @Test
  void aFailedCellIsReportedNotStoredAndRetriedOnRerun() throws Exception {
    List<Cell> grid = spec(List.of("he", "lion-dg", "lsuv"), List.of(1L, 2L)).cells();
    Cell broken = grid.get(2);
    GridRunner.Outcome first =
        runner(
                cell -> {
                  if (cell.equals(broken)) {
                    throw new IllegalStateException(
                        "train exited with status 3: out of memory\nmore");
                  }
                  return Fixtures.result(cell);
                },
                2,
                false)
            .run(grid);

    assertEquals(6, first.total());
    assertEquals(5, first.completed());
    assertEquals(
        List.of(new GridRunner.Failure(broken, "train exited with status 3: out of memory")),
        first.failures());
    assertEquals(1, first.exitCode());
    assertFalse(first.allSucceeded());
    String log = err.toString(UTF_8);
    assertTrue(log.contains("FAILED   " + broken.label()), log);
    assertFalse(log.contains("\r"), "plain lines when stderr is not a terminal");
    assertEquals(5, ResultsStore.inDirectory(dir).readAll().size());

    ConcurrentLinkedQueue<Cell> ran = new ConcurrentLinkedQueue<>();
    GridRunner.Outcome second =
        runner(
                cell -> {
                  ran.add(cell);
                  return Fixtures.result(cell);
                },
                2,
                false)
            .run(grid);
    assertEquals(List.of(broken), new ArrayList<>(ran));
    assertEquals(new GridRunner.Outcome(6, 5, 1, List.of()), second);
    assertEquals(6, ResultsStore.inDirectory(dir).finishedKeys().size());
  }

  @Test
  void runsAtMostJobsCellsAtOnceAndEachCellOnce() throws Exception {
    List<Cell> grid =
        new ArrayList<>(spec(List.of("he", "lion-dg"), List.of(1L, 2L, 3L, 4L)).cells());
    grid.add(grid.get(0)); // listed twice: runs once
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    ConcurrentLinkedQueue<Cell> ran = new ConcurrentLinkedQueue<>();
    GridRunner.Outcome outcome =
        runner(
                cell -> {
                  int now = inFlight.incrementAndGet();
                  maxInFlight.accumulateAndGet(now, Math::max);
                  Thread.sleep(40);
                  inFlight.decrementAndGet();
                  ran.add(cell);
                  return Fixtures.result(cell);
                },
                3,
                true)
            .run(grid);

    assertEquals(8, outcome.total());
    assertEquals(8, outcome.completed());
    assertEquals(8, ran.size());
    assertEquals(8, ran.stream().distinct().count());
    assertTrue(maxInFlight.get() <= 3, "at most 3 at once, saw " + maxInFlight.get());
    assertTrue(maxInFlight.get() >= 2, "cells ran in parallel");
    String log = err.toString(UTF_8);
    assertTrue(log.contains("\r"), "a bar redrawn in place on a terminal");
    assertTrue(log.contains("8/8 cells"), log);
  }

  @Test
  void warnsWhenAResultDoesNotMatchItsCell() throws Exception {
    List<Cell> grid = spec(List.of("he"), List.of(1L)).cells();
    RunConfig changed =
        new RunConfig(1e-2, 0.05, 0.9, 0.999, 128, 0.3, 400, 0.70, 50, 10, false, 1);
    runner(
            cell ->
                Fixtures.result(
                    new Cell(cell.dataset(), cell.arch(), cell.init(), cell.seed(), changed)),
            1,
            false)
        .run(grid);
    assertTrue(err.toString(UTF_8).contains("will not count it as finished"), err.toString(UTF_8));
  }

  @Test
  void aCellStoredByAnotherProcessWhileItRanIsKeptOnce() throws Exception {
    List<Cell> grid = spec(List.of("he"), List.of(1L)).cells();
    ResultsStore store = ResultsStore.inDirectory(dir);
    GridRunner.Outcome outcome =
        runner(
                cell -> {
                  store.append(
                      Fixtures.result(cell)); // a Slurm task of the same grid finishes first
                  return Fixtures.result(cell, 500, RunResult.OK);
                },
                1,
                false)
            .run(grid);
    assertEquals(0, outcome.failures().size());
    assertEquals(1, store.readAll().size());
    assertTrue(err.toString(UTF_8).contains("stored by another process"), err.toString(UTF_8));
  }

  @Test
  void aRunnerThatReturnsNothingFailsItsCell() throws Exception {
    List<Cell> grid = spec(List.of("he"), List.of(1L)).cells();
    GridRunner.Outcome outcome = runner(cell -> null, 1, false).run(grid);
    assertEquals(1, outcome.failures().size());
    assertEquals(List.<RunResult>of(), ResultsStore.inDirectory(dir).readAll());
  }

  @Test
  void rejectsNoJobs() {
    assertThrows(IllegalArgumentException.class, () -> runner(Fixtures::result, 0, false));
  }
}
