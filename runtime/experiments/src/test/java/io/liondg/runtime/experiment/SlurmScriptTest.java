package io.liondg.runtime.experiment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job-array script, run with bash as Slurm would run it (the environment of an array task set
 * by hand); the real cluster's test is runtime/cli/src/test/slurm/grid-on-slurm.sh.
 */
class SlurmScriptTest {

  @TempDir Path dir;

  private static boolean hasBash() {
    return Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash"));
  }

  private List<Cell> cells() {
    return new GridSpec(
            List.of("fashion-mnist"),
            List.of("densenet-ds"),
            List.of("he", "lion-dg"),
            List.of(42L, 123L),
            Fixtures.CONFIG)
        .cells();
  }

  /** A "java" that writes its arguments and some of its environment to {@code calls}. */
  private Path fakeJava(Path calls, int exit) throws IOException {
    Path java = dir.resolve("jdk's bin").resolve("java");
    Files.createDirectories(java.getParent());
    Files.writeString(
        java,
        "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > "
            + SlurmScript.quote(calls.toString())
            + "\necho \"omp=$OMP_NUM_THREADS"
            + " glibc=${GLIBC_TUNABLES:-}\" >> "
            + SlurmScript.quote(calls.toString())
            + "\nexit "
            + exit
            + "\n",
        UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    return java;
  }

  private SlurmScript.JavaCommand command(Path java) throws IOException {
    Path classes = Files.createDirectories(dir.resolve("build").resolve("classes"));
    Path lib = Files.createDirectories(dir.resolve("build").resolve("lib"));
    return new SlurmScript.JavaCommand(
        java,
        List.of("-XX:+UseSerialGC", "-Dlion-dg.commit=abc"),
        List.of(classes.toString(), lib + "/*"),
        Map.of("GLIBC_TUNABLES", "glibc.malloc.x=1"));
  }

  @Test
  void writesAnArrayOfOneTaskPerCell() throws Exception {
    Path script =
        SlurmScript.write(
            dir.resolve("results"),
            cells(),
            SlurmScript.Options.cpu(command(Path.of("/opt/jdk/bin/java"))));
    String text = Files.readString(script, UTF_8);
    assertTrue(text.startsWith("#!/usr/bin/env bash\n"));
    for (String directive :
        List.of(
            "--array=0-3",
            "--cpus-per-task=2",
            "--mem=4G",
            "--job-name=lion-dg-grid",
            "--requeue",
            "--open-mode=append",
            "--output=" + dir.resolve("results").resolve("slurm-logs") + "/%A_%a.out")) {
      assertTrue(text.contains("#SBATCH " + directive + "\n"), directive + " in\n" + text);
    }
    assertFalse(text.contains("--account"), text);
    assertTrue(text.contains("--append --skip-done"), text);
    assertTrue(text.contains("java='/opt/jdk/bin/java'\n"), text);
    assertFalse(text.contains("lion-dg train"), "no launcher");
    assertTrue(
        text.lines().filter(l -> l.contains("mvnw")).allMatch(l -> l.contains("fail \"")),
        "no build, only a message saying how to build");
    assertTrue(text.contains("shared") || text.contains("every node sees"), text);
    List<String> lines = Files.readAllLines(dir.resolve("results").resolve(SlurmScript.CELLS_FILE));
    assertEquals(4, lines.size());
    assertEquals(String.join(" ", SlurmScript.trainArgs(cells().get(1))), lines.get(1));
    assertTrue(
        lines
            .get(1)
            .startsWith(
                "--dataset fashion-mnist --arch densenet-ds --init lion-dg"
                    + " --seed 42 --max-steps 400 --target 0.7 "),
        lines.get(1));
    assertTrue(Files.isDirectory(dir.resolve("results").resolve(SlurmScript.LOG_DIR)));
    // Every #SBATCH line comes before the first command, or Slurm ignores it.
    int lastDirective = text.lastIndexOf("#SBATCH");
    assertTrue(lastDirective < text.indexOf("set -euo pipefail"));
  }

  @Test
  void eachTaskRunsItsCellWithTheBuiltClassesAndRecordsItsState() throws Exception {
    assumeTrue(hasBash(), "needs bash");
    Path calls = dir.resolve("calls.txt");
    SlurmScript.JavaCommand java = command(fakeJava(calls, 0));
    Path results = dir.resolve("it's results");
    Path logs = dir.resolve("logs here");
    SlurmScript.Options options =
        new SlurmScript.Options(
            java,
            dir.resolve("data"),
            "gpu",
            4,
            1,
            "6G",
            "01:00:00",
            "gpu",
            "proj-42",
            "my-grid",
            logs,
            2);
    Path script = SlurmScript.write(results, cells(), options);
    String text = Files.readString(script, UTF_8);
    for (String directive :
        List.of(
            "--gres=gpu:1",
            "--array=0-3%2",
            "--mem=6G",
            "--time=01:00:00",
            "--partition=gpu",
            "--account=proj-42",
            "--job-name=my-grid",
            "--output=" + logs + "/%A_%a.out")) {
      assertTrue(text.contains("#SBATCH " + directive + "\n"), directive + " in\n" + text);
    }
    assertTrue(Files.isDirectory(logs));
    assertEquals(0, bash(List.of("-n", script.toString()), null, Map.of()).exit, "bash -n");

    Run run = bash(List.of(script.toString()), "2", Map.of());
    assertEquals(0, run.exit, run.output);
    List<String> args = Files.readAllLines(calls);
    List<String> expected =
        new ArrayList<>(
            List.of(
                "-XX:+UseSerialGC",
                "-Dlion-dg.commit=abc",
                "-XX:ErrorFile=" + logs + "/77_2_hs_err_pid%p.log",
                "-cp",
                String.join(":", java.classPath()),
                SlurmScript.MAIN_CLASS,
                "train"));
    expected.addAll(SlurmScript.trainArgs(cells().get(2)));
    expected.addAll(
        List.of(
            "--threads",
            "4",
            "--device",
            "gpu",
            "--data-dir",
            dir.resolve("data").toString(),
            "--out",
            results.resolve("results.jsonl").toString(),
            "--append",
            "--skip-done",
            "omp=4 glibc=glibc.malloc.x=1"));
    assertEquals(expected, args);
    String state = Files.readString(results.resolve(SlurmScript.STATE_DIR).resolve("2"));
    assertTrue(state.startsWith("done 77_2 "), state);

    Run missing = bash(List.of(script.toString()), "9", Map.of());
    assertEquals(2, missing.exit, missing.output);
    assertTrue(missing.output.contains("no cell for array task 9"), missing.output);
  }

  @Test
  void aMissingBuildOrJavaStopsTheTaskWithOneLine() throws Exception {
    assumeTrue(hasBash(), "needs bash");
    Path calls = dir.resolve("calls.txt");
    Path java = fakeJava(calls, 0);
    SlurmScript.JavaCommand command = command(java);
    Path results = dir.resolve("results");
    Path script = SlurmScript.write(results, cells(), SlurmScript.Options.cpu(command));

    Files.delete(dir.resolve("build").resolve("lib"));
    Run noBuild = bash(List.of(script.toString()), "0", Map.of());
    assertEquals(1, noBuild.exit, noBuild.output);
    assertEquals(1, noBuild.output.strip().lines().count(), noBuild.output);
    assertTrue(
        noBuild.output.contains(
            "the lion-dg build is missing: no " + dir.resolve("build").resolve("lib")),
        noBuild.output);
    assertFalse(Files.exists(calls), "java never ran");
    assertTrue(
        Files.readString(results.resolve(SlurmScript.STATE_DIR).resolve("0"))
            .startsWith("failed 77_0 "));
    Files.createDirectories(dir.resolve("build").resolve("lib"));

    Run noJava = bash(List.of(script.toString()), "0", Map.of("LION_DG_JAVA", "/nowhere/java"));
    assertEquals(1, noJava.exit, noJava.output);
    assertEquals(1, noJava.output.strip().lines().count(), noJava.output);
    assertTrue(noJava.output.contains("no Java at /nowhere/java"), noJava.output);

    Path other = dir.resolve("other-java");
    Files.copy(java, other);
    Run overridden =
        bash(List.of(script.toString()), "0", Map.of("LION_DG_JAVA", other.toString()));
    assertEquals(0, overridden.exit, overridden.output);
    assertTrue(Files.exists(calls));
  }

  @Test
  void aFailingRunIsRecordedAsFailed() throws Exception {
    assumeTrue(hasBash(), "needs bash");
    Path results = dir.resolve("results");
    Path script =
        SlurmScript.write(
            results,
            cells(),
            SlurmScript.Options.cpu(command(fakeJava(dir.resolve("calls.txt"), 3))));
    Run run = bash(List.of(script.toString()), "1", Map.of());
    assertEquals(3, run.exit, run.output);
    String state = Files.readString(results.resolve(SlurmScript.STATE_DIR).resolve("1"));
    assertTrue(state.startsWith("failed 77_1 ") && state.contains(" exit=3 log="), state);
  }

  @Test
  void aNewScriptForgetsTheStatesOfTheOldArray() throws Exception {
    Path results = dir.resolve("results");
    SlurmScript.Options options = SlurmScript.Options.cpu(command(Path.of("/opt/java")));
    SlurmScript.write(results, cells(), options);
    Path old = results.resolve(SlurmScript.STATE_DIR).resolve("3");
    Files.writeString(old, "failed 5_3 node 2026-01-01T00:00:00Z restarts=0 exit=1\n");
    SlurmScript.write(results, cells().subList(0, 2), options);
    assertFalse(Files.exists(old));
  }

  @Test
  void theClassPathOfTheLauncherIsWrittenAsTheLauncherWritesIt() throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path lib = Files.createDirectories(dir.resolve("lib"));
    Path extra = Files.createDirectories(dir.resolve("extra"));
    for (String jar : List.of("a.jar", "b.jar", "c.jar")) {
      Files.writeString(lib.resolve(jar), "");
    }
    Files.writeString(extra.resolve("x.jar"), "");
    Files.writeString(extra.resolve("y.jar"), "");
    String cp =
        String.join(
            ":",
            classes.toString(),
            lib.resolve("b.jar").toString(),
            lib.resolve("a.jar").toString(),
            lib.resolve("c.jar").toString(),
            extra.resolve("x.jar").toString());
    assertEquals(
        List.of(classes.toString(), lib + "/*", extra.resolve("x.jar").toString()),
        SlurmScript.JavaCommand.compact(cp));
  }

  @Test
  void refusesAnEmptyGridAndBadSettings() throws Exception {
    SlurmScript.JavaCommand java = command(Path.of("/opt/java"));
    assertThrows(
        IllegalArgumentException.class,
        () -> SlurmScript.write(dir, List.of(), SlurmScript.Options.cpu(java)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SlurmScript.Options(
                java, null, "cpu", 1, 0, "4 GB", null, null, null, "x", null, 0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SlurmScript.Options(
                java, null, "cpu", 1, 0, "4G", null, null, "my account", "x", null, 0));
  }

  private record Run(int exit, String output) {}

  private Run bash(List<String> args, String taskId, Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash"));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = pb.environment();
    for (String name : new HashMap<>(environment).keySet()) {
      if (name.startsWith("SLURM_") || name.equals("LION_DG_JAVA")) {
        environment.remove(name);
      }
    }
    if (taskId != null) {
      environment.put("SLURM_ARRAY_TASK_ID", taskId);
      environment.put("SLURM_ARRAY_JOB_ID", "77");
      environment.put("SLURM_CPUS_PER_TASK", "4");
    }
    environment.putAll(env);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return new Run(p.exitValue(), output);
  }
}
