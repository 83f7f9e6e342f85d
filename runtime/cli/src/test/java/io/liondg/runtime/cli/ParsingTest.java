package io.liondg.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.results.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Parsing, validation and error reporting: none of these start an engine or read data. */
class ParsingTest {

  @TempDir Path dir;

  /** A bad command line: exactly one line on stderr, the given text in it, status 2. */
  private static void usageError(Cli.Run run, String expected) {
    assertEquals(2, run.status(), run.err());
    assertEquals(1, run.errLines().size(), run.err());
    String line = run.errLines().get(0);
    assertTrue(line.startsWith("lion-dg: "), line);
    assertTrue(line.contains(expected), line);
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
  }

  @Test
  void unknownArchitectureNamesTheValidOnes() {
    usageError(
        Cli.run("train", "--arch", "densenet"),
        "--arch: unknown architecture"
            + " 'densenet'; expected one of densenet-ds, resnet-ds, resnet-ds-embedded");
  }

  @Test
  void unknownInitDatasetAndDeviceNameTheValidOnes() {
    usageError(
        Cli.run("train", "--init", "kaiming"),
        "expected one of he, xavier, lion-dg, lsuv, hybrid, fixup, rezero");
    usageError(
        Cli.run("train", "--dataset", "mnist"),
        "expected one of cifar10, cifar100, fashion-mnist, synthetic");
    usageError(Cli.run("bench", "--device", "tpu"), "expected one of auto, cpu, gpu");
    usageError(Cli.run("grid", "--inits", "he,kaiming"), "unknown init strategy 'kaiming'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--batch-size=0",
        "--max-steps=0",
        "--window=0",
        "--probe-every=0",
        "--target=0",
        "--target=1.5",
        "--lr=0",
        "--lr=-1",
        "--weight-decay=-0.1",
        "--aux-weight=-1",
        "--beta1=1",
        "--beta2=-0.5",
        "--threads=-1"
      })
  void impossibleTrainingValuesAreRejected(String flag) {
    String name = flag.substring(0, flag.indexOf('='));
    usageError(Cli.run("train", "--dataset", "synthetic", flag), name + " must be");
  }

  @Test
  void batchSizeZeroSaysWhatIsExpected() {
    usageError(Cli.run("train", "--batch-size", "0"), "--batch-size must be at least 1, got 0");
  }

  @Test
  void imageSizeIsForFolderDatasetsAndNotTooSmall() {
    usageError(
        Cli.run("train", "--dataset", "folder", "--image-size", "4"),
        "--image-size must be at least 8 (or 0 to keep the images' size), got 4");
    usageError(
        Cli.run("train", "--dataset", "synthetic", "--image-size", "16"),
        "--image-size is for --dataset folder only; synthetic has one image size already");
    Path out = dir.resolve("g");
    usageError(
        Cli.run(
            "grid",
            "--datasets",
            "folder,synthetic",
            "--image-size",
            "16",
            "--out",
            out.toString()),
        "--image-size is for --dataset folder only; synthetic has one image size already");
    assertFalse(Files.exists(out), "a refused grid writes nothing");
  }

  @Test
  void targetInPercentGetsAHint() {
    usageError(Cli.run("train", "--target", "70"), "write 0.7");
  }

  @Test
  void notANumberIsAUsageError() {
    usageError(Cli.run("train", "--batch-size", "abc"), "--batch-size: 'abc' is not an int");
  }

  @Test
  void misspelledFlagGetsASuggestion() {
    usageError(
        Cli.run("train", "--bach-size", "3"),
        "unknown option '--bach-size'; did you mean --batch-size?");
  }

  @Test
  void benchAndGridValidateTheirOwnFlags() {
    usageError(Cli.run("bench", "--steps", "0"), "--steps must be at least 1, got 0");
    usageError(Cli.run("bench", "--warmup", "-1"), "--warmup must be at least 0, got -1");
    usageError(
        Cli.run("grid", "--jobs", "0", "--out", dir.toString()),
        "--jobs must be at least 1, got 0");
    usageError(Cli.run("inspect", "--classes", "1"), "--classes must be at least 2, got 1");
    usageError(
        Cli.run("inspect", "--arch", "resnet-ds", "--model-class", "a.B"),
        "--arch and --model-class are alternatives");
  }

  @Test
  void appendNeedsOut() {
    usageError(Cli.run("train", "--dataset", "synthetic", "--append"), "--append needs --out");
  }

  @Test
  void noCommandIsAUsageError() {
    usageError(Cli.run(), "no command given");
  }

  @ParameterizedTest
  @ValueSource(strings = {"train", "grid", "report", "inspect", "bench", "demo"})
  void everyCommandHasHelp(String command) {
    Cli.Run run = Cli.run(command, "--help");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("Usage: lion-dg " + command), run.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"train", "bench", "grid", "demo"})
  void longCommandsOfferNoProgress(String command) {
    assertTrue(Cli.run(command, "--help").out().contains("--[no-]progress"), command);
  }

  @Test
  void trainHelpListsTheDesignFlags() {
    String help = Cli.run("train", "--help").out();
    for (String flag :
        List.of(
            "--dataset",
            "--data-dir",
            "--arch",
            "--init",
            "--seed",
            "--max-steps",
            "--target",
            "--window",
            "--batch-size",
            "--lr",
            "--weight-decay",
            "--aux-weight",
            "--probe-every",
            "--device",
            "--out")) {
      assertTrue(help.contains(flag), flag);
    }
    String grid = Cli.run("grid", "--help").out();
    for (String flag :
        List.of(
            "--datasets",
            "--archs",
            "--inits",
            "--seeds",
            "--jobs",
            "--out",
            "--emit-slurm",
            "--batch-size",
            "--target")) {
      assertTrue(grid.contains(flag), flag);
    }
  }

  @Test
  void versionAndTopLevelHelp() {
    Cli.Run version = Cli.run("--version");
    assertEquals(0, version.status());
    assertTrue(version.out().startsWith("lion-dg "), version.out());
    Cli.Run help = Cli.run("--help");
    assertEquals(0, help.status());
    for (String command : List.of("demo", "train", "grid", "report", "inspect", "bench")) {
      assertTrue(help.out().contains("  " + command + " "), command);
    }
  }

  @Test
  void helpTextsTakeTheNamesFromTheirRegistries() {
    String top = Cli.run("--help").out().replaceAll("\\s+", " ");
    assertTrue(
        top.contains(
            "Names: datasets cifar10, cifar100, fashion-mnist, synthetic, folder;"
                + " archs densenet-ds, resnet-ds, resnet-ds-embedded; inits he, xavier, lion-dg, lsuv,"
                + " hybrid, fixup, rezero."),
        top);
    String train = Cli.run("train", "--help").out().replaceAll("\\s+", " ");
    assertTrue(
        train.contains(
            "--init=<init> he, xavier, lion-dg, lsuv, hybrid, fixup, rezero."
                + " Default: lion-dg."),
        train);
  }

  @Test
  void trainDefaultsAreThePapersProtocol() {
    TrainCommand train = new TrainCommand();
    CommandLine cmd = new CommandLine(train);
    cmd.parseArgs();
    RunConfig parsed = train.training.config(cmd.getCommandSpec(), train.dataset);
    // The paper's protocol; it prescribes flips for CIFAR only.
    assertEquals(RunConfig.paper().withFlip(false), parsed);
    assertEquals("fashion-mnist", train.dataset);
    assertEquals(42, train.seed);
    assertEquals("auto", train.engine.device);
  }

  @Test
  void trainFlagsReachTheConfig() {
    TrainCommand train = new TrainCommand();
    CommandLine cmd = new CommandLine(train);
    cmd.parseArgs(
        "--max-steps",
        "7",
        "--target",
        "0.5",
        "--window",
        "3",
        "--batch-size",
        "16",
        "--lr",
        "0.01",
        "--weight-decay",
        "0",
        "--aux-weight",
        "0.5",
        "--probe-every",
        "2",
        "--no-flip");
    assertEquals(
        new RunConfig(0.01, 0, 0.9, 0.999, 16, 0.5, 7, 0.5, 3, 2, false, 4),
        train.training.config(cmd.getCommandSpec(), "cifar10", 4));
  }

  @Test
  void flipIsOnForCifarOffOtherwiseUnlessSaid() {
    for (String dataset : List.of("cifar10", "cifar100", "fashion-mnist", "synthetic")) {
      boolean cifar = dataset.startsWith("cifar");
      assertEquals(cifar, flipOf(dataset), dataset + " default");
      assertTrue(flipOf(dataset, "--flip"), dataset + " --flip");
      assertFalse(flipOf(dataset, "--no-flip"), dataset + " --no-flip");
    }
  }

  private static boolean flipOf(String dataset, String... args) {
    TrainCommand train = new TrainCommand();
    CommandLine cmd = new CommandLine(train);
    cmd.parseArgs(args);
    return train.training.config(cmd.getCommandSpec(), dataset).flip();
  }

  @Test
  void missingDataIsOneLineStatusOneAndNoResultFile() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path out = dir.resolve("out").resolve("result.json");
    Cli.Run run =
        Cli.run(
            "train",
            "--dataset",
            "fashion-mnist",
            "--data-dir",
            empty.toString(),
            "--max-steps",
            "3",
            "--out",
            out.toString());
    assertEquals(1, run.status(), run.err());
    assertEquals(1, run.errLines().size(), run.err());
    String line = run.errLines().get(0);
    assertTrue(line.startsWith("lion-dg: fashion-mnist"), line);
    assertTrue(line.contains("train-images-idx3-ubyte"), line);
    assertFalse(Files.exists(out), "no result file");
    try (var files = Files.list(out.getParent())) {
      assertEquals(0, files.count(), "no temporary file either");
    }
  }

  @Test
  void truncatedDataIsOneLine() throws Exception {
    Path broken = Files.createDirectories(dir.resolve("broken"));
    for (String name :
        List.of(
            "train-images-idx3-ubyte",
            "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte")) {
      Files.write(broken.resolve(name), new byte[] {0, 0, 8, 3, 0, 0});
    }
    Path out = dir.resolve("r.json");
    Cli.Run run =
        Cli.run(
            "train",
            "--dataset",
            "fashion-mnist",
            "--data-dir",
            broken.toString(),
            "--out",
            out.toString());
    assertEquals(1, run.status(), run.err());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.errLines().get(0).contains(broken.toString()), run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void outThatIsAFolderIsRejectedBeforeTraining() {
    Cli.Run run = Cli.run("train", "--dataset", "synthetic", "--out", dir.toString());
    assertEquals(1, run.status(), run.err());
    assertTrue(run.errLines().get(0).contains("is a folder; expected a file name"), run.err());
  }

  @Test
  void reportWithoutResultsIsOneLine() {
    Cli.Run run = Cli.run("report", "--in", dir.resolve("nothing").toString());
    assertEquals(1, run.status(), run.err());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.errLines().get(0).startsWith("lion-dg: no results to report"), run.err());
  }

  @Test
  void gridWithMissingDataFailsBeforeAnyCell() {
    Path empty = dir.resolve("none");
    Cli.Run run =
        Cli.run(
            "grid",
            "--datasets",
            "fashion-mnist",
            "--data-dir",
            empty.toString(),
            "--out",
            dir.resolve("grid").toString());
    assertEquals(1, run.status(), run.err());
    assertEquals(1, run.errLines().size(), run.err());
    assertFalse(Files.exists(dir.resolve("grid").resolve("results.jsonl")));
  }

  @Test
  void inspectOfAClassThatIsNotThereIsOneLine() {
    Cli.Run run = Cli.run("inspect", "--model-class", "com.example.Missing");
    assertEquals(2, run.status(), run.err());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.errLines().get(0).contains("no such class"), run.err());
  }

  @Test
  void emitSlurmWritesTheScriptWithoutRunning() throws Exception {
    Path out = dir.resolve("slurm");
    Cli.Run run =
        Cli.run(
            "grid",
            "--datasets",
            "synthetic",
            "--inits",
            "he,lion-dg",
            "--seeds",
            "1,2",
            "--max-steps",
            "5",
            "--out",
            out.toString(),
            "--emit-slurm");
    assertEquals(0, run.status(), run.err());
    String script = Files.readString(out.resolve("grid.slurm"));
    assertTrue(script.contains("#SBATCH --array=0-3"), script);
    assertEquals(4, Files.readAllLines(out.resolve("grid-cells.txt")).size());
    assertFalse(Files.exists(out.resolve("results.jsonl")));
    assertTrue(run.out().contains("sbatch"), run.out());
    assertTrue(script.contains("#SBATCH --mem=4G\n"), script);
    assertTrue(script.contains("io.liondg.runtime.cli.Main train"), script);

    Cli.Run status = Cli.run("grid", "--status", "--out", out.toString());
    assertEquals(1, status.status(), status.err());
    assertTrue(status.out().contains("4 cells: 4 not started;"), status.out());

    Cli.Run bad =
        Cli.run(
            "grid",
            "--datasets",
            "synthetic",
            "--out",
            out.toString(),
            "--emit-slurm",
            "--slurm-mem",
            "lots");
    assertEquals(2, bad.status(), bad.err());
    assertEquals(1, bad.errLines().size(), bad.err());
  }

  @Test
  void statusOfALocalGridListsItsCells() {
    Cli.Run status =
        Cli.run(
            "grid",
            "--datasets",
            "synthetic",
            "--inits",
            "he,lion-dg",
            "--seeds",
            "1",
            "--out",
            dir.resolve("nothing-yet").toString(),
            "--status");
    assertEquals(1, status.status(), status.err());
    assertTrue(status.out().contains("a grid of 2 cells"), status.out());
    assertTrue(status.out().contains("2 cells: 2 not started;"), status.out());
  }

  @Test
  void aGridOverDatasetsFlipsByEachDatasetsDefault() throws Exception {
    Path out = dir.resolve("two-datasets");
    Cli.Run run =
        Cli.run(
            "grid",
            "--datasets",
            "cifar10,fashion-mnist",
            "--inits",
            "he",
            "--seeds",
            "1",
            "--out",
            out.toString(),
            "--emit-slurm");
    assertEquals(0, run.status(), run.err());
    List<String> cells = Files.readAllLines(out.resolve("grid-cells.txt"));
    assertEquals(2, cells.size());
    assertTrue(
        cells.get(0).startsWith("--dataset cifar10 ") && cells.get(0).endsWith(" --flip"),
        cells.get(0));
    assertTrue(
        cells.get(1).startsWith("--dataset fashion-mnist ") && cells.get(1).endsWith(" --no-flip"),
        cells.get(1));
  }

  @Test
  void aFileWhereAFolderIsExpectedSaysSo() throws Exception {
    Path results = dir.resolve("results.jsonl");
    Files.writeString(results, "");
    usageError(
        Cli.run("report", "--in", results.toString()),
        "--in "
            + results
            + " is a file, not a folder; expected the grid's results folder that holds"
            + " results.jsonl (here: --in "
            + dir.toAbsolutePath()
            + ")");
    usageError(
        Cli.run("grid", "--datasets", "synthetic", "--out", results.toString()),
        "--out " + results + " is a file, not a folder");
    Cli.Run run =
        Cli.run(
            "train",
            "--dataset",
            "fashion-mnist",
            "--data-dir",
            results.toString(),
            "--no-progress");
    assertEquals(1, run.status(), run.err());
    assertTrue(run.err().contains(results + " is a file, not a folder"), run.err());
  }
}
