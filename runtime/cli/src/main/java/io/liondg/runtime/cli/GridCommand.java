package io.liondg.runtime.cli;

import io.liondg.runtime.data.Datasets;
import io.liondg.runtime.experiment.Cell;
import io.liondg.runtime.experiment.GridRunner;
import io.liondg.runtime.experiment.GridSpec;
import io.liondg.runtime.experiment.GridStatus;
import io.liondg.runtime.experiment.ResultsStore;
import io.liondg.runtime.experiment.SlurmScript;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.Architecture;
import io.liondg.runtime.results.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lion-dg grid}: datasets x architectures x strategies x seeds, each cell a {@code lion-dg
 * train} in a JVM of its own ({@link ProcessCellRunner}), each result appended to {@code
 * DIR/results.jsonl} the moment its cell finishes; a rerun skips finished cells.
 */
@Command(
    name = "grid",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Run datasets x archs x inits x seeds, one process per run, resumable.",
    usageHelpAutoWidth = true,
    description = {
      "Run an experiment grid: every dataset x arch x init x seed is one training run in a"
          + " process of its own; each result is appended to DIR/results.jsonl as soon as its"
          + " run ends, and a rerun skips the cells already there (same dataset, arch, init,"
          + " seed and settings).",
      "Takes every flag of train; --datasets --archs --inits --seeds take comma lists.",
      "Then: lion-dg report --in DIR --out DIR."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every cell is in the results",
      "1:some cell failed (rerun to retry it);" + " with --status: some cell is not done",
      "2:bad command line",
      "130:stopped by Ctrl-C (SIGINT): running cells stop after their current step (a second"
          + " Ctrl-C stops them at once), finished cells stay in the results; rerun to resume",
      "143:the same for SIGTERM (129 for SIGHUP)"
    })
final class GridCommand implements Callable<Integer> {

  /** Memory a training cell may take at its peak, in GB (about 3 GB measured, plus room). */
  static final int MEMORY_PER_JOB_GB = 4;

  @Spec CommandSpec spec;

  @Option(
      names = {"--datasets", "--dataset"},
      split = ",",
      paramLabel = "NAME",
      converter = CliNames.DatasetConverter.class,
      completionCandidates = CliNames.DatasetNames.class,
      defaultValue = Datasets.FASHION_MNIST,
      description = "Comma list of ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  List<String> datasets;

  @Option(
      names = {"--archs", "--arch"},
      split = ",",
      paramLabel = "NAME",
      converter = CliNames.ArchConverter.class,
      completionCandidates = CliNames.ArchNames.class,
      defaultValue = "densenet-ds",
      description = "Comma list of ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  List<Architecture> archs;

  @Option(
      names = "--model-class",
      paramLabel = "CLASS",
      description =
          "Your own model in place of --archs (see train --help); results record the"
              + " class name as arch.")
  String modelClass;

  @Option(
      names = "--classpath",
      paramLabel = "PATH",
      description = "Where --model-class is: class folders and jars separated by ':'.")
  String classpath;

  @Option(
      names = {"--inits", "--init"},
      split = ",",
      paramLabel = "NAME",
      converter = CliNames.StrategyConverter.class,
      completionCandidates = CliNames.StrategyNames.class,
      defaultValue = "he,lion-dg",
      description = "Comma list of ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  List<Strategy> inits;

  @Option(
      names = {"--seeds", "--seed"},
      split = ",",
      paramLabel = "N",
      defaultValue = "42,123,456",
      description = "Comma list of seeds. Default: ${DEFAULT-VALUE} (the paper's).")
  List<Long> seeds;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the data are, for every dataset of the grid. Default: each"
              + " dataset's default folder (see train --help).")
  Path dataDir;

  @Mixin TrainOptions training;

  @Mixin EngineOptions engine;

  @Mixin ProgressOption progress;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description =
          "Cells run at the same time, each in its own process. With --threads 0"
              + " each cell gets an equal share of the CPU cores. Default: one per CPU core (one"
              + " thread each: on 2 cores that gave 11-24 %% more runs per hour than one run on"
              + " both), at most one per "
              + MEMORY_PER_JOB_GB
              + " GB of memory; 1 with --device"
              + " gpu.")
  Integer jobs;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Results folder: DIR/results.jsonl, DIR/logs/. Default: ${DEFAULT-VALUE}.")
  Path out = Path.of("results");

  @Option(
      names = "--status",
      description =
          "Do not run: list which cells are done, running, pending, stopped or"
              + " failed. After --emit-slurm: the array's cells (DIR/grid-cells.txt), with each"
              + " task's state and, for running ones, the queue's (squeue); else the cells of the"
              + " grid the flags describe. Exit 0 when every cell is done, else 1.")
  boolean status;

  @Option(
      names = "--emit-slurm",
      description =
          "Do not run: write DIR/grid.slurm, a Slurm job-array script running one"
              + " unfinished cell per task into the same results file, and DIR/grid-cells.txt."
              + " DIR, the lion-dg build and the Java must be on a file system all nodes share;"
              + " tasks run the built classes directly and never build.")
  boolean emitSlurm;

  @Option(
      names = "--slurm-cpus",
      paramLabel = "N",
      description = "With --emit-slurm: CPUs per task. Default: ${DEFAULT-VALUE}.")
  int slurmCpus = 2;

  @Option(
      names = "--slurm-gpus",
      paramLabel = "N",
      description = "With --emit-slurm: GPUs per task. Default: ${DEFAULT-VALUE}.")
  int slurmGpus = 0;

  @Option(
      names = "--slurm-time",
      paramLabel = "HH:MM:SS",
      description = "With --emit-slurm: time limit per task. Default: the cluster's.")
  String slurmTime;

  @Option(
      names = "--slurm-partition",
      paramLabel = "NAME",
      description = "With --emit-slurm: partition. Default: the cluster's.")
  String slurmPartition;

  @Option(
      names = "--slurm-max-concurrent",
      paramLabel = "N",
      description =
          "With --emit-slurm: most tasks at once; 0 = no limit." + " Default: ${DEFAULT-VALUE}.")
  int slurmMaxConcurrent = 0;

  @Option(
      names = "--slurm-mem",
      paramLabel = "SIZE",
      description =
          "With --emit-slurm: memory per task (sbatch --mem; a training process"
              + " peaks near 3 GB). Default: ${DEFAULT-VALUE}.")
  String slurmMem = "4G";

  @Option(
      names = "--slurm-account",
      paramLabel = "NAME",
      description = "With --emit-slurm: the account to charge. Default: yours.")
  String slurmAccount;

  @Option(
      names = "--slurm-job-name",
      paramLabel = "NAME",
      description = "With --emit-slurm: the job's name in squeue. Default: ${DEFAULT-VALUE}.")
  String slurmJobName = "lion-dg-grid";

  @Option(
      names = "--slurm-log-dir",
      paramLabel = "DIR",
      description =
          "With --emit-slurm: the tasks' logs (JOB_TASK.out). Default:" + " DIR/slurm-logs.")
  Path slurmLogDir;

  @Option(
      names = "--slurm-java",
      paramLabel = "PATH",
      description =
          "With --emit-slurm: the java the tasks run (LION_DG_JAVA overrides it on"
              + " the node). Default: this Java.")
  Path slurmJava;

  @Override
  public Integer call() throws IOException, InterruptedException {
    List<Cell> cells = cells();
    engine.validate(spec);
    if (jobs == null) {
      jobs =
          defaultJobs(
              engine.device,
              Runtime.getRuntime().availableProcessors(),
              MemoryInfo.totalGigabytes());
    }
    if (jobs < 1) {
      throw new ParameterException(spec.commandLine(), "--jobs must be at least 1, got " + jobs);
    }
    if (Files.isRegularFile(out)) {
      throw new ParameterException(
          spec.commandLine(),
          "--out "
              + out
              + " is a file, not a"
              + " folder; expected the grid's results folder (results go to DIR/results.jsonl)");
    }
    ResultsStore store = ResultsStore.inDirectory(out);
    PrintWriter stdout = spec.commandLine().getOut();
    if (status && emitSlurm) {
      throw new ParameterException(
          spec.commandLine(),
          "--status and --emit-slurm exclude each" + " other; expected one of them");
    }
    if (status) {
      return status(cells, store, stdout);
    }
    checkSameDataForm(datasets, dataDir, store);
    if (emitSlurm) {
      return emitSlurm(cells, store, stdout);
    }
    checkData(datasets, dataDir, training.imageSize);
    GridRunner.Outcome outcome =
        runCells(cells, store, out, dataDir, classpath, engine, jobs, progress);
    stdout.printf(
        "grid: %d cells, %d were already done, %d ran now, %d failed; results in %s%n",
        outcome.total(),
        outcome.skipped(),
        outcome.completed(),
        outcome.failures().size(),
        store.file());
    if (!outcome.allSucceeded()) {
      stdout.println(
          "rerun the same command to retry the failed cells (the others are kept);"
              + " their logs are in "
              + out.resolve(ProcessCellRunner.LOG_DIR));
    }
    stdout.println("report: lion-dg report --in " + out + " --out " + out);
    stdout.flush();
    return outcome.exitCode();
  }

  /**
   * One grid per dataset, because the settings (the default of {@code --flip}) depend on it. A
   * {@code folder} dataset's cells carry the name its results record ({@code folder:NAME}), so that
   * resuming matches them.
   */
  private List<Cell> cells() {
    List<String> archNames = modelNames();
    List<String> initNames = inits.stream().map(Strategy::cliName).toList();
    List<Cell> cells = new ArrayList<>();
    for (String dataset : new LinkedHashSet<>(datasets)) {
      String recorded =
          dataset.equals(Datasets.FOLDER) && dataDir != null
              ? Datasets.folderName(dataDir)
              : dataset;
      cells.addAll(
          new GridSpec(
                  List.of(recorded), archNames, initNames, seeds, training.config(spec, dataset))
              .cells());
    }
    return cells;
  }

  /**
   * @return the archs' names, or the checked model class alone
   */
  private List<String> modelNames() {
    if (modelClass == null) {
      if (classpath != null) {
        throw new ParameterException(
            spec.commandLine(),
            "--classpath is for --model-class;" + " expected it only with --model-class");
      }
      return archs.stream().map(Architecture::cliName).toList();
    }
    if (spec.commandLine().getParseResult().hasMatchedOption("--archs")) {
      throw new ParameterException(
          spec.commandLine(),
          "--archs and --model-class are" + " alternatives; expected one of them");
    }
    return List.of(ModelOptions.load(spec, modelClass, classpath, true).cliName());
  }

  private int emitSlurm(List<Cell> cells, ResultsStore store, PrintWriter stdout)
      throws IOException {
    List<Cell> pending =
        new GridRunner(
                store,
                cell -> {
                  throw new IllegalStateException("not run");
                },
                1)
            .pending(cells);
    if (pending.isEmpty()) {
      stdout.println(
          "every cell of the grid is already in " + store.file() + "; no script written");
      stdout.flush();
      return 0;
    }
    if (slurmCpus < 1 || slurmGpus < 0 || slurmMaxConcurrent < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--slurm-cpus must be at least 1,"
              + " --slurm-gpus and --slurm-max-concurrent at least 0");
    }
    SlurmScript.JavaCommand java = thisJava(slurmJava);
    SlurmScript.Options options;
    try {
      options =
          new SlurmScript.Options(
              java,
              dataDir,
              engine.device,
              slurmCpus,
              slurmGpus,
              slurmMem,
              slurmTime,
              slurmPartition,
              slurmAccount,
              slurmJobName,
              slurmLogDir,
              slurmMaxConcurrent);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path script = SlurmScript.write(out, pending, options);
    stdout.printf(
        "wrote %s: %d array tasks, one unfinished cell each (%d of %d cells are" + " done)%n",
        script, pending.size(), cells.size() - pending.size(), cells.size());
    stdout.println(
        "tasks run "
            + java.java()
            + " on the classes in "
            + java.classPath().get(0)
            + "; that build, the Java and "
            + out.toAbsolutePath().normalize()
            + " must be on a"
            + " file system every node sees");
    stdout.println("submit with: sbatch " + script);
    stdout.println("progress:    lion-dg grid --status --out " + out);
    stdout.flush();
    return 0;
  }

  /**
   * The Java command of this JVM, for tasks on other machines: its java binary (or {@code java}),
   * its {@code -D}/{@code -X} options (the launcher's collector, JIT and logging settings, the
   * code's commit), its class path and the allocator setting the launcher exported.
   */
  static SlurmScript.JavaCommand thisJava(Path java) {
    Path binary =
        java != null ? java.toAbsolutePath().normalize() : Path.of(ProcessCellRunner.javaBinary());
    Map<String, String> env = new LinkedHashMap<>();
    String glibc = System.getenv("GLIBC_TUNABLES");
    if (glibc != null) {
      env.put("GLIBC_TUNABLES", glibc);
    }
    return new SlurmScript.JavaCommand(
        binary,
        ProcessCellRunner.jvmSettings(),
        SlurmScript.JavaCommand.compact(System.getProperty("java.class.path")),
        env);
  }

  private int status(List<Cell> gridCells, ResultsStore store, PrintWriter stdout)
      throws IOException {
    Path cellsFile = out.resolve(SlurmScript.CELLS_FILE);
    GridStatus.Report report;
    boolean slurm = Files.isRegularFile(cellsFile);
    if (slurm) {
      List<Cell> cells = new ArrayList<>();
      List<String> lines = Files.readAllLines(cellsFile, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).isBlank()) {
          cells.add(cellOf(lines.get(i), cellsFile, i + 1));
        }
      }
      report = GridStatus.ofSlurm(out, cells, store, new SlurmQueue());
      stdout.printf("%s: a Slurm array of %d tasks (%s)%n", out, cells.size(), cellsFile);
    } else {
      report = GridStatus.ofLocal(gridCells, store, ProcessCellRunner.logOf(out));
      stdout.printf("%s: a grid of %d cells%n", out, report.rows().size());
    }
    int width = report.rows().stream().mapToInt(r -> r.cell().label().length()).max().orElse(0);
    for (GridStatus.Row row : report.rows()) {
      String line =
          String.format(
              "  %s%-11s %-" + width + "s  %s",
              slurm ? String.format("%4d  ", row.task()) : "",
              row.state().word(),
              row.cell().label(),
              row.detail());
      stdout.println(line.stripTrailing());
    }
    StringJoiner counts = new StringJoiner(", ");
    report.counts().forEach((state, n) -> counts.add(n + " " + state.word()));
    stdout.printf(
        "%d cells: %s; %s holds %d results%s%n",
        report.rows().size(),
        counts,
        store.file(),
        report.results(),
        report.others() > 0 ? " (" + report.others() + " of them for cells not listed here)" : "");
    report.duplicates().forEach((key, n) -> stdout.println("stored " + n + " times: " + key));
    report.problems().forEach(p -> stdout.println(store.file().getFileName() + ": " + p));
    stdout.flush();
    return report.allDone() ? 0 : 1;
  }

  /** Reads a line of the cell list back the way the task's {@code train} reads it. */
  private Cell cellOf(String line, Path file, int lineNo) {
    TrainCommand train = new TrainCommand();
    CommandLine parser = new CommandLine(train);
    try {
      parser.parseArgs(line.strip().split("\\s+"));
      return new Cell(
          train.dataset,
          train.model.name(),
          train.init.cliName(),
          train.seed,
          train.training.config(parser.getCommandSpec(), train.dataset));
    } catch (ParameterException e) {
      throw new UserException(
          file
              + " line "
              + lineNo
              + " is not a cell ("
              + e.getMessage()
              + "); expected the train flags that --emit-slurm wrote");
    }
  }

  /**
   * Fails before any cell starts if a dataset's files are not where the cells will look, with the
   * dataset's own one-line message, rather than once per cell.
   */
  static void checkData(List<String> datasets, Path dataDir, int imageSize) {
    for (String name : datasets.stream().distinct().toList()) {
      boolean present =
          dataDir != null
              ? Datasets.isPresent(name, dataDir)
              : name.equals(Datasets.SYNTHETIC) || Datasets.find(name).isPresent();
      // A user's folder is read once here, so that bad content (a class in one split, a
      // truncated archive) is one line before any cell starts, not one failure per cell.
      if (!present || name.equals(Datasets.FOLDER)) {
        DemoData.load(name, dataDir, 0, imageSize); // throws DataException saying what is wrong
      }
    }
  }

  /**
   * Fails if {@code store} holds runs of one of the datasets read in another form than this grid
   * would read it (CIFAR-10's binary version against its JPEG folders): a resumed grid would count
   * them as done and one report would mix the two. Datasets whose files are not here are left to
   * {@link #checkData} or the cells.
   */
  static void checkSameDataForm(List<String> datasets, Path dataDir, ResultsStore store)
      throws IOException {
    List<RunResult> stored = store.readAll();
    for (String name : datasets.stream().distinct().toList()) {
      Optional<String> form = Datasets.form(name, dataDir);
      if (form.isEmpty()) {
        continue;
      }
      for (RunResult r : stored) {
        if (r.dataset().equals(name) && r.data() != null && !form.get().equals(r.data().form())) {
          throw new UserException(
              String.format(
                  "%s holds %s runs read as %s from %s, but this grid reads %s as %s from %s;"
                      + " expected another --out for the other form, so that one report does not"
                      + " mix them",
                  store.file(),
                  name,
                  r.data().form(),
                  r.data().path(),
                  name,
                  form.get(),
                  dataDir != null ? dataDir : Datasets.defaultDir(name)));
        }
      }
    }
  }

  /**
   * Runs the cells that {@code store} lacks, {@code jobs} at a time, each in a {@code lion-dg
   * train} process of its own with an equal share of the cores unless {@code --threads} says.
   * Shared by {@code grid} and {@code demo}.
   */
  static GridRunner.Outcome runCells(
      List<Cell> cells,
      ResultsStore store,
      Path out,
      Path dataDir,
      String classpath,
      EngineOptions engine,
      int jobs,
      ProgressOption progress)
      throws IOException, InterruptedException {
    int threads = engine.threads > 0 ? engine.threads : threadsPerCell(jobs);
    // Ctrl-C reaches this process and (from a terminal) its cells, which leave it to us.
    StopSignals.installForCells(System.err);
    return new GridRunner(
            store,
            new ProcessCellRunner(out, dataDir, engine.device, threads, classpath),
            jobs,
            System.err,
            progress.gridBar())
        .run(cells);
  }

  /**
   * The default of {@code --jobs}: one cell per core, because on a CPU a second training process
   * scales almost fully while PyTorch's second intra-op thread does not (README, Performance: 2.94
   * against 2.38 DenseNet-DS runs per hour on 2 cores), capped so that the cells' peak resident
   * sets (about 3 GB each) fit in memory. One on a GPU.
   *
   * @param device {@code --device}
   * @param cores CPU cores
   * @param memoryGb total memory in GB, or NaN if unknown
   * @return cells at a time
   */
  static int defaultJobs(String device, int cores, double memoryGb) {
    if (device.equals("gpu")) {
      return 1;
    }
    int byMemory = Double.isNaN(memoryGb) ? cores : (int) (memoryGb / MEMORY_PER_JOB_GB);
    return Math.max(1, Math.min(cores, byMemory));
  }

  /**
   * @return an equal share of this machine's cores for each of {@code jobs} cells
   */
  static int threadsPerCell(int jobs) {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / jobs);
  }
}
