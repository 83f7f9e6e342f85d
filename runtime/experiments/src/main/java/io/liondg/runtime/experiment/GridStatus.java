package io.liondg.runtime.experiment;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which cells of a grid are done, running or failed ({@code lion-dg grid --status}).
 *
 * <p>Done means in {@code results.jsonl} (by {@link Cell#key()}, as a rerun decides). For a Slurm
 * array ({@link SlurmScript}) the rest comes from each task's state file and, for a task whose file
 * says {@code running}, from the queue: a task the queue no longer lists was killed without a
 * chance to record it (node failure, out of memory, {@code scancel --signal=KILL}). For a local
 * grid a cell that is not done but has a log was started: it is running now or failed, and the
 * log's last line says which. Logs are named without the settings, so a cell whose log ends with a
 * result while {@code results.jsonl} holds it only with other settings is not started, and the
 * settings that differ are named.
 */
public final class GridStatus {

  /** A cell's state. */
  public enum State {
    DONE("done"),
    RUNNING("running"),
    PENDING("pending"),
    STOPPED("stopped"),
    FAILED("failed"),
    LOST("lost"),
    STARTED("started"),
    NOT_STARTED("not started");

    private final String word;

    State(String word) {
      this.word = word;
    }

    /**
     * @return the word printed for it
     */
    public String word() {
      return word;
    }
  }

  /** What the batch system says about array tasks. */
  public interface Queue {
    /**
     * @param jobIds array job ids
     * @return {@code "<job>_<task>" -> state} (e.g. {@code RUNNING}, {@code PENDING}) of every task
     *     of those jobs the queue still lists, or empty if the queue cannot be asked
     */
    Optional<Map<String, String>> tasks(Set<String> jobIds);
  }

  /**
   * One cell's line.
   *
   * @param task the array task, or -1 for a local grid's cell
   * @param cell the cell
   * @param state its state
   * @param detail where, since when, why (may be empty)
   */
  public record Row(int task, Cell cell, State state, String detail) {}

  /**
   * The whole picture.
   *
   * @param rows one per cell, in grid (array) order
   * @param results complete results in the file
   * @param duplicates keys stored more than once, with their counts
   * @param others results of cells not in this list (an earlier grid, other settings)
   * @param problems lines of the results file that were skipped (a torn tail)
   */
  public record Report(
      List<Row> rows,
      int results,
      Map<String, Integer> duplicates,
      int others,
      List<String> problems) {

    /**
     * @return cells per state, in {@link State} order, states with no cell left out
     */
    public Map<State, Integer> counts() {
      Map<State, Integer> counts = new LinkedHashMap<>();
      for (State state : State.values()) {
        int n = (int) rows.stream().filter(r -> r.state() == state).count();
        if (n > 0) {
          counts.put(state, n);
        }
      }
      return counts;
    }

    /**
     * @return whether every cell is done
     */
    public boolean allDone() {
      return rows.stream().allMatch(r -> r.state() == State.DONE);
    }
  }

  private GridStatus() {}

  /**
   * The status of a Slurm array's cells.
   *
   * @param dir the results folder
   * @param cells the array's cells, task {@code i} at index {@code i}
   * @param store the results
   * @param queue the batch system
   * @return the report
   * @throws IOException if the results cannot be read
   */
  public static Report ofSlurm(Path dir, List<Cell> cells, ResultsStore store, Queue queue)
      throws IOException {
    ResultsStore.Snapshot snapshot = store.read();
    Set<String> done = keys(snapshot.results());
    Map<Integer, String[]> marks = new LinkedHashMap<>();
    Set<String> jobs = new LinkedHashSet<>();
    for (int task = 0; task < cells.size(); task++) {
      Optional<String> line =
          firstLine(dir.resolve(SlurmScript.STATE_DIR).resolve(Integer.toString(task)));
      if (line.isPresent()) {
        String[] fields = line.get().split(" ");
        marks.put(task, fields);
        if (fields.length > 1 && fields[1].contains("_")) {
          jobs.add(fields[1].substring(0, fields[1].lastIndexOf('_')));
        }
      }
    }
    Optional<Map<String, String>> queued =
        jobs.isEmpty() ? Optional.of(Map.of()) : queue.tasks(jobs);
    List<Row> rows = new ArrayList<>();
    for (int task = 0; task < cells.size(); task++) {
      Cell cell = cells.get(task);
      String[] mark = marks.get(task);
      if (done.contains(cell.key())) {
        // Stored by this task, or by something else (a local rerun): only the former says so.
        rows.add(
            new Row(
                task,
                cell,
                State.DONE,
                mark == null || mark.length < 3 || !mark[0].equals("done")
                    ? ""
                    : "job " + mark[1] + " on " + mark[2]));
        continue;
      }
      String inQueue = queueState(queued, jobs, task);
      if (mark == null) {
        rows.add(
            inQueue != null
                ? new Row(task, cell, state(inQueue), "queue: " + inQueue)
                : new Row(task, cell, State.NOT_STARTED, ""));
        continue;
      }
      String word = mark[0];
      String job = mark.length > 1 ? mark[1] : "?";
      String where =
          "job "
              + job
              + (mark.length > 2 ? " on " + mark[2] : "")
              + (mark.length > 3 ? ", " + mark[3] : "");
      String extra =
          mark.length > 5 ? " " + String.join(" ", List.of(mark).subList(5, mark.length)) : "";
      String queueNow = queued.map(q -> q.get(job)).orElse(null);
      State state;
      String detail;
      switch (word) {
        case "running" -> {
          if (queued.isEmpty()) {
            state = State.RUNNING;
            detail = where + " (started; the queue could not be asked whether it still runs)";
          } else if (queueNow == null) {
            state = State.LOST;
            detail =
                where
                    + " (started, no longer in the queue and recorded no end: killed"
                    + " or its node failed; rerun it)";
          } else {
            state = state(queueNow);
            detail = where + ", queue: " + queueNow;
          }
        }
        case "stopped" -> {
          state = queueNow != null ? state(queueNow) : State.STOPPED;
          detail =
              where
                  + extra
                  + " (cancelled, time limit or preempted)"
                  + (queueNow != null ? ", requeued: " + queueNow : "");
        }
        case "failed" -> {
          state = queueNow != null ? state(queueNow) : State.FAILED;
          detail = where + extra + (queueNow != null ? ", requeued: " + queueNow : "");
        }
        default -> {
          // "done" without a result: the run's line was lost, or the results file was moved.
          state = State.FAILED;
          detail = where + " (finished but its result is not in " + store.file() + ")";
        }
      }
      rows.add(new Row(task, cell, state, detail));
    }
    return report(rows, snapshot, cells);
  }

  /**
   * The status of a local grid's cells ({@code lion-dg grid} without Slurm).
   *
   * @param cells the grid's cells
   * @param store the results
   * @param logOf the log a cell writes while it runs
   * @return the report
   * @throws IOException if the results cannot be read
   */
  public static Report ofLocal(
      List<Cell> cells, ResultsStore store, java.util.function.Function<Cell, Path> logOf)
      throws IOException {
    ResultsStore.Snapshot snapshot = store.read();
    Set<String> done = keys(snapshot.results());
    // Logs are named without the settings: a finished run with other settings leaves one too.
    Map<String, RunResult> byLabel = new LinkedHashMap<>();
    snapshot.results().forEach(r -> byLabel.putIfAbsent(Cell.of(r).label(), r));
    List<Row> rows = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Cell cell : cells) {
      if (!seen.add(cell.key())) {
        continue;
      }
      Path log = logOf.apply(cell);
      boolean hasLog = Files.isRegularFile(log);
      Optional<String> last = hasLog ? lastLine(log) : Optional.empty();
      RunResult other = byLabel.get(cell.label());
      if (done.contains(cell.key())) {
        rows.add(new Row(-1, cell, State.DONE, ""));
      } else if (other != null && (!hasLog || last.filter(GridStatus::isResultLine).isPresent())) {
        rows.add(
            new Row(
                -1,
                cell,
                State.NOT_STARTED,
                "stored only with other settings ("
                    + settingsDiff(other.config(), cell)
                    + (hasLog ? "); its log is that run's" : ")")));
      } else if (hasLog) {
        rows.add(
            new Row(
                -1,
                cell,
                State.STARTED,
                "running now, or failed: "
                    + log
                    + last.map(l -> " (last line: " + l + ")").orElse("")));
      } else {
        rows.add(new Row(-1, cell, State.NOT_STARTED, ""));
      }
    }
    return report(rows, snapshot, cells);
  }

  private static Report report(List<Row> rows, ResultsStore.Snapshot snapshot, List<Cell> cells) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (RunResult result : snapshot.results()) {
      counts.merge(Cell.of(result).key(), 1, Integer::sum);
    }
    Map<String, Integer> duplicates = new LinkedHashMap<>();
    counts.forEach(
        (key, n) -> {
          if (n > 1) {
            duplicates.put(key, n);
          }
        });
    Set<String> ours = new LinkedHashSet<>();
    cells.forEach(c -> ours.add(c.key()));
    int others =
        (int) snapshot.results().stream().filter(r -> !ours.contains(Cell.of(r).key())).count();
    return new Report(rows, snapshot.results().size(), duplicates, others, snapshot.problems());
  }

  /** The line a finished cell's log ends with ({@code lion-dg train}'s summary). */
  private static boolean isResultLine(String line) {
    return line.startsWith("result: ") || line.startsWith("appended to ");
  }

  /** E.g. {@code max_steps=3000 there, 300 here}: the settings in which a stored run differs. */
  private static String settingsDiff(RunConfig stored, Cell cell) {
    Map<String, String> there = Cell.settings(stored);
    Map<String, String> here = Cell.settings(cell.config());
    // A setting at its default may be absent on one side (image_size 0 is left out).
    Set<String> names = new TreeSet<>(here.keySet());
    names.addAll(there.keySet());
    List<String> diffs = new ArrayList<>();
    for (String name : names) {
      String a = there.getOrDefault(name, "unset");
      String b = here.getOrDefault(name, "unset");
      if (!a.equals(b)) {
        diffs.add(name + "=" + a + " there, " + b + " here");
      }
    }
    return String.join(", ", diffs);
  }

  private static Set<String> keys(List<RunResult> results) {
    Set<String> keys = new LinkedHashSet<>();
    results.forEach(r -> keys.add(Cell.of(r).key()));
    return keys;
  }

  /**
   * @return the queue's state of {@code task} under any of {@code jobs}, or null
   */
  private static String queueState(
      Optional<Map<String, String>> queued, Set<String> jobs, int task) {
    if (queued.isEmpty()) {
      return null;
    }
    for (String job : jobs) {
      String state = queued.get().get(job + "_" + task);
      if (state != null) {
        return state;
      }
    }
    return null;
  }

  private static State state(String queueState) {
    String s = queueState.toUpperCase(Locale.ROOT);
    return s.startsWith("PENDING") || s.startsWith("REQUEUE") || s.startsWith("CONFIGURING")
        ? State.PENDING
        : State.RUNNING;
  }

  private static Optional<String> firstLine(Path file) throws IOException {
    try {
      return Files.readAllLines(file, UTF_8).stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty())
          .findFirst();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> lastLine(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        String line = lines.get(i).strip();
        if (!line.isEmpty()) {
          int cr = line.lastIndexOf('\r');
          return Optional.of(cr >= 0 ? line.substring(cr + 1).strip() : line);
        }
      }
    } catch (IOException e) {
      // unreadable log: no detail
    }
    return Optional.empty();
  }
}
