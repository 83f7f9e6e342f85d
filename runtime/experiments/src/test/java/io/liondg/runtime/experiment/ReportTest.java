package io.liondg.runtime.experiment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.results.RunResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path in;
  @TempDir Path out;

  /**
   * A 4 strategies x 3 seeds grid, with one run that never reached the target and one that
   * diverged.
   */
  private void writeSyntheticGrid() throws IOException {
    ResultsStore store = ResultsStore.inDirectory(in);
    for (String init : List.of("he", "lion-dg", "lsuv", "hybrid")) {
      for (long seed : new long[] {42, 123, 456}) {
        Cell cell = Fixtures.cell(init, seed);
        RunResult result;
        if (init.equals("lsuv") && seed == 456) {
          result = Fixtures.result(cell, 5000, RunResult.OK); // never reaches 70 %
        } else if (init.equals("hybrid") && seed == 123) {
          result = Fixtures.result(cell, 90, RunResult.DIVERGED);
        } else {
          result = Fixtures.result(cell);
        }
        store.append(result);
      }
    }
    // A cell stored twice (a rerun elsewhere) is reported once.
    store.append(Fixtures.result(Fixtures.cell("he", 42)));
  }

  @Test
  void writesTheTablesAndValidPngPlots() throws Exception {
    writeSyntheticGrid();
    Report.Written written = Report.write(in, out);

    assertEquals(out.resolve("report.md"), written.report());
    assertEquals(12, written.runs());
    String md = Files.readString(written.report(), UTF_8);
    for (String expected :
        List.of(
            "## Table 1",
            "## Table 2",
            "## Table 6",
            "## Settings",
            "assumption",
            "| learning rate (`lr`) | 0.001",
            "## Engine, device, code and data",
            "cpu()",
            "Welch",
            "Cohen's d",
            "| fashion-mnist | densenet-ds | lion-dg | 3 |",
            "not reached ⚑",
            "**diverged** ⚑",
            "fashion-mnist densenet-ds lsuv seed 456 did not" + " reach 70 %",
            "diverged (a NaN",
            "a second result for fashion-mnist densenet-ds" + " he seed 42",
            "## Gradient awakening",
            "## Architecture comparison",
            "![Running training accuracy",
            "(accuracy_fashion-mnist_densenet-ds.png)")) {
      assertTrue(md.contains(expected), "report.md lacks: " + expected + "\n" + md);
    }
    // Table 6 has one row per run.
    assertEquals(
        12,
        md.lines()
            .filter(
                l ->
                    l.startsWith("| fashion-mnist | densenet-ds |")
                        && l.matches(".*\\| (42|123|456) \\|.*"))
            .count(),
        md);
    // A p-value was computed for every strategy against he.
    String table2 = md.substring(md.indexOf("## Table 2"), md.indexOf("## Val accuracy"));
    assertEquals(
        3,
        table2
            .lines()
            .filter(
                l ->
                    l.matches(
                        "\\| fashion-mnist .*\\| (\\d\\.\\d{3}"
                            + "|< 0\\.001) \\| [+-]\\d+\\.\\d\\d \\|"))
            .count(),
        table2);
    // LION-DG's aux gradient ratio starts at exactly zero (Proposition 1).
    assertTrue(
        md.lines()
            .anyMatch(l -> l.startsWith("| fashion-mnist | densenet-ds | lion-dg" + " | 0 |")),
        md);

    List<String> names = written.plots().stream().map(p -> p.getFileName().toString()).toList();
    assertEquals(
        List.of(
            "accuracy_fashion-mnist_densenet-ds.png",
            "aux_grad_ratio_fashion-mnist_densenet-ds.png",
            "aux_weight_norm_fashion-mnist_densenet-ds.png"),
        names);
    for (Path plot : written.plots()) {
      byte[] bytes = Files.readAllBytes(plot);
      assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), plot + " is not a PNG");
      BufferedImage image = ImageIO.read(plot.toFile());
      assertNotNull(image, plot + " does not decode");
      assertEquals(Plots.WIDTH, image.getWidth());
      assertEquals(Plots.HEIGHT, image.getHeight());
    }
    try (var files = Files.list(out)) {
      assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")), "no temporary files");
    }
  }

  /** report.md, the plots and results.jsonl get the mode of any new file, not 0600. */
  @Test
  void writesFilesWithTheUsualMode() throws Exception {
    writeSyntheticGrid();
    Report.Written written = Report.write(in, out);
    Path probe = Files.createFile(out.resolve("mode-probe"));
    var usual = Files.getPosixFilePermissions(probe);
    Files.delete(probe);
    assertEquals(usual, Files.getPosixFilePermissions(written.report()));
    assertFalse(written.plots().isEmpty());
    for (Path plot : written.plots()) {
      assertEquals(usual, Files.getPosixFilePermissions(plot), plot.toString());
    }
    assertEquals(usual, Files.getPosixFilePermissions(in.resolve("results.jsonl")));
  }

  /** A committed report names its results file from its own folder, not this machine's. */
  @Test
  void namesTheResultsFileRelativeToTheReport() throws Exception {
    writeSyntheticGrid();
    String same = Files.readString(Report.write(in, in).report(), UTF_8);
    assertTrue(same.contains("12 runs from `results.jsonl`"), same);
    String other = Files.readString(Report.write(in, out).report(), UTF_8);
    String expected =
        out.toAbsolutePath().relativize(in.toAbsolutePath().resolve("results.jsonl")).toString();
    assertTrue(expected.startsWith(".."), expected);
    assertTrue(other.contains("12 runs from `" + expected + "`"), other);
  }

  @Test
  void anInfiniteStepZeroRatioReadsAsInfinityNotAsUndefined() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(in);
    store.append(Fixtures.result(Fixtures.cell("he", 42)));
    store.append(Fixtures.result(Fixtures.cell("fixup", 42)));
    String md = Files.readString(Report.write(in, out).report(), UTF_8);
    assertTrue(md.contains("| fashion-mnist | densenet-ds | fixup | ∞ |"), md);
    assertTrue(md.contains("∞ means the main loss sends the backbone no gradient"), md);
  }

  @Test
  void putsThePapersNumbersBesideOursForCifar10AndNotesTheJpegCopy() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(in);
    for (String init : List.of("he", "lion-dg")) {
      for (long seed : new long[] {42, 123}) {
        Cell cell = new Cell("cifar10", "densenet-ds", init, seed, Fixtures.CONFIG);
        store.append(
            Fixtures.result(cell)
                .withProvenance(
                    new RunResult.DataSource("images", "cifar10-images.tar.gz", 3.2), "abc123"));
      }
    }
    String md = Files.readString(Report.write(in, out).report(), UTF_8);
    assertTrue(md.contains("## Against the paper"), md);
    assertTrue(
        md.contains("CIFAR-10 as image class folders (`cifar10-images.tar.gz`), not the original"),
        md);
    assertTrue(md.contains("JPEG quality 75, 4:2:0 chroma"), md);
    // The paper's Table 1 values for CIFAR-10 DenseNet-DS, beside ours.
    assertTrue(md.contains("| cifar10 | densenet-ds | he | 2 |"), md);
    assertTrue(md.contains("| 81.11 ± 1.03 | — | — |"), md);
    assertTrue(md.contains("| 80.59 ± 0.35 |"), md);
    assertTrue(md.contains("| +8.3 |"), md);
    // Table 6 per seed: ours / paper, and a dash where we have no run.
    assertTrue(md.contains("| 42 |"), md);
    assertTrue(md.contains(" / 79.71 |"), md);
    assertTrue(md.contains("| 456 | — / 81.45 | — / 81.04 | — / 84.07 | — / 82.58 |"), md);
    // And a verdict per claim these runs can test.
    assertTrue(md.contains("## The paper's claims: verdicts"), md);
    assertTrue(md.contains("| `lion-dg` converges faster than `he` on cifar10 densenet-ds |"), md);
    assertTrue(md.contains("| 2 of 2 runs exactly 0 |"), md);
  }

  /** Which code and data each run came from, without this machine's path; mixed code is flagged. */
  @Test
  void namesTheCodeAndDataOfTheRunsAndFlagsMixedCode() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(in);
    RunResult.DataSource data =
        new RunResult.DataSource("images", "/home/someone/data/cifar10-images.tar.gz", 3.2);
    RunResult.DataSource windows =
        new RunResult.DataSource("images", "C:\\Users\\someone\\cifar10-images\\", 3.2);
    String pinned = "c8af7c7af0e11029235836ed9b1685308260fde5";
    store.append(Fixtures.result(Fixtures.cell("he", 42)).withProvenance(data, pinned));
    store.append(Fixtures.result(Fixtures.cell("lion-dg", 42)).withProvenance(data, pinned));
    String md = Files.readString(Report.write(in, out).report(), UTF_8);
    assertTrue(
        md.contains("| 0.32.0 | 2.5.1 | cpu() | c8af7c7 | images, `cifar10-images.tar.gz` | 2 |"),
        md);
    assertFalse(md.contains("/home/someone"), md);
    assertFalse(md.contains("versions of the code"), md);

    store.append(
        Fixtures.result(Fixtures.cell("he", 123)).withProvenance(data, "0123456789abcdef-dirty"));
    store.append(Fixtures.result(Fixtures.cell("lion-dg", 123)));
    store.append(Fixtures.result(Fixtures.cell("lsuv", 123)).withProvenance(windows, pinned));
    md = Files.readString(Report.write(in, out).report(), UTF_8);
    assertTrue(md.contains("| c8af7c7 | images, `cifar10-images` | 1 |"), md);
    assertFalse(md.contains("someone"), md);
    assertTrue(md.contains("| 0123456-dirty | images, `cifar10-images.tar.gz` | 1 |"), md);
    assertTrue(md.contains("| unknown | unknown | 1 |"), md);
    assertTrue(md.contains("**These runs come from 2 versions of the code.**"), md);
  }

  @Test
  void leavesThePaperOutForDataItDoesNotReport() throws Exception {
    writeSyntheticGrid();
    String md = Files.readString(Report.write(in, out).report(), UTF_8);
    assertFalse(md.contains("Against the paper"), md);
  }

  @Test
  void reportsOnAGridWithOneSeedAndNoBaseline() throws Exception {
    ResultsStore store = ResultsStore.inDirectory(in);
    store.append(Fixtures.result(Fixtures.cell("lion-dg", 42)));
    Report.Written written = Report.write(in, out);
    String md = Files.readString(written.report(), UTF_8);
    assertTrue(md.contains("n/a"), md);
    assertTrue(md.contains("has no `he` runs to compare with"), md);
    assertEquals(3, written.plots().size());
  }

  @Test
  void aMissingResultsFileIsOneClearLineAndWritesNothing() {
    Path target = out.resolve("report");
    IOException e = assertThrows(IOException.class, () -> Report.write(in, target));
    assertTrue(e.getMessage().contains("results.jsonl does not exist"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    assertFalse(Files.exists(target));
  }

  @Test
  void aResultsFileWithoutCompleteResultsIsOneClearLine() throws Exception {
    Files.writeString(in.resolve("results.jsonl"), "{\"dataset\":\"fash", UTF_8);
    IOException e = assertThrows(IOException.class, () -> Report.write(in, out));
    assertTrue(e.getMessage().contains("holds no complete run result"), e.getMessage());
    assertFalse(Files.exists(out.resolve("report.md")));
  }
}
