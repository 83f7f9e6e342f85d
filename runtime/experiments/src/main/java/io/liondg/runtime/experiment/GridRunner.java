package io.liondg.runtime.experiment;

import io.liondg.runtime.results.RunResult;
import io.liondg.runtime.run.StopRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the cells of a grid that are not in the results yet, {@code jobs} at a time, and appends
 * each result the moment its cell finishes, unless another process stored the same cell meanwhile
 * ({@link ResultsStore#appendIfAbsent}). A cell that fails is reported on stderr and not stored (so
 * a rerun tries it again); the other cells go on.
 *
 * <p>The engine is agnostic of how a cell runs: the {@link CellRunner} decides (the CLI's launches
 * one JVM per cell, so {@code jobs} is the number of training processes).
 *
 * <p>A {@link StopRequest} (Ctrl-C) starts no more cells; cells that end after it are counted as
 * stopped, not failed, and {@link #run} then throws {@link StopRequest.Stopped} with what was done
 * (the cells that finished are stored, as always).
 */
public final class GridRunner {

  private final ResultsStore store;
  private final CellRunner runner;
  private final int jobs;
  private final PrintStream err;
  private final boolean terminal;

  /**
   * A runner that reports on {@link System#err}, as a bar when stderr is a terminal ({@code
   * System.console() != null}) and as plain lines otherwise.
   *
   * @param store where results go and where finished cells are looked up
   * @param runner runs one cell
   * @param jobs cells at a time, at least 1
   */
  public GridRunner(ResultsStore store, CellRunner runner, int jobs) {
    this(store, runner, jobs, System.err, stderrIsTerminal());
  }

  /**
   * @return whether stderr is a terminal, where a bar can be redrawn in place
   */
  public static boolean stderrIsTerminal() {
    return System.console() != null;
  }

  /**
   * @param store where results go and where finished cells are looked up
   * @param runner runs one cell
   * @param jobs cells at a time, at least 1
   * @param err where progress and failures are printed
   * @param terminal whether {@code err} is a terminal (a bar redrawn in place) or not (plain lines)
   */
  public GridRunner(
      ResultsStore store, CellRunner runner, int jobs, PrintStream err, boolean terminal) {
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
    }
    this.store = Objects.requireNonNull(store, "store");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.jobs = jobs;
    this.err = Objects.requireNonNull(err, "err");
    this.terminal = terminal;
  }

  /**
   * The cells not yet in the store, in grid order, each once.
   *
   * @param cells a grid's cells
   * @return those still to run
   * @throws IOException if the results cannot be read
   */
  public List<Cell> pending(List<Cell> cells) throws IOException {
    Set<String> finished = store.finishedKeys();
    List<Cell> pending = new ArrayList<>();
    for (Cell cell : distinct(cells).values()) {
      if (!finished.contains(cell.key())) {
        pending.add(cell);
      }
    }
    return pending;
  }

  private static Map<String, Cell> distinct(List<Cell> cells) {
    Map<String, Cell> byKey = new LinkedHashMap<>();
    for (Cell cell : cells) {
      byKey.putIfAbsent(cell.key(), cell);
    }
    return byKey;
  }

  /**
   * Runs what is left of the grid and waits for it.
   *
   * @param cells the whole grid (finished cells are skipped; duplicates run once)
   * @return what happened
   * @throws IOException if the results cannot be read at the start
   * @throws InterruptedException if this thread is interrupted; cells in flight are interrupted
   *     too, and finished cells stay stored
   * @throws StopRequest.Stopped if a stop was requested (Ctrl-C) while it ran; finished cells stay
   *     stored
   */
  public Outcome run(List<Cell> cells) throws IOException, InterruptedException {
    int total = distinct(cells).size();
    List<Cell> pending = pending(cells);
    int skipped = total - pending.size();
    List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger stopped = new AtomicInteger();
    try (GridProgress progress = new GridProgress(err, terminal, total, skipped)) {
      progress.begin(
          String.format(
              "grid: %d cells, %d already in %s, %d to run, %d at a time",
              total, skipped, store.file(), pending.size(), Math.min(jobs, pending.size())));
      if (pending.isEmpty()) {
        return new Outcome(total, skipped, 0, List.of());
      }
      ExecutorService pool =
          Executors.newFixedThreadPool(Math.min(jobs, pending.size()), new CellThreads());
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (Cell cell : pending) {
          futures.add(pool.submit(() -> runCell(cell, progress, completed, stopped, failures)));
        }
        for (Future<?> future : futures) {
          future.get();
        }
      } catch (ExecutionException e) {
        // runCell catches everything a cell can throw; reaching here is a bug in the engine.
        throw new IllegalStateException("grid engine failed: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    if (StopRequest.isRequested()) {
      int notStarted = pending.size() - completed.get() - stopped.get() - failures.size();
      StopRequest.check(
          String.format(
              "with %d of %d cells done (%d now), %d stopped%s%s",
              skipped + completed.get(),
              total,
              completed.get(),
              stopped.get(),
              notStarted > 0 ? ", " + notStarted + " not started" : "",
              failures.isEmpty() ? "" : ", " + failures.size() + " failed"),
          "finished cells are kept in "
              + store.file()
              + "; rerun the same command"
              + " to run the rest");
    }
    List<Failure> inGridOrder = new ArrayList<>(failures);
    inGridOrder.sort(
        (a, b) -> Integer.compare(pending.indexOf(a.cell()), pending.indexOf(b.cell())));
    Outcome outcome = new Outcome(total, skipped, completed.get(), inGridOrder);
    err.println(
        outcome.allSucceeded()
            ? String.format(
                "grid: %d cells run, all %d cells of the grid are in %s",
                outcome.completed(), total, store.file())
            : String.format(
                "grid: %d cells run, %d FAILED (not stored; rerun the same command to"
                    + " retry only those); results in %s",
                outcome.completed(), inGridOrder.size(), store.file()));
    err.flush();
    return outcome;
  }

  private void runCell(
      Cell cell,
      GridProgress progress,
      AtomicInteger completed,
      AtomicInteger stopped,
      List<Failure> failures) {
    if (StopRequest.isRequested()) {
      return; // Ctrl-C: start no more cells
    }
    long start = System.nanoTime();
    progress.started(cell);
    try {
      RunResult result = runner.run(cell);
      if (result == null) {
        throw new IllegalStateException("the cell runner returned no result");
      }
      String resultKey = Cell.of(result).key();
      if (!resultKey.equals(cell.key())) {
        progress.warn(
            "the result of "
                + cell.label()
                + " is stored under another key than"
                + " its cell, so a rerun will not count it as finished:\n  cell   "
                + cell.key()
                + "\n  result "
                + resultKey);
      }
      // Another writer (a Slurm task of the same grid, a second grid on the same folder) may
      // have stored this cell while it ran; the check and the append are one locked step.
      if (!store.appendIfAbsent(result)) {
        progress.warn(
            cell.label()
                + " was stored by another process while it ran here; that"
                + " result is kept and this one dropped");
      }
      completed.incrementAndGet();
      progress.finished(cell, result, seconds(start));
    } catch (Throwable e) {
      // One cell's failure, whatever it is, must not stop the others.
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (StopRequest.isRequested()) {
        // Ctrl-C stopped it (its process ended with 143): not a failure, a rerun resumes it.
        stopped.incrementAndGet();
        progress.stopped(cell);
        return;
      }
      String message = describe(e);
      failures.add(new Failure(cell, message));
      progress.failed(cell, message, seconds(start));
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * @return the first line of what went wrong; the exception type is added where the message alone
   *     would not say what happened (a NullPointerException's message, say)
   */
  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String first = message.strip().lines().findFirst().orElse(message);
    Class<?> type = e.getClass();
    boolean speaksForItself =
        e instanceof IOException
            || type == Exception.class
            || type == RuntimeException.class
            || type == IllegalStateException.class
            || type == IllegalArgumentException.class
            || !type.getName().startsWith("java.");
    return speaksForItself ? first : type.getSimpleName() + ": " + first;
  }

  /** Names the pool's threads and lets the JVM exit if a caller forgets to wait. */
  private static final class CellThreads implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger next = new AtomicInteger(1);

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "lion-dg-cell-" + next.getAndIncrement());
      t.setDaemon(true);
      return t;
    }
  }

  /**
   * What a grid run did.
   *
   * @param total distinct cells in the grid
   * @param skipped cells already finished before this run
   * @param completed cells run and stored now
   * @param failures cells that failed now, in grid order (not stored; a rerun retries them)
   */
  public record Outcome(int total, int skipped, int completed, List<Failure> failures) {
    public Outcome {
      failures = List.copyOf(failures);
    }

    /**
     * @return whether every cell of the grid is now in the results
     */
    public boolean allSucceeded() {
      return failures.isEmpty();
    }

    /**
     * @return the process exit status for the CLI: 0, or 1 if some cell failed
     */
    public int exitCode() {
      return failures.isEmpty() ? 0 : 1;
    }
  }

  /**
   * A cell that did not produce a result.
   *
   * @param cell the cell
   * @param message the first line of what went wrong
   */
  public record Failure(Cell cell, String message) {}
}
