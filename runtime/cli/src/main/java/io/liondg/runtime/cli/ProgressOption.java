package io.liondg.runtime.cli;

import io.liondg.runtime.experiment.GridRunner;
import picocli.CommandLine.Option;

/**
 * {@code --[no-]progress}, shared by {@code train}, {@code bench}, {@code grid} and {@code demo}:
 * whether stderr shows a bar redrawn in place. Without it, a grid still prints one line per
 * finished cell, and a run its summary.
 */
final class ProgressOption {

  @Option(
      names = "--progress",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Draw a progress bar on stderr (a grid's bar only where stderr is a"
              + " terminal). Default: ${DEFAULT-VALUE}.")
  boolean progress = true;

  /**
   * @return whether a grid may redraw its bar: asked for, and stderr is a terminal
   */
  boolean gridBar() {
    return progress && GridRunner.stderrIsTerminal();
  }
}
