package io.liondg.runtime.progress;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A one-line progress bar on stderr: {@code [#####.....] 120/300 40% loss 0.81 | ETA 1m24s}.
 *
 * <p>On a terminal the line is redrawn in place; when stderr is a file or a pipe (CI, logs) a plain
 * line is printed every 10 % instead, so logs stay readable.
 */
public final class ConsoleProgress implements AutoCloseable {

  private static final int WIDTH = 24;

  private final String label;
  private final long total;
  private final PrintStream out;
  private final boolean interactive;
  private final long start = System.nanoTime();
  private long lastDraw;
  private int lastDecile = -1;
  private String lastLine = "";

  /**
   * @param label what is counted, e.g. {@code train}
   * @param total the count at which the work is done
   */
  public ConsoleProgress(String label, long total) {
    this(label, total, System.err, System.console() != null);
  }

  ConsoleProgress(String label, long total, PrintStream out, boolean interactive) {
    this.label = label;
    this.total = Math.max(1, total);
    this.out = out;
    this.interactive = interactive;
  }

  /**
   * @param done units done so far
   * @param detail extra text, e.g. {@code loss 0.812 acc 71.3%}
   */
  public void update(long done, String detail) {
    long now = System.nanoTime();
    int decile = (int) (10 * done / total);
    if (interactive ? now - lastDraw < 100_000_000L && done < total : decile == lastDecile) {
      return;
    }
    lastDraw = now;
    lastDecile = decile;
    lastLine = line(done, detail, now);
    if (interactive) {
      out.print("\r" + lastLine + "\u001b[K");
    } else {
      out.println(lastLine);
    }
    out.flush();
  }

  String line(long done, String detail, long now) {
    int filled = (int) (WIDTH * Math.min(done, total) / total);
    double elapsed = (now - start) / 1e9;
    String eta =
        done == 0
            ? "?"
            : format(Duration.ofMillis((long) (1000 * elapsed * (total - done) / done)));
    return String.format(
        "%s [%s%s] %d/%d %3d%% %s| ETA %s",
        label,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        done,
        total,
        100 * done / total,
        detail.isEmpty() ? "" : detail + " ",
        eta);
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    if (s >= 3600) {
      return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }

  /** Ends the line. */
  @Override
  public void close() {
    if (interactive && !lastLine.isEmpty()) {
      out.println();
    }
  }
}
