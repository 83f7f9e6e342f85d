package io.liondg.runtime.experiment;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.liondg.runtime.data.Datasets;
import io.liondg.runtime.models.Architecture;
import io.liondg.runtime.results.RunConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes a Slurm job-array script for a grid ({@code lion-dg grid --emit-slurm}): one cell per
 * array task, each task running {@code train ... --out DIR/results.jsonl --append --skip-done}, so
 * all tasks append to the same results file a local grid uses (the append takes a file lock, so
 * lines never interleave). {@code lion-dg grid} and {@code lion-dg report} work on that folder as
 * usual afterwards, and a local rerun of the grid skips what the cluster finished.
 *
 * <p>Files in the results folder: {@value #CELLS_FILE}, line {@code i + 1} of which holds the
 * {@code train} flags of array task {@code i}; {@value #SCRIPT_FILE}; {@value #STATE_DIR}/, where
 * each task records {@code running}, {@code done}, {@code stopped} or {@code failed} (read by
 * {@code lion-dg grid --status}); and the log folder ({@value #LOG_DIR}/ unless chosen), made here
 * because Slurm does not create the folder of {@code --output} and a task whose log cannot be
 * opened fails without a trace.
 *
 * <p>No task builds anything: each runs the prebuilt classes with the Java, JVM options, class path
 * and environment written into the script ({@link JavaCommand}, normally those of the {@code
 * lion-dg} that wrote it), and stops at once with one line if the Java or a class path entry is
 * missing on its node. The tasks are requeued on node failure ({@code --requeue}); {@code
 * --skip-done} makes a requeued task whose cell is already stored exit at once, and makes the check
 * and the append one locked step, so a cell is never stored twice.
 *
 * <p>Every setting of a cell is passed as a {@code train} flag except {@code threads}: each task's
 * threads follow {@code --cpus-per-task}.
 */
public final class SlurmScript {

  /** The script's file name in the results folder. */
  public static final String SCRIPT_FILE = "grid.slurm";

  /** The cell list's file name in the results folder. */
  public static final String CELLS_FILE = "grid-cells.txt";

  /** The default folder of the tasks' logs in the results folder. */
  public static final String LOG_DIR = "slurm-logs";

  /** The folder of the tasks' state files ({@code <task>}, one line each). */
  public static final String STATE_DIR = "slurm-state";

  /** The class every task runs. */
  public static final String MAIN_CLASS = "io.liondg.runtime.cli.Main";

  /** Overrides, on the compute node, the Java written into the script. */
  public static final String JAVA_ENV = "LION_DG_JAVA";

  private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]*[KMGT]?");
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9._:+=@,-]+");

  private SlurmScript() {}

  /**
   * The Java command each task runs: {@code java [jvmOptions] -cp classPath} {@value #MAIN_CLASS}.
   *
   * @param java the java binary (absolute path; {@value #JAVA_ENV} overrides it at run time)
   * @param jvmOptions JVM options ({@code -D}, {@code -X}, {@code -XX:}), e.g. the launcher's
   * @param classPath class path entries (folders, jars, or {@code folder/*})
   * @param environment variables exported before Java starts (e.g. {@code GLIBC_TUNABLES})
   */
  public record JavaCommand(
      Path java, List<String> jvmOptions, List<String> classPath, Map<String, String> environment) {

    public JavaCommand {
      Objects.requireNonNull(java, "java");
      jvmOptions = List.copyOf(jvmOptions);
      classPath = List.copyOf(classPath);
      environment = Map.copyOf(new LinkedHashMap<>(environment));
      if (classPath.isEmpty()) {
        throw new IllegalArgumentException("the class path is empty");
      }
    }

    /**
     * @param classPath a {@code java.class.path} value, with every jar listed
     * @return the entries, the jars of a folder that are all listed written as {@code folder/*} (as
     *     the launcher writes them), in first-seen order
     */
    public static List<String> compact(String classPath) {
      List<String> entries = new ArrayList<>();
      for (String entry : classPath.split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
        }
      }
      Map<Path, List<String>> jarsByFolder = new LinkedHashMap<>();
      for (String entry : entries) {
        if (entry.toLowerCase(Locale.ROOT).endsWith(".jar")) {
          jarsByFolder
              .computeIfAbsent(Path.of(entry).getParent(), f -> new ArrayList<>())
              .add(entry);
        }
      }
      Set<Path> wildcard = new HashSet<>();
      for (Map.Entry<Path, List<String>> folder : jarsByFolder.entrySet()) {
        if (folder.getValue().size() > 1 && allJarsOf(folder.getKey(), folder.getValue())) {
          wildcard.add(folder.getKey());
        }
      }
      List<String> compacted = new ArrayList<>();
      Set<Path> written = new HashSet<>();
      for (String entry : entries) {
        Path parent = Path.of(entry).getParent();
        if (entry.toLowerCase(Locale.ROOT).endsWith(".jar") && wildcard.contains(parent)) {
          if (written.add(parent)) {
            compacted.add(parent + "/*");
          }
        } else if (!compacted.contains(entry)) {
          compacted.add(entry);
        }
      }
      return compacted;
    }

    private static boolean allJarsOf(Path folder, List<String> listed) {
      Set<String> jars = new HashSet<>();
      try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.{jar,JAR}")) {
        files.forEach(f -> jars.add(f.toAbsolutePath().normalize().toString()));
      } catch (IOException e) {
        return false;
      }
      return jars.equals(new HashSet<>(listed));
    }
  }

  /**
   * How the tasks run and what they ask Slurm for.
   *
   * @param java the command each task runs
   * @param dataDir {@code --data-dir} for every task, or null for {@code train}'s default
   * @param device {@code --device} for every task ({@code auto}, {@code cpu}, {@code gpu})
   * @param cpusPerTask {@code #SBATCH --cpus-per-task}, also the task's {@code --threads}
   * @param gpusPerTask GPUs per task ({@code #SBATCH --gres=gpu:N}); 0 for none
   * @param memory {@code #SBATCH --mem}, e.g. {@code 4G}
   * @param timeLimit {@code #SBATCH --time}, e.g. {@code 01:00:00}; null for the cluster's default
   * @param partition {@code #SBATCH --partition}; null for the cluster's default
   * @param account {@code #SBATCH --account}; null for the user's default
   * @param jobName {@code #SBATCH --job-name}
   * @param logDir the tasks' logs, or null for {@value #LOG_DIR}/ in the results folder
   * @param maxConcurrent most tasks at once ({@code --array=0-N%K}); 0 for no limit
   */
  public record Options(
      JavaCommand java,
      Path dataDir,
      String device,
      int cpusPerTask,
      int gpusPerTask,
      String memory,
      String timeLimit,
      String partition,
      String account,
      String jobName,
      Path logDir,
      int maxConcurrent) {

    public Options {
      Objects.requireNonNull(java, "java");
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(memory, "memory");
      Objects.requireNonNull(jobName, "jobName");
      if (cpusPerTask < 1 || gpusPerTask < 0 || maxConcurrent < 0) {
        throw new IllegalArgumentException(
            "cpus per task must be at least 1, gpus per task"
                + " and max concurrent tasks at least 0");
      }
      if (!MEMORY.matcher(memory).matches()) {
        throw new IllegalArgumentException(
            "memory per task must be a number with an optional"
                + " unit K, M, G or T (as sbatch --mem takes it), e.g. 4G; got '"
                + memory
                + "'");
      }
      for (String word : new String[] {timeLimit, partition, account, jobName}) {
        if (word != null && !WORD.matcher(word).matches()) {
          throw new IllegalArgumentException(
              "a Slurm setting must be one word of letters,"
                  + " digits and . _ : + = @ , -; got '"
                  + word
                  + "'");
        }
      }
    }

    /**
     * @param java the command each task runs
     * @return CPU tasks with 2 cores and 4 GB each, named {@code lion-dg-grid}, cluster defaults
     *     otherwise
     */
    public static Options cpu(JavaCommand java) {
      return new Options(java, null, "cpu", 2, 0, "4G", null, null, null, "lion-dg-grid", null, 0);
    }
  }

  /**
   * Writes the script, the cell list and the log folder into {@code resultsDir}, and clears the
   * state files of an earlier array (their task numbers meant other cells).
   *
   * @param resultsDir the grid's results folder (created if missing)
   * @param cells the cells to run, typically those not finished yet
   * @param options how the tasks run
   * @return the script, to be submitted with {@code sbatch}
   * @throws IOException if a file cannot be written
   * @throws IllegalArgumentException if there are no cells, or a name holds whitespace
   */
  public static Path write(Path resultsDir, List<Cell> cells, Options options) throws IOException {
    if (cells.isEmpty()) {
      throw new IllegalArgumentException(
          "no cells to run: every cell of the grid is already"
              + " in "
              + resultsDir.resolve(ResultsStore.FILE_NAME));
    }
    Path dir = resultsDir.toAbsolutePath().normalize();
    Path logDir = logDir(dir, options);
    Files.createDirectories(logDir);
    List<String> lines = new ArrayList<>();
    for (Cell cell : cells) {
      lines.add(String.join(" ", trainArgs(cell)));
    }
    Path state = dir.resolve(STATE_DIR);
    Files.createDirectories(state);
    try (DirectoryStream<Path> old = Files.newDirectoryStream(state)) {
      for (Path file : old) {
        Files.deleteIfExists(file);
      }
    }
    Path cellsFile = dir.resolve(CELLS_FILE);
    Files.write(cellsFile, lines, UTF_8);
    Path script = dir.resolve(SCRIPT_FILE);
    Files.writeString(script, script(dir, cellsFile, logDir, cells.size(), options), UTF_8);
    try {
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system; sbatch reads the script anyway.
    }
    return script;
  }

  private static Path logDir(Path dir, Options options) {
    return options.logDir() == null
        ? dir.resolve(LOG_DIR)
        : options.logDir().toAbsolutePath().normalize();
  }

  /**
   * The {@code train} flags of one cell (without {@code --out}, {@code --device}, {@code
   * --data-dir}, {@code --classpath}). A cell whose arch is not a built-in architecture is a user's
   * model class ({@code --model-class}); a {@code folder:NAME} dataset is read with {@code
   * --dataset folder}.
   *
   * @param cell a cell
   * @return its flags and values, in order
   */
  public static List<String> trainArgs(Cell cell) {
    RunConfig c = cell.config();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--dataset",
                word(Datasets.flagName(cell.dataset())),
                Architecture.isBuiltIn(cell.arch()) ? "--arch" : "--model-class",
                word(cell.arch()),
                "--init",
                word(cell.init()),
                "--seed",
                Long.toString(cell.seed()),
                "--max-steps",
                Integer.toString(c.maxSteps()),
                "--target",
                Double.toString(c.target()),
                "--window",
                Integer.toString(c.window()),
                "--batch-size",
                Integer.toString(c.batchSize()),
                "--lr",
                Double.toString(c.lr()),
                "--weight-decay",
                Double.toString(c.weightDecay()),
                "--aux-weight",
                Double.toString(c.auxWeight()),
                "--probe-every",
                Integer.toString(c.probeEvery()),
                "--beta1",
                Double.toString(c.beta1()),
                "--beta2",
                Double.toString(c.beta2()),
                c.flip() ? "--flip" : "--no-flip"));
    if (c.imageSize() > 0) {
      args.addAll(List.of("--image-size", Integer.toString(c.imageSize())));
    }
    return args;
  }

  /** Cell lines are split on whitespace by bash's {@code read -a}; a name must be one word. */
  private static String word(String name) {
    if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("a grid name must be one word, got '" + name + "'");
    }
    return name;
  }

  private static String script(Path dir, Path cellsFile, Path logDir, int taskCount, Options o) {
    Path results = dir.resolve(ResultsStore.FILE_NAME);
    JavaCommand j = o.java();
    StringBuilder s = new StringBuilder();
    s.append("#!/usr/bin/env bash\n");
    s.append("# lion-dg grid as a Slurm job array: one cell per array task.\n");
    s.append("# Written by `lion-dg grid --emit-slurm`. Submit with: sbatch ")
        .append(dir.resolve(SCRIPT_FILE))
        .append('\n');
    s.append("# Task i runs line i+1 of ").append(cellsFile).append(" and appends its result\n");
    s.append("# to ").append(results).append(" (a file lock keeps lines whole);\n");
    s.append("# a cell already there (a requeued task, a rerun) is not run again.\n");
    s.append("# The results folder, the lion-dg build (the class path below) and the Java must\n");
    s.append("# be on a file system every node sees at the same path, with POSIX locks (NFSv4,\n");
    s.append("# Lustre, GPFS, BeeGFS). Tasks run the prebuilt classes; nothing is built here.\n");
    s.append("# Progress: lion-dg grid --status --out ").append(dir).append('\n');
    s.append("#SBATCH --job-name=").append(o.jobName()).append('\n');
    s.append("#SBATCH --array=0-")
        .append(taskCount - 1)
        .append(o.maxConcurrent() > 0 ? "%" + o.maxConcurrent() : "")
        .append('\n');
    s.append("#SBATCH --ntasks=1\n");
    s.append("#SBATCH --cpus-per-task=").append(o.cpusPerTask()).append('\n');
    s.append("#SBATCH --mem=").append(o.memory()).append('\n');
    if (o.gpusPerTask() > 0) {
      s.append("#SBATCH --gres=gpu:").append(o.gpusPerTask()).append('\n');
    }
    if (o.timeLimit() != null) {
      s.append("#SBATCH --time=").append(o.timeLimit()).append('\n');
    }
    if (o.partition() != null) {
      s.append("#SBATCH --partition=").append(o.partition()).append('\n');
    }
    if (o.account() != null) {
      s.append("#SBATCH --account=").append(o.account()).append('\n');
    }
    s.append("#SBATCH --requeue\n");
    s.append("#SBATCH --open-mode=append\n");
    s.append("#SBATCH --output=").append(logDir).append("/%A_%a.out\n");
    s.append('\n');
    s.append("set -euo pipefail\n\n");
    s.append("results=").append(quote(results.toString())).append('\n');
    s.append("cells=").append(quote(cellsFile.toString())).append('\n');
    s.append("state=").append(quote(dir.resolve(STATE_DIR).toString())).append('\n');
    s.append("logs=").append(quote(logDir.toString())).append('\n');
    s.append("java=").append(quote(j.java().toAbsolutePath().normalize().toString())).append('\n');
    s.append("java=\"${")
        .append(JAVA_ENV)
        .append(":-$java}\"  # ")
        .append(JAVA_ENV)
        .append(" overrides the Java that wrote this script\n");
    s.append("classpath=").append(quote(String.join(":", j.classPath()))).append('\n');
    s.append(
        "task=\"${SLURM_ARRAY_TASK_ID:?submit this script with sbatch,"
            + " which sets SLURM_ARRAY_TASK_ID}\"\n");
    s.append("job=\"${SLURM_ARRAY_JOB_ID:-${SLURM_JOB_ID:-local}}_$task\"\n");
    s.append("node=\"$(uname -n)\"\n\n");
    s.append("# The task's state for `lion-dg grid --status`: running, done, stopped or failed.\n");
    s.append("mark() {\n");
    s.append("  mkdir -p \"$state\"\n");
    s.append(
        "  printf '%s %s %s %s restarts=%s%s\\n' \"$1\" \"$job\" \"$node\""
            + " \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" \"${SLURM_RESTART_COUNT:-0}\" \"${2:-}\" \\\n");
    s.append("    > \"$state/$task.tmp\" && mv -f \"$state/$task.tmp\" \"$state/$task\"\n");
    s.append("}\n");
    s.append("fail() {\n");
    s.append("  echo \"lion-dg: array task $job on $node: $*\" >&2\n");
    s.append("  mark failed \" exit=1 log=$logs/$job.out\" || true\n");
    s.append("  exit 1\n");
    s.append("}\n");
    s.append(
            "[[ -x \"$java\" ]] || fail \"no Java at $java; expected a Java 17 there on every"
                + " node, or set ")
        .append(JAVA_ENV)
        .append(" to one\"\n");
    s.append("for entry in");
    for (String entry : j.classPath()) {
      s.append(' ')
          .append(quote(entry.endsWith("/*") ? entry.substring(0, entry.length() - 2) : entry));
    }
    s.append("; do\n");
    s.append(
        "  [[ -e \"$entry\" ]] || fail \"the lion-dg build is missing: no $entry; build it"
            + " once (./lion-dg --version, or ./mvnw -pl runtime/cli -am install) where every node sees"
            + " it; tasks never build\"\n");
    s.append("done\n");
    s.append("line=\"$(sed -n \"$((task + 1))p\" \"$cells\")\"\n");
    s.append("if [[ -z \"$line\" ]]; then\n");
    s.append("  echo \"lion-dg: no cell for array task $task in $cells\" >&2\n");
    s.append("  exit 2\n");
    s.append("fi\n");
    s.append("read -r -a cell <<< \"$line\"\n");
    s.append("threads=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
    s.append("export OMP_NUM_THREADS=\"$threads\"\n");
    for (Map.Entry<String, String> env : new TreeMap<>(j.environment()).entrySet()) {
      s.append("export ")
          .append(env.getKey())
          .append('=')
          .append(quote(env.getValue()))
          .append('\n');
    }
    s.append('\n');
    s.append("mark running\n");
    s.append(
        "# scancel, the time limit and preemption send SIGTERM to Java too, which stops"
            + " after\n# its current step; the trap lets this script record that once Java is"
            + " gone.\n");
    s.append("signal=\"\"\n");
    s.append("trap 'signal=TERM' TERM\n");
    s.append("trap 'signal=INT' INT\n");
    s.append("set +e\n");
    StringJoiner command = new StringJoiner(" ");
    command.add("\"$java\"");
    for (String option : j.jvmOptions()) {
      command.add(quote(option));
    }
    command.add("\"-XX:ErrorFile=$logs/${job}_hs_err_pid%p.log\"");
    command
        .add("-cp")
        .add("\"$classpath\"")
        .add(MAIN_CLASS)
        .add("train")
        .add("\"${cell[@]}\"")
        .add("--threads")
        .add("\"$threads\"")
        .add("--device")
        .add(quote(o.device()));
    if (o.dataDir() != null) {
      command.add("--data-dir").add(quote(o.dataDir().toAbsolutePath().normalize().toString()));
    }
    command.add("--out").add("\"$results\"").add("--append").add("--skip-done");
    s.append(command).append('\n');
    s.append("status=$?\n");
    s.append("set -e\n");
    s.append("if [[ $status -eq 0 ]]; then\n");
    s.append("  mark done\n");
    s.append("elif [[ -n \"$signal\" || $status -eq 143 || $status -eq 130 ]]; then\n");
    s.append("  mark stopped \" exit=$status log=$logs/$job.out\"\n");
    s.append("else\n");
    s.append("  mark failed \" exit=$status log=$logs/$job.out\"\n");
    s.append("fi\n");
    s.append("exit $status\n");
    return s.toString();
  }

  /** Single-quotes a word for bash: nothing inside is expanded. */
  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
