package io.liondg.runtime.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.liondg.runtime.experiment.Cell;
import io.liondg.runtime.experiment.CellRunner;
import io.liondg.runtime.experiment.SlurmScript;
import io.liondg.runtime.models.Architecture;
import io.liondg.runtime.results.ResultJson;
import io.liondg.runtime.results.RunResult;
import io.liondg.runtime.run.StopRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs each grid cell as {@code lion-dg train} in a JVM of its own: the same java binary, the same
 * class path and the same {@code -D}/{@code -X} settings as this process, with {@code --out}
 * pointing at a temporary file that is read back and deleted. Separate processes share no native
 * state (PyTorch's thread pools, its allocator), a crash or an out-of-memory kill takes down one
 * cell only, and {@code --jobs N} becomes N training processes.
 *
 * <p>Each cell's output (its progress lines, summary and any error) goes to {@code
 * DIR/logs/<dataset>_<arch>_<init>_seed<seed>.log}; when a cell fails, the last line of that log
 * (the child's one-line error) becomes the cell's failure message. Child processes still running
 * when this JVM exits are stopped.
 *
 * <p>Ctrl-C: a terminal sends SIGINT to its whole foreground process group, this JVM and its cells
 * alike. The cells ignore SIGINT ({@link StopSignals#CELL_PROPERTY}); this JVM's handler ({@link
 * StopSignals#installForCells}) stops them with one SIGTERM each ({@link #stopCells}), after which
 * each ends at a step boundary, and a second Ctrl-C kills them. So no cell gets two signals from
 * one Ctrl-C.
 */
final class ProcessCellRunner implements CellRunner {

  /** The folder of the cells' logs inside the results folder. */
  static final String LOG_DIR = "logs";

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static final Set<Path> TEMP_FILES = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ProcessCellRunner::stopAll, "lion-dg-stop-cells"));
  }

  /**
   * Stops the running cells: with SIGTERM, after which a cell ends at its next step boundary with
   * no result; or {@code now}, with SIGKILL.
   *
   * @param now whether to kill them at once
   */
  static void stopCells(boolean now) {
    for (Process p : LIVE) {
      if (now) {
        p.destroyForcibly();
      } else {
        p.destroy();
      }
    }
  }

  /** On exit (kill, a hang-up): stop the cells still running and remove their temporary files. */
  private static void stopAll() {
    LIVE.forEach(Process::destroy);
    for (Process p : LIVE) {
      try {
        p.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        break;
      }
    }
    for (Path tmp : TEMP_FILES) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // best effort while the JVM goes down
      }
    }
  }

  private final Path resultsDir;
  private final Path dataDir;
  private final String device;
  private final int threads;
  private final String classpath;

  /**
   * @param resultsDir the grid's results folder (logs and temporary files go there)
   * @param dataDir {@code --data-dir} for every cell, or null for each dataset's default
   * @param device {@code --device} for every cell
   * @param threads {@code --threads} for every cell (at least 1)
   * @param classpath {@code --classpath} for cells of a user's model class, or null
   */
  ProcessCellRunner(Path resultsDir, Path dataDir, String device, int threads, String classpath) {
    this.resultsDir = resultsDir.toAbsolutePath().normalize();
    this.dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
    this.device = device;
    this.threads = threads;
    this.classpath = classpath;
  }

  @Override
  public RunResult run(Cell cell) throws Exception {
    Files.createDirectories(resultsDir.resolve(LOG_DIR));
    Path log = logOf(resultsDir).apply(cell);
    // A fresh name, not a file: train refuses to replace an existing --out.
    Path tmp = resultsDir.resolve(".cell-" + UUID.randomUUID() + ".json");
    TEMP_FILES.add(tmp);
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command(cell, tmp))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
      Process process = builder.start();
      LIVE.add(process);
      if (StopRequest.isRequested()) {
        process.destroy(); // Ctrl-C came between the grid's check and this start
      }
      int status;
      try {
        status = process.waitFor();
      } catch (InterruptedException e) {
        stop(process);
        throw e;
      } finally {
        LIVE.remove(process);
      }
      if (status != 0) {
        throw new IOException(failure(log, status) + " (log: " + log + ")");
      }
      String json = Files.readString(tmp, UTF_8).strip();
      if (json.isEmpty()) {
        throw new IOException("train wrote no result (log: " + log + ")");
      }
      return ResultJson.fromLine(json);
    } finally {
      Files.deleteIfExists(tmp);
      TEMP_FILES.remove(tmp);
    }
  }

  /**
   * @param resultsDir a grid's results folder
   * @return where each cell's log goes: {@code DIR/logs/<dataset>_<arch>_<init>_seed<seed>.log}
   */
  static Function<Cell, Path> logOf(Path resultsDir) {
    Path logs = resultsDir.toAbsolutePath().normalize().resolve(LOG_DIR);
    return cell ->
        logs.resolve(
            cell.dataset()
                + "_"
                + cell.arch()
                + "_"
                + cell.init()
                + "_seed"
                + cell.seed()
                + ".log");
  }

  /**
   * @return the child's command line
   */
  List<String> command(Cell cell, Path out) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmSettings());
    // Leave the terminal's Ctrl-C to the grid, which stops this cell with SIGTERM.
    command.add("-D" + StopSignals.CELL_PROPERTY + "=true");
    // A native crash report goes next to the cell's log, not into the current folder.
    command.add(
        "-XX:ErrorFile="
            + resultsDir
                .resolve(LOG_DIR)
                .resolve(
                    cell.dataset()
                        + "_"
                        + cell.arch()
                        + "_"
                        + cell.init()
                        + "_seed"
                        + cell.seed()
                        + "_hs_err_pid%p.log"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("train");
    // The same train flags as a Slurm grid, so both run the same command.
    command.addAll(SlurmScript.trainArgs(cell));
    command.addAll(List.of("--threads", Integer.toString(threads), "--device", device));
    if (dataDir != null) {
      command.addAll(List.of("--data-dir", dataDir.toString()));
    }
    if (classpath != null && !Architecture.isBuiltIn(cell.arch())) {
      command.addAll(List.of("--classpath", classpath));
    }
    command.addAll(List.of("--out", out.toString()));
    return command;
  }

  /**
   * @return this JVM's java binary (absolute), else {@code java.home}'s
   */
  static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * This JVM's system properties, heap and collector settings ({@code -D}, {@code -X}, {@code
   * -XX:}), which the children should share; debugging agents are left out (two JVMs cannot listen
   * on one debug port).
   */
  static List<String> jvmSettings() {
    List<String> settings = new ArrayList<>();
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      boolean agent =
          arg.startsWith("-Xrun")
              || arg.startsWith("-Xdebug")
              || arg.startsWith("-Xagent")
              || arg.startsWith("-agent")
              || arg.startsWith("-javaagent");
      if (!agent && (arg.startsWith("-D") || arg.startsWith("-X"))) {
        settings.add(arg);
      }
    }
    return settings;
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * @param log the child's output
   * @param status its exit status
   * @return one line saying why the cell failed: the child's own error line, or for a JVM that
   *     crashed in native code (PyTorch), the signal and the frame it crashed in
   */
  static String failure(Path log, int status) {
    List<String> lines;
    try {
      lines = Files.readAllLines(log, UTF_8);
    } catch (IOException e) {
      lines = List.of();
    }
    int fatal = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("A fatal error has been detected by the Java Runtime")) {
        fatal = i;
        break;
      }
    }
    if (fatal >= 0) {
      String signal = "";
      String frame = "";
      for (int i = fatal; i < lines.size(); i++) {
        String line = lines.get(i).replaceFirst("^#\\s*", "").strip();
        if (signal.isEmpty() && line.matches("SIG[A-Z]+ .*")) {
          signal = line.substring(0, line.indexOf(' '));
        }
        if (lines.get(i).contains("Problematic frame:") && i + 1 < lines.size()) {
          frame = lines.get(i + 1).replaceFirst("^#\\s*", "").strip();
          break;
        }
      }
      return "train crashed in native code"
          + (signal.isEmpty() ? "" : " (" + signal + ")")
          + (frame.isEmpty() ? "" : " at " + frame)
          + ", exit status "
          + status;
    }
    return lastLine(log).orElse("train exited with status " + status);
  }

  private static Optional<String> lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        String line = lines.get(i).strip();
        if (!line.isEmpty()) {
          return Optional.of(
              line.startsWith("lion-dg: ") ? line.substring("lion-dg: ".length()) : line);
        }
      }
    } catch (IOException e) {
      // No log: fall back to the exit status.
    }
    return Optional.empty();
  }
}
