package io.liondg.runtime.experiment;

import io.liondg.runtime.results.RunResult;

/**
 * Runs one grid cell to completion. The grid engine does not care how: the CLI's runner launches a
 * separate JVM per cell (so cells share no native state and a crash takes down one cell), tests use
 * a fake. Implementations must be safe to call from several threads at once.
 */
@FunctionalInterface
public interface CellRunner {

  /**
   * @param cell what to run
   * @return the run's result; its dataset, arch, init, seed and config (threads aside) should be
   *     the cell's, or a resumed grid will not recognise the cell as finished
   * @throws Exception if the run failed; the grid reports the cell as failed and goes on
   */
  RunResult run(Cell cell) throws Exception;
}
