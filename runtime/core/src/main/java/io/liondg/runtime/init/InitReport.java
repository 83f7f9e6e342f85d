package io.liondg.runtime.init;

import java.util.List;

/**
 * What an initialization did: the {@code init_report} of a run.
 *
 * @param strategy the strategy's CLI name, e.g. {@code hybrid}
 * @param seconds wall time of the whole initialization, calibration included
 * @param layers one entry per parametric layer, in forward order
 */
public record InitReport(String strategy, double seconds, List<LayerReport> layers) {

  public InitReport {
    layers = List.copyOf(layers);
  }

  /**
   * One layer's weights before and after the strategy's data-driven steps.
   *
   * @param path dotted path of the layer's weight parameter
   * @param stdBefore weight std after the role initializers, before calibration
   * @param stdAfter weight std at the end of initialization
   * @param iterations calibration passes (0 for strategies without calibration)
   * @param outputVariance for LSUV, the layer's output variance on the calibration batch after the
   *     last pass; null for layers that were not calibrated (JSON {@code null}, which every JSON
   *     reader understands, unlike NaN)
   */
  public record LayerReport(
      String path, double stdBefore, double stdAfter, int iterations, Double outputVariance) {}
}
