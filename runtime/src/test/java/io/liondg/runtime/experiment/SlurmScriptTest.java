package io.liondg.runtime.experiment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmScriptTest {

  @TempDir
  Path dir;

  private static boolean hasBash() {
    return Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of(
        "/usr/bin/bash"));
  }

  private List<Cell> cells() {
    return new GridSpec(List.of("fashion-mnist"), List.of("densenet-ds"),
        List.of("he", "lion-dg"), List.of(42L, 123L), Fixtures.CONFIG).cells();
  }

  @Test
  void writesAnArrayOfOneTaskPerCell() throws Exception {
    Path script = SlurmScript.write(dir.resolve("results"), cells(),
        SlurmScript.Options.cpu(Path.of("/opt/lion-dg/lion-dg")));
    String text = Files.readString(script, UTF_8);
    assertTrue(text.startsWith("#!/usr/bin/env bash\n"));
    assertTrue(text.contains("#SBATCH --array=0-3\n"), text);
    assertTrue(text.contains("#SBATCH --cpus-per-task=2\n"), text);
    assertTrue(text.contains("--append"), text);
    List<String> lines = Files.readAllLines(dir.resolve("results").resolve(
        SlurmScript.CELLS_FILE));
    assertEquals(4, lines.size());
    assertEquals(String.join(" ", SlurmScript.trainArgs(cells().get(1))), lines.get(1));
    assertTrue(lines.get(1).startsWith("--dataset fashion-mnist --arch densenet-ds --init lion-dg"
        + " --seed 42 --max-steps 400 --target 0.7 "), lines.get(1));
    assertTrue(Files.isDirectory(dir.resolve("results").resolve(SlurmScript.LOG_DIR)));
    // Every #SBATCH line comes before the first command, or Slurm ignores it.
    int lastDirective = text.lastIndexOf("#SBATCH");
    assertTrue(lastDirective < text.indexOf("set -euo pipefail"));
  }

  @Test
  void eachTaskRunsItsCellAndAppendsToTheSharedResults() throws Exception {
    assumeTrue(hasBash(), "needs bash");
    Path calls = dir.resolve("calls.txt");
    Path launcher = dir.resolve("fake launcher");
    Files.writeString(launcher, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > "
        + SlurmScript.quote(calls.toString()) + "\necho \"threads=$OMP_NUM_THREADS\" >> "
        + SlurmScript.quote(calls.toString()) + "\n", UTF_8);
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
    Path results = dir.resolve("it's results");
    SlurmScript.Options options = new SlurmScript.Options(launcher, dir.resolve("data"), "gpu",
        4, 1, "01:00:00", "gpu", 2);
    Path script = SlurmScript.write(results, cells(), options);
    String text = Files.readString(script, UTF_8);
    assertTrue(text.contains("#SBATCH --gres=gpu:1\n"), text);
    assertTrue(text.contains("#SBATCH --array=0-3%2\n"), text);
    assertEquals(0, bash(List.of("-n", script.toString()), null).exit, "bash -n");

    Run run = bash(List.of(script.toString()), "2");
    assertEquals(0, run.exit, run.output);
    List<String> args = Files.readAllLines(calls);
    List<String> expected = new ArrayList<>(List.of("train"));
    expected.addAll(SlurmScript.trainArgs(cells().get(2)));
    expected.addAll(List.of("--device", "gpu", "--data-dir", dir.resolve("data").toString(),
        "--out", results.resolve("results.jsonl").toString(), "--append", "threads=4"));
    assertEquals(expected, args);

    Run missing = bash(List.of(script.toString()), "9");
    assertEquals(2, missing.exit, missing.output);
    assertTrue(missing.output.contains("no cell for array task 9"), missing.output);
  }

  @Test
  void refusesAnEmptyGrid() {
    assertThrows(IllegalArgumentException.class, () -> SlurmScript.write(dir, List.of(),
        SlurmScript.Options.cpu(Path.of("lion-dg"))));
  }

  private record Run(int exit, String output) {}

  private Run bash(List<String> args, String taskId) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash"));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("SLURM_ARRAY_TASK_ID");
    if (taskId != null) {
      pb.environment().put("SLURM_ARRAY_TASK_ID", taskId);
      pb.environment().put("SLURM_CPUS_PER_TASK", "4");
    }
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return new Run(p.exitValue(), output);
  }
}
