package io.liondg.runtime.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's memory, as Linux reports it. */
final class MemoryInfo {

  private MemoryInfo() {}

  /**
   * @return total memory in GB from {@code /proc/meminfo}, or NaN where it cannot be read
   */
  static double totalGigabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / (1024.0 * 1024.0);
        }
      }
    } catch (IOException | NumberFormatException | SecurityException e) {
      // not Linux, or hidden: no memory cap
    }
    return Double.NaN;
  }
}
