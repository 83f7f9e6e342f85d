package io.liondg.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.data.DataException;
import io.liondg.runtime.experiment.Cell;
import io.liondg.runtime.experiment.Statistics;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import io.liondg.runtime.train.AwakeningSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's choice of data, its verdict line, and a short demo on the bundled data. */
class DemoTest {

  private static final Path BUNDLED = Path.of("..", "..").resolve(DemoData.BUNDLED);

  @TempDir Path dir;

  @Test
  void aDataDirIsRecognisedByItsFiles() throws Exception {
    assertEquals("fashion-mnist", DemoData.choose(null, BUNDLED).dataset());
    Path images = dir.resolve("pets");
    for (String split : List.of("train", "test")) {
      Files.createDirectories(images.resolve(split).resolve("cat"));
    }
    DemoData folder = DemoData.choose(null, images);
    assertEquals("folder", folder.dataset());
    assertEquals("folder:pets", folder.recordedName());
  }

  @Test
  void missingFashionMnistPointsToTheBundledSubsetOnlyWhereThatHelps() {
    DataException missing = new DataException("fashion-mnist: missing train-images-idx3-ubyte");
    DataException hinted =
        DemoData.withBundledHint(missing, "fashion-mnist", null, BUNDLED.toAbsolutePath());
    assertEquals(
        "fashion-mnist: missing train-images-idx3-ubyte; or, to try lion-dg, its bundled subset:"
            + " --data-dir "
            + BUNDLED.toAbsolutePath(),
        hinted.getMessage());
    // The user named a folder, the dataset is another, or there is no subset: unchanged.
    assertSame(missing, DemoData.withBundledHint(missing, "fashion-mnist", dir, BUNDLED));
    assertSame(missing, DemoData.withBundledHint(missing, "cifar10", null, BUNDLED));
    assertSame(missing, DemoData.withBundledHint(missing, "fashion-mnist", null, null));
  }

  @Test
  void aDataDirWithNothingKnownIsOneLine() {
    UserException e = assertThrows(UserException.class, () -> DemoData.choose(null, dir));
    assertTrue(
        e.getMessage()
            .startsWith(
                "demo --data-dir "
                    + dir
                    + ": no CIFAR-10,"
                    + " Fashion-MNIST or image class folders there; expected"),
        e.getMessage());
    assertTrue(e.getMessage().lines().count() == 1);
  }

  @Test
  void twoSeedsAreTooFewForAVerdictAndSaySo() {
    String table = DemoCommand.table(runs(2));
    assertTrue(table.contains("Welch p"), table);
    assertTrue(table.contains("verdict: lion-dg reached the target"), table);
    assertTrue(table.contains("2 seeds per strategy are too few for a verdict"), table);
  }

  @Test
  void threeSeedsGetAVerdictWithWelchsP() {
    String table = DemoCommand.table(runs(3));
    List<Statistics.StrategyStats> stats = Statistics.compare(runs(3));
    double p =
        stats.stream()
            .filter(s -> s.init().equals("lion-dg"))
            .findFirst()
            .orElseThrow()
            .stepsVsHe()
            .p();
    assertTrue(
        table.contains(String.format(java.util.Locale.ROOT, "Welch p %.3f over 3 seeds", p)),
        table);
  }

  @Test
  void runsOnTheBundledSubsetToItsTable() {
    Path out = dir.resolve("demo");
    Cli.Run run =
        Cli.run(
            "demo",
            "--max-steps",
            "3",
            "--batch-size",
            "8",
            "--seeds",
            "1",
            "--data-dir",
            BUNDLED.toString(),
            "--out",
            out.toString(),
            "--no-progress");
    assertEquals(0, run.status(), run.err() + run.out());
    assertTrue(run.out().startsWith("demo data: fashion-mnist from " + BUNDLED), run.out());
    assertTrue(
        run.out().contains("verdict: lion-dg reached the target") || run.out().contains("lion-dg"),
        run.out());
    assertTrue(
        run.out().contains("1 seed per strategy is too few for a verdict")
            || run.out().contains("speedup"),
        run.out());
    assertTrue(Files.isRegularFile(out.resolve("report.md")));
  }

  /** He reaches the target at 100, 110, ...; LION-DG at 90, 95, ... */
  private static List<RunResult> runs(int seeds) {
    RunConfig c = RunConfig.paper();
    List<RunResult> runs = new ArrayList<>();
    for (String init : List.of("he", "lion-dg")) {
      for (int s = 0; s < seeds; s++) {
        int steps = (init.equals("he") ? 100 : 90) + s * (init.equals("he") ? 10 : 5);
        runs.add(
            new RunResult(
                "fashion-mnist",
                "densenet-ds",
                init,
                s,
                1000,
                c,
                null,
                steps,
                0.8,
                0.8 + 0.001 * s,
                List.of(0.7),
                10,
                5,
                RunResult.OK,
                null,
                List.of(),
                List.of(new AwakeningSample(0, init.equals("he") ? 0.5 : 0.0, new double[] {1.0})),
                null,
                null));
      }
    }
    assertEquals(2 * seeds, runs.stream().map(r -> Cell.of(r).key()).distinct().count());
    return runs;
  }
}
