package io.liondg.runtime.roles;

import java.util.List;

/**
 * The placement facts the annotation processor established at compile time: every aux head of a
 * model, what it taps, and whether it sits on a residual path. The runtime prints the same findings
 * the compiler printed ({@code lion-dg inspect}).
 *
 * @param model the model's canonical class name
 * @param auxHeads every aux head in the model's role tree, in tree order
 */
public record Placement(String model, List<AuxHeadPlacement> auxHeads) {

  public Placement {
    auxHeads = List.copyOf(auxHeads);
  }

  /**
   * One aux head's placement.
   *
   * @param path dotted path from the model
   * @param tap dotted path of the tapped block, or {@code ""}
   * @param onResidualPath whether it is reached through a {@code @ResidualBranch}
   * @param suppressed whether {@code @SuppressWarnings("lion:aux-on-residual-path")} silenced the
   *     compile-time warning for it
   */
  public record AuxHeadPlacement(
      String path, String tap, boolean onResidualPath, boolean suppressed) {}

  /**
   * @return the aux heads that sit on a residual path (Theorem 1's dead zone when zeroed)
   */
  public List<AuxHeadPlacement> onResidualPath() {
    return auxHeads.stream().filter(AuxHeadPlacement::onResidualPath).toList();
  }
}
