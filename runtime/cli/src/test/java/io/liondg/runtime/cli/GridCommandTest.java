package io.liondg.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.data.Datasets;
import io.liondg.runtime.experiment.Cell;
import io.liondg.runtime.experiment.ResultsStore;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridCommandTest {

  @TempDir Path dir;

  @Test
  void childCommandCarriesEverySetting() {
    RunConfig config = new RunConfig(0.01, 0.1, 0.8, 0.99, 16, 0.5, 7, 0.6, 5, 3, false, 0);
    Cell cell = new Cell("synthetic", "resnet-ds", "hybrid", 9, config);
    List<String> command =
        new ProcessCellRunner(dir, null, "cpu", 1, null).command(cell, dir.resolve("out.json"));
    String line = String.join(" ", command);
    assertTrue(line.contains(" -cp "), line);
    assertTrue(line.contains(" -XX:ErrorFile=" + dir.resolve("logs")), line);
    assertTrue(
        line.contains(
            "io.liondg.runtime.cli.Main train --dataset synthetic --arch"
                + " resnet-ds --init hybrid --seed 9 --max-steps 7 --target 0.6 --window 5"
                + " --batch-size 16 --lr 0.01 --weight-decay 0.1 --aux-weight 0.5 --probe-every 3"
                + " --beta1 0.8 --beta2 0.99 --no-flip --threads 1 --device cpu --out "),
        line);
    assertFalse(line.contains("--image-size"), line);
    RunConfig resized = new RunConfig(0.01, 0.1, 0.8, 0.99, 16, 0.5, 7, 0.6, 5, 3, false, 0, 24);
    String resizing =
        String.join(
            " ",
            new ProcessCellRunner(dir, null, "cpu", 1, null)
                .command(
                    new Cell("folder:pets", "resnet-ds", "hybrid", 9, resized),
                    dir.resolve("out.json")));
    assertTrue(resizing.contains(" --no-flip --image-size 24 "), resizing);
    // The cell leaves the terminal's Ctrl-C to the grid (StopSignals).
    assertTrue(line.contains(" -D" + StopSignals.CELL_PROPERTY + "=true "), line);
  }

  @Test
  void aCrashedCellIsReportedByItsSignalAndFrame() throws Exception {
    Path log = dir.resolve("cell.log");
    Files.writeString(
        log,
        String.join(
            "\n",
            "densenet-ds/he/42 [##....] 30/300",
            "#",
            "# A fatal error has been detected by the Java Runtime Environment:",
            "#",
            "#  SIGSEGV (0xb) at pc=0x00007fade59c4de8, pid=5275, tid=5276",
            "#",
            "# Problematic frame:",
            "# C  [libtorch_cpu.so+0xe9c4de8]  dnnl_primitive_execute+0x228",
            "#",
            ""));
    assertEquals(
        "train crashed in native code (SIGSEGV) at C  [libtorch_cpu.so+0xe9c4de8]"
            + "  dnnl_primitive_execute+0x228, exit status 134",
        ProcessCellRunner.failure(log, 134));
    Files.writeString(log, "progress\nlion-dg: fashion-mnist: file x is truncated\n\n");
    assertEquals("fashion-mnist: file x is truncated", ProcessCellRunner.failure(log, 1));
    assertEquals(
        "train exited with status 3", ProcessCellRunner.failure(dir.resolve("missing.log"), 3));
  }

  @Test
  void runsACellInItsOwnProcessAndResumes() throws Exception {
    Path out = dir.resolve("grid");
    String[] args = {
      "grid",
      "--datasets",
      "synthetic",
      "--archs",
      "densenet-ds",
      "--inits",
      "lion-dg",
      "--seeds",
      "5",
      "--max-steps",
      "2",
      "--batch-size",
      "8",
      "--probe-every",
      "1",
      "--device",
      "cpu",
      "--threads",
      "1",
      "--out",
      out.toString()
    };
    // The same grid as a Slurm array first: --status reads its cell list back.
    List<String> emit = new java.util.ArrayList<>(List.of(args));
    emit.add("--emit-slurm");
    assertEquals(0, Cli.run(emit.toArray(String[]::new)).status());
    String[] status = {"grid", "--status", "--out", out.toString()};
    Cli.Run before = Cli.run(status);
    assertEquals(1, before.status(), before.out() + before.err());
    assertTrue(before.out().contains("not started"), before.out());

    Cli.Run run = Cli.run(args);
    assertEquals(0, run.status(), run.out() + run.err());
    Cli.Run after = Cli.run(status);
    assertEquals(0, after.status(), after.out() + after.err());
    assertTrue(after.out().contains("1 cells: 1 done;"), after.out());
    List<RunResult> results = ResultsStore.inDirectory(out).readAll();
    assertEquals(1, results.size());
    RunResult r = results.get(0);
    assertEquals("lion-dg", r.init());
    assertEquals(5, r.seed());
    assertEquals(1, r.config().threads());
    assertTrue(run.out().contains("1 ran now"), run.out());
    assertTrue(
        Files.isRegularFile(
            out.resolve("logs").resolve("synthetic_densenet-ds_lion-dg_seed5.log")));
    try (var files = Files.list(out)) {
      assertTrue(
          files.noneMatch(f -> f.getFileName().toString().startsWith(".cell-")),
          "temporary files are removed");
    }
    // Results and logs have the mode of any new file (0644 under umask 022), not 0600.
    var usual = Files.getPosixFilePermissions(Files.createFile(dir.resolve("mode-probe")));
    assertEquals(usual, Files.getPosixFilePermissions(ResultsStore.inDirectory(out).file()));
    assertEquals(
        usual,
        Files.getPosixFilePermissions(
            out.resolve("logs").resolve("synthetic_densenet-ds_lion-dg_seed5.log")));

    Cli.Run again = Cli.run(args);
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("1 were already done, 0 ran now"), again.out());
    assertEquals(1, ResultsStore.inDirectory(out).readAll().size());
    assertEquals(Cell.of(r).key(), Cell.of(ResultsStore.inDirectory(out).readAll().get(0)).key());
  }

  @Test
  void jobsDefaultToOnePerCoreWithinMemoryAndOneOnAGpu() {
    assertEquals(2, GridCommand.defaultJobs("auto", 2, 24));
    assertEquals(2, GridCommand.defaultJobs("cpu", 2, Double.NaN));
    assertEquals(4, GridCommand.defaultJobs("cpu", 16, 16), "one job per 4 GB");
    assertEquals(1, GridCommand.defaultJobs("cpu", 8, 2), "at least one");
    assertEquals(1, GridCommand.defaultJobs("gpu", 16, 128));
  }

  @Test
  void aBadImageFolderFailsOnceBeforeAnyCell() throws Exception {
    Path pets = dir.resolve("pets");
    for (String file : List.of("train/cat/0.png", "train/dog/0.png", "test/cat/0.png")) {
      Path png = pets.resolve(file);
      Files.createDirectories(png.getParent());
      ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
    }
    Path out = dir.resolve("grid");
    Cli.Run run =
        Cli.run(
            "grid",
            "--datasets",
            "folder",
            "--data-dir",
            pets.toString(),
            "--inits",
            "he,lion-dg",
            "--seeds",
            "1",
            "--max-steps",
            "2",
            "--out",
            out.toString(),
            "--no-progress");
    assertEquals(1, run.status(), run.err());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.err().contains("class 'dog' is in train/ but not in test/"), run.err());
    assertFalse(Files.exists(out.resolve("results.jsonl")));
  }

  @Test
  void imagesOfManySizesRunInAGridWithImageSize() throws Exception {
    Path pets = dir.resolve("pets");
    java.util.Random random = new java.util.Random(7);
    int n = 0;
    for (String file :
        List.of("train/cat/0.png", "train/dog/0.png", "test/cat/0.png", "test/dog/0.png")) {
      Path png = pets.resolve(file);
      Files.createDirectories(png.getParent());
      int side = 8 + 4 * n++;
      BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          image.setRGB(x, y, random.nextInt(1 << 24)); // all-black images give no gradient
        }
      }
      ImageIO.write(image, "png", png.toFile());
    }
    Path out = dir.resolve("grid");
    List<String> args =
        List.of(
            "grid",
            "--datasets",
            "folder",
            "--data-dir",
            pets.toString(),
            "--archs",
            "densenet-ds",
            "--inits",
            "he",
            "--seeds",
            "1",
            "--max-steps",
            "2",
            "--batch-size",
            "2",
            "--probe-every",
            "1",
            "--threads",
            "1",
            "--out",
            out.toString(),
            "--no-progress");
    Cli.Run unsized = Cli.run(args.toArray(String[]::new));
    assertEquals(1, unsized.status(), unsized.err());
    assertTrue(unsized.err().contains("or pass --image-size N"), unsized.err());

    List<String> sized = new java.util.ArrayList<>(args);
    sized.addAll(List.of("--image-size", "16"));
    Cli.Run run = Cli.run(sized.toArray(String[]::new));
    assertEquals(0, run.status(), run.out() + run.err());
    List<RunResult> results = ResultsStore.inDirectory(out).readAll();
    assertEquals(1, results.size());
    assertEquals("folder:pets", results.get(0).dataset());
    assertEquals(16, results.get(0).config().imageSize());
    Cli.Run again = Cli.run(sized.toArray(String[]::new));
    assertTrue(again.out().contains("1 were already done, 0 ran now"), again.out());
  }

  @Test
  void resultsOfAnotherFormOfTheDataAreNotResumedFrom() throws Exception {
    Path images = dir.resolve("cifar10-images");
    for (String c : Datasets.CIFAR10_CLASSES) {
      for (String split : List.of("train", "test")) {
        Path png = images.resolve(split).resolve(c).resolve("0.png");
        Files.createDirectories(png.getParent());
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
      }
    }
    Path out = dir.resolve("grid");
    RunResult binary =
        new RunResult(
            "cifar10",
            "densenet-ds",
            "he",
            1,
            1000,
            RunConfig.paper(),
            null,
            100,
            0.7,
            0.7,
            List.of(),
            10,
            5,
            RunResult.OK,
            null,
            List.of(),
            List.of(),
            new RunResult.DataSource("binary", "/data/cifar-10-binary.tar.gz", 1.0),
            null);
    ResultsStore.inDirectory(out).append(binary);
    String before = Files.readString(out.resolve("results.jsonl"));

    Cli.Run run =
        Cli.run(
            "grid",
            "--datasets",
            "cifar10",
            "--data-dir",
            images.toString(),
            "--inits",
            "he",
            "--seeds",
            "1",
            "--max-steps",
            "2",
            "--out",
            out.toString(),
            "--no-progress");
    assertEquals(1, run.status(), run.err());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(
        run.err().contains("cifar10 runs read as binary from /data/cifar-10-binary.tar.gz"),
        run.err());
    assertTrue(run.err().contains("this grid reads cifar10 as images from " + images), run.err());
    assertEquals(before, Files.readString(out.resolve("results.jsonl")));
  }
}
