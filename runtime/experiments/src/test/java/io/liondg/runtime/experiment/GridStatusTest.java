package io.liondg.runtime.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.results.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridStatusTest {

  @TempDir Path dir;

  private final List<Cell> cells =
      List.of(
          Fixtures.cell("he", 1),
          Fixtures.cell("he", 2),
          Fixtures.cell("he", 3),
          Fixtures.cell("he", 4),
          Fixtures.cell("he", 5),
          Fixtures.cell("he", 6),
          Fixtures.cell("he", 7));

  private void mark(int task, String line) throws Exception {
    Path state = Files.createDirectories(dir.resolve(SlurmScript.STATE_DIR));
    Files.writeString(state.resolve(Integer.toString(task)), line + "\n");
  }

  @Test
  void eachTaskOfASlurmArrayGetsItsState() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(dir);
    store.append(Fixtures.result(cells.get(0)));
    store.append(Fixtures.result(cells.get(0)));
    store.append(Fixtures.result(Fixtures.cell("lion-dg", 9)));
    mark(0, "done 40_0 n1 2026-01-01T00:00:00Z restarts=0");
    mark(1, "running 40_1 n2 2026-01-01T00:00:00Z restarts=0");
    mark(2, "running 40_2 n3 2026-01-01T00:00:00Z restarts=0");
    mark(3, "stopped 40_3 n1 2026-01-01T00:00:00Z restarts=0 exit=143 log=/l/40_3.out");
    mark(4, "failed 40_4 n1 2026-01-01T00:00:00Z restarts=0 exit=1 log=/l/40_4.out");
    // task 5: pending in the queue; task 6: nothing known
    GridStatus.Queue queue =
        jobs -> {
          assertEquals(List.of("40"), List.copyOf(jobs));
          return Optional.of(Map.of("40_1", "RUNNING", "40_5", "PENDING"));
        };
    GridStatus.Report report = GridStatus.ofSlurm(dir, cells, store, queue);
    List<GridStatus.State> states = report.rows().stream().map(GridStatus.Row::state).toList();
    assertEquals(
        List.of(
            GridStatus.State.DONE,
            GridStatus.State.RUNNING,
            GridStatus.State.LOST,
            GridStatus.State.STOPPED,
            GridStatus.State.FAILED,
            GridStatus.State.PENDING,
            GridStatus.State.NOT_STARTED),
        states);
    assertTrue(
        report.rows().get(4).detail().contains("exit=1 log=/l/40_4.out"),
        report.rows().get(4).detail());
    assertEquals(3, report.results());
    assertEquals(Map.of(cells.get(0).key(), 2), report.duplicates());
    assertEquals(1, report.others());
    assertFalse(report.allDone());

    GridStatus.Report blind = GridStatus.ofSlurm(dir, cells, store, jobs -> Optional.empty());
    assertEquals(GridStatus.State.RUNNING, blind.rows().get(2).state());
    assertTrue(blind.rows().get(2).detail().contains("could not be asked"));
  }

  @Test
  void aLocalGridsCellIsDoneStartedOrNotStarted() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(dir);
    store.append(Fixtures.result(cells.get(0)));
    Path log = dir.resolve("cell-1.log");
    Files.writeString(log, "step 1\nlion-dg: out of memory\n");
    GridStatus.Report report =
        GridStatus.ofLocal(
            cells.subList(0, 3), store, cell -> cell.seed() == 2 ? log : dir.resolve("none.log"));
    assertEquals(
        List.of(GridStatus.State.DONE, GridStatus.State.STARTED, GridStatus.State.NOT_STARTED),
        report.rows().stream().map(GridStatus.Row::state).toList());
    assertTrue(report.rows().get(1).detail().contains("lion-dg: out of memory"));
    assertEquals(
        Map.of(
            GridStatus.State.DONE, 1, GridStatus.State.STARTED, 1, GridStatus.State.NOT_STARTED, 1),
        report.counts());
  }

  @Test
  void aCellStoredOnlyWithOtherSettingsSaysWhichDiffer() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(dir);
    store.append(Fixtures.result(cells.get(0)));
    // Fixtures.CONFIG with 800 steps instead of 400.
    RunConfig twice = new RunConfig(1e-3, 0.05, 0.9, 0.999, 128, 0.3, 800, 0.70, 50, 10, true, 1);
    Cell longer = new Cell("fashion-mnist", "densenet-ds", "he", 1, twice);
    String diff = "max_steps=400 there, 800 here";
    Path finished = dir.resolve("finished.log");
    Files.writeString(finished, "step 400\n  result: /out/.cell-1.json\n");
    GridStatus.Report ofFinished = GridStatus.ofLocal(List.of(longer), store, cell -> finished);
    assertEquals(GridStatus.State.NOT_STARTED, ofFinished.rows().get(0).state());
    assertEquals(
        "stored only with other settings (" + diff + "); its log is that run's",
        ofFinished.rows().get(0).detail());

    Path running = dir.resolve("running.log");
    Files.writeString(running, "step 10\n");
    GridStatus.Report ofRunning = GridStatus.ofLocal(List.of(longer), store, cell -> running);
    assertEquals(GridStatus.State.STARTED, ofRunning.rows().get(0).state());
    assertTrue(
        ofRunning.rows().get(0).detail().startsWith("running now, or failed: " + running),
        ofRunning.rows().get(0).detail());

    // A setting left out of one side's JSON (image_size 0) is still named.
    RunConfig resized = Fixtures.CONFIG.withImageSize(16);
    GridStatus.Report ofResized =
        GridStatus.ofLocal(
            List.of(new Cell("fashion-mnist", "densenet-ds", "he", 1, resized)),
            store,
            cell -> dir.resolve("none.log"));
    assertEquals(
        "stored only with other settings (image_size=unset there, 16 here)",
        ofResized.rows().get(0).detail());

    GridStatus.Report notStarted =
        GridStatus.ofLocal(List.of(longer), store, cell -> dir.resolve("none.log"));
    assertEquals(GridStatus.State.NOT_STARTED, notStarted.rows().get(0).state());
    assertEquals(
        "stored only with other settings (" + diff + ")", notStarted.rows().get(0).detail());
  }
}
