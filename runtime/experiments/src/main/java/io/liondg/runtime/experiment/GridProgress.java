package io.liondg.runtime.experiment;

import io.liondg.runtime.results.RunResult;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The grid's progress on stderr: cells done out of the whole grid, failures, cells running, elapsed
 * time and ETA. On a terminal it is one line redrawn with {@code \r} (and refreshed every second so
 * the clock moves); elsewhere (a log file, a CI job) it prints plain lines only, one per finished
 * or failed cell, because carriage returns make logs unreadable. Each finished cell also gets a
 * line of its own above the bar. All methods are thread-safe.
 */
final class GridProgress implements AutoCloseable {

  private static final int BAR_WIDTH = 24;

  private final PrintStream out;
  private final boolean terminal;
  private final int total;
  private final int resumed;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService ticker;
  private int finished;
  private int failed;
  private int running;
  private int lastBarLength;
  private boolean closed;

  /**
   * @param out where to print (stderr)
   * @param terminal whether {@code out} is a terminal that understands {@code \r}
   * @param total cells in the grid
   * @param resumed cells already finished before this run
   */
  GridProgress(PrintStream out, boolean terminal, int total, int resumed) {
    this.out = out;
    this.terminal = terminal;
    this.total = total;
    this.resumed = resumed;
    if (terminal) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "lion-dg-grid-progress");
                t.setDaemon(true);
                return t;
              });
      ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
    } else {
      ticker = null;
    }
  }

  /** Prints the grid's opening line. */
  synchronized void begin(String what) {
    println(what);
  }

  synchronized void started(Cell cell) {
    running++;
    redraw();
  }

  synchronized void finished(Cell cell, RunResult result, double seconds) {
    running--;
    finished++;
    String steps =
        result.stepsToTarget() == null
            ? "target not reached"
            : "steps to target " + result.stepsToTarget();
    String status = RunResult.OK.equals(result.status()) ? "ok" : "DIVERGED";
    println(
        String.format(
                Locale.ROOT,
                "%s %-8s %s, val acc %.2f %%, %s, %s",
                count(),
                status,
                cell.label(),
                100 * result.valAcc(),
                steps,
                duration(seconds))
            + (terminal ? "" : "  " + eta()));
  }

  synchronized void failed(Cell cell, String message, double seconds) {
    running--;
    failed++;
    println(
        String.format(
                Locale.ROOT,
                "%s %-8s %s after %s: %s",
                count(),
                "FAILED",
                cell.label(),
                duration(seconds),
                message)
            + (terminal ? "" : "  " + eta()));
  }

  /** A cell that Ctrl-C stopped: no line of its own (the grid ends with one for all). */
  synchronized void stopped(Cell cell) {
    running--;
    redraw();
  }

  synchronized void warn(String message) {
    println("warning: " + message);
  }

  /** Prints a line above the bar (or alone, off a terminal) and redraws the bar. */
  private void println(String line) {
    if (terminal) {
      clearBar();
      out.println(line);
      drawBar();
    } else {
      out.println(line);
    }
    out.flush();
  }

  private synchronized void redraw() {
    if (terminal && !closed) {
      clearBar();
      drawBar();
      out.flush();
    }
  }

  private void clearBar() {
    if (lastBarLength > 0) {
      out.print("\r" + " ".repeat(lastBarLength) + "\r");
      lastBarLength = 0;
    }
  }

  private void drawBar() {
    int done = resumed + finished + failed;
    int filled = total == 0 ? BAR_WIDTH : (int) Math.round((double) BAR_WIDTH * done / total);
    String bar =
        String.format(
            Locale.ROOT,
            "grid [%s%s] %d/%d cells%s%s  %s  %s",
            "#".repeat(filled),
            "-".repeat(BAR_WIDTH - filled),
            done,
            total,
            failed > 0 ? ", " + failed + " failed" : "",
            running > 0 ? ", " + running + " running" : "",
            "elapsed " + duration(elapsedSeconds()),
            eta());
    out.print(bar);
    lastBarLength = bar.length();
  }

  private String count() {
    int width = String.valueOf(total).length();
    return String.format(Locale.ROOT, "[%" + width + "d/%d]", resumed + finished + failed, total);
  }

  /** ETA from this run's throughput so far: elapsed / cells ended x cells left. */
  private String eta() {
    int ended = finished + failed;
    int left = total - resumed - ended;
    if (left <= 0) {
      return "ETA 0s";
    }
    if (ended == 0) {
      return "ETA --";
    }
    return "ETA " + duration(elapsedSeconds() / ended * left);
  }

  private double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  /** Stops the clock and leaves the final bar on its own line. */
  @Override
  public synchronized void close() {
    if (ticker != null && !closed) {
      closed = true;
      ticker.shutdownNow();
      clearBar();
      drawBar();
      out.println();
      lastBarLength = 0;
      out.flush();
    }
  }
}
