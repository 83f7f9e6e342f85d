package io.liondg.runtime.experiment;

import io.liondg.runtime.results.RunConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An experiment grid: datasets x architectures x strategies x seeds, all with one base
 * configuration.
 *
 * @param datasets dataset names
 * @param archs architecture names
 * @param inits strategy names
 * @param seeds seeds
 * @param base the settings every cell uses
 */
public record GridSpec(
    List<String> datasets,
    List<String> archs,
    List<String> inits,
    List<Long> seeds,
    RunConfig base) {

  public GridSpec {
    datasets = nonEmpty(datasets, "datasets");
    archs = nonEmpty(archs, "archs");
    inits = nonEmpty(inits, "inits");
    seeds = nonEmpty(seeds, "seeds");
    Objects.requireNonNull(base, "base");
  }

  private static <T> List<T> nonEmpty(List<T> values, String what) {
    List<T> copy = List.copyOf(Objects.requireNonNull(values, what));
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("a grid needs at least one of " + what);
    }
    return copy;
  }

  /**
   * The grid's cells, dataset-major, then arch, seed and init: all strategies of one seed run next
   * to each other, so a grid stopped halfway already holds complete strategy comparisons for the
   * seeds it finished. A name or seed listed twice gives its cells once.
   *
   * @return the distinct cells in run order
   */
  public List<Cell> cells() {
    Map<String, Cell> cells = new LinkedHashMap<>();
    for (String dataset : datasets) {
      for (String arch : archs) {
        for (Long seed : seeds) {
          for (String init : inits) {
            Cell cell = new Cell(dataset, arch, init, seed, base);
            cells.putIfAbsent(cell.key(), cell);
          }
        }
      }
    }
    return new ArrayList<>(cells.values());
  }
}
