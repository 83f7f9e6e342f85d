package io.liondg.runtime.experiment;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.liondg.runtime.data.Datasets;
import io.liondg.runtime.models.Architecture;
import io.liondg.runtime.results.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Writes a Slurm job-array script for a grid ({@code lion-dg grid --emit-slurm}): one cell per
 * array task, each task running {@code lion-dg train ... --out DIR/results.jsonl --append}, so
 * all tasks append to the same results file a local grid uses (the append takes a file lock,
 * so lines never interleave). {@code lion-dg grid} and {@code lion-dg report} work on that
 * folder as usual afterwards, and a local rerun of the grid skips what the cluster finished.
 *
 * <p>Two files go into the results folder: {@value #CELLS_FILE}, line {@code i + 1} of which
 * holds the {@code train} flags of array task {@code i}, and {@value #SCRIPT_FILE}. Keeping the
 * cells in a file (rather than in bash arrays in the script) keeps the script short and the
 * list easy to check with {@code sed -n 5p}. A {@code slurm-logs/} folder is created too,
 * because Slurm does not create the folder of {@code --output} and a task whose log cannot
 * be opened fails without a trace.
 *
 * <p>Every setting of a cell is passed as a {@code train} flag except {@code threads}: each
 * task's threads follow {@code --cpus-per-task} through {@code OMP_NUM_THREADS}.
 */
public final class SlurmScript {

  /** The script's file name in the results folder. */
  public static final String SCRIPT_FILE = "grid.slurm";
  /** The cell list's file name in the results folder. */
  public static final String CELLS_FILE = "grid-cells.txt";
  /** The folder of the tasks' logs in the results folder. */
  public static final String LOG_DIR = "slurm-logs";

  private SlurmScript() {}

  /**
   * How the tasks run.
   *
   * @param launcher the {@code lion-dg} launcher the tasks call (made absolute)
   * @param dataDir {@code --data-dir} for every task, or null for {@code train}'s default
   * @param device {@code --device} for every task ({@code auto}, {@code cpu}, {@code gpu})
   * @param cpusPerTask {@code #SBATCH --cpus-per-task}
   * @param gpusPerTask GPUs per task ({@code #SBATCH --gres=gpu:N}); 0 for none
   * @param timeLimit {@code #SBATCH --time}, e.g. {@code 01:00:00}; null for the cluster's
   *     default
   * @param partition {@code #SBATCH --partition}; null for the cluster's default
   * @param maxConcurrent most tasks at once ({@code --array=0-N%K}); 0 for no limit
   */
  public record Options(Path launcher, Path dataDir, String device, int cpusPerTask,
      int gpusPerTask, String timeLimit, String partition, int maxConcurrent) {

    public Options {
      Objects.requireNonNull(launcher, "launcher");
      Objects.requireNonNull(device, "device");
      if (cpusPerTask < 1 || gpusPerTask < 0 || maxConcurrent < 0) {
        throw new IllegalArgumentException("cpus per task must be at least 1, gpus per task"
            + " and max concurrent tasks at least 0");
      }
    }

    /**
     * @param launcher the {@code lion-dg} launcher
     * @return CPU tasks with 2 cores each, cluster defaults otherwise
     */
    public static Options cpu(Path launcher) {
      return new Options(launcher, null, "cpu", 2, 0, null, null, 0);
    }
  }

  /**
   * Writes the script, the cell list and the log folder into {@code resultsDir}.
   *
   * @param resultsDir the grid's results folder (created if missing)
   * @param cells the cells to run, typically those not finished yet
   * @param options how the tasks run
   * @return the script, to be submitted with {@code sbatch}
   * @throws IOException if a file cannot be written
   * @throws IllegalArgumentException if there are no cells, or a name holds whitespace
   */
  public static Path write(Path resultsDir, List<Cell> cells, Options options)
      throws IOException {
    if (cells.isEmpty()) {
      throw new IllegalArgumentException("no cells to run: every cell of the grid is already"
          + " in " + resultsDir.resolve(ResultsStore.FILE_NAME));
    }
    Path dir = resultsDir.toAbsolutePath().normalize();
    Files.createDirectories(dir.resolve(LOG_DIR));
    List<String> lines = new ArrayList<>();
    for (Cell cell : cells) {
      lines.add(String.join(" ", trainArgs(cell)));
    }
    Path cellsFile = dir.resolve(CELLS_FILE);
    Files.write(cellsFile, lines, UTF_8);
    Path script = dir.resolve(SCRIPT_FILE);
    Files.writeString(script, script(dir, cellsFile, cells.size(), options), UTF_8);
    try {
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system; sbatch reads the script anyway.
    }
    return script;
  }

  /**
   * The {@code train} flags of one cell (without {@code --out}, {@code --device},
   * {@code --data-dir}, {@code --classpath}). A cell whose arch is not a built-in architecture
   * is a user's model class ({@code --model-class}); a {@code folder:NAME} dataset is read with
   * {@code --dataset folder}.
   *
   * @param cell a cell
   * @return its flags and values, in order
   */
  public static List<String> trainArgs(Cell cell) {
    RunConfig c = cell.config();
    List<String> args = new ArrayList<>(List.of(
        "--dataset", word(Datasets.flagName(cell.dataset())),
        Architecture.isBuiltIn(cell.arch()) ? "--arch" : "--model-class", word(cell.arch()),
        "--init", word(cell.init()), "--seed", Long.toString(cell.seed()),
        "--max-steps", Integer.toString(c.maxSteps()), "--target", Double.toString(c.target()),
        "--window", Integer.toString(c.window()), "--batch-size", Integer.toString(c.batchSize()),
        "--lr", Double.toString(c.lr()), "--weight-decay", Double.toString(c.weightDecay()),
        "--aux-weight", Double.toString(c.auxWeight()),
        "--probe-every", Integer.toString(c.probeEvery()),
        "--beta1", Double.toString(c.beta1()), "--beta2", Double.toString(c.beta2()),
        c.flip() ? "--flip" : "--no-flip"));
    return args;
  }

  /** Cell lines are split on whitespace by bash's {@code read -a}; a name must be one word. */
  private static String word(String name) {
    if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("a grid name must be one word, got '" + name + "'");
    }
    return name;
  }

  private static String script(Path dir, Path cellsFile, int taskCount, Options o) {
    Path results = dir.resolve(ResultsStore.FILE_NAME);
    StringBuilder s = new StringBuilder();
    s.append("#!/usr/bin/env bash\n");
    s.append("# lion-dg grid as a Slurm job array: one cell per array task.\n");
    s.append("# Written by `lion-dg grid --emit-slurm`. Submit with: sbatch ")
        .append(dir.resolve(SCRIPT_FILE)).append('\n');
    s.append("# Task i runs line i+1 of ").append(cellsFile).append(" and appends its result\n");
    s.append("# to ").append(results).append(" (a file lock keeps lines whole).\n");
    s.append("#SBATCH --job-name=lion-dg-grid\n");
    s.append("#SBATCH --array=0-").append(taskCount - 1)
        .append(o.maxConcurrent() > 0 ? "%" + o.maxConcurrent() : "").append('\n');
    s.append("#SBATCH --ntasks=1\n");
    s.append("#SBATCH --cpus-per-task=").append(o.cpusPerTask()).append('\n');
    if (o.gpusPerTask() > 0) {
      s.append("#SBATCH --gres=gpu:").append(o.gpusPerTask()).append('\n');
    }
    if (o.timeLimit() != null) {
      s.append("#SBATCH --time=").append(o.timeLimit()).append('\n');
    }
    if (o.partition() != null) {
      s.append("#SBATCH --partition=").append(o.partition()).append('\n');
    }
    s.append("#SBATCH --output=").append(dir.resolve(LOG_DIR)).append("/%A_%a.out\n");
    s.append('\n');
    s.append("set -euo pipefail\n\n");
    s.append("cells=").append(quote(cellsFile.toString())).append('\n');
    s.append("task=\"${SLURM_ARRAY_TASK_ID:?submit this script with sbatch,"
        + " which sets SLURM_ARRAY_TASK_ID}\"\n");
    s.append("line=\"$(sed -n \"$((task + 1))p\" \"$cells\")\"\n");
    s.append("if [[ -z \"$line\" ]]; then\n");
    s.append("  echo \"lion-dg: no cell for array task $task in $cells\" >&2\n");
    s.append("  exit 2\n");
    s.append("fi\n");
    s.append("read -r -a cell <<< \"$line\"\n");
    s.append("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
    StringJoiner command = new StringJoiner(" ");
    command.add("exec").add(quote(o.launcher().toAbsolutePath().normalize().toString()))
        .add("train").add("\"${cell[@]}\"").add("--device").add(quote(o.device()));
    if (o.dataDir() != null) {
      command.add("--data-dir").add(quote(o.dataDir().toAbsolutePath().normalize().toString()));
    }
    command.add("--out").add(quote(results.toString())).add("--append");
    s.append(command).append('\n');
    return s.toString();
  }

  /** Single-quotes a word for bash: nothing inside is expanded. */
  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
