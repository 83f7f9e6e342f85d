package io.liondg.runtime.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resident set size of this process, read from {@code /proc/self/status} ({@code VmRSS}), as
 * the peer benchmark reads it: native memory (PyTorch's tensors) included, which the JVM's own
 * memory beans do not see.
 */
public final class Rss {

  private static final Path STATUS = Path.of("/proc/self/status");

  private Rss() {}

  /**
   * @return the resident set size in MiB, or {@code NaN} where /proc is not available
   */
  public static double megabytes() {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) {
          return parseKilobytes(line) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or /proc not mounted: say so with NaN rather than fail the benchmark.
    }
    return Double.NaN;
  }

  /**
   * @param line a {@code VmRSS: 123456 kB} line
   * @return the number of kilobytes
   */
  static long parseKilobytes(String line) {
    String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
    return Long.parseLong(parts[0]);
  }
}
