package io.liondg.processor.model;

import java.util.List;

/**
 * One aux head of a role tree as the compiler placed it; the generated {@code placement()} returns
 * these as {@code Placement.AuxHeadPlacement}s.
 *
 * @param path its dotted path
 * @param tap the dotted path of the block it taps, or {@code ""}
 * @param onResidualPath whether it is reached through a residual branch
 * @param suppressed whether the aux-on-residual-path finding is suppressed for it
 */
public record AuxHeadFact(String path, String tap, boolean onResidualPath, boolean suppressed) {

  /**
   * @param tree a whole role tree
   * @return its aux heads, in tree order
   */
  public static List<AuxHeadFact> of(List<TreeNode> tree) {
    return tree.stream()
        .filter(n -> n.role() == Role.AUX_HEAD)
        .map(
            n ->
                new AuxHeadFact(
                    n.path(),
                    n.tap(),
                    n.onResidualPath(),
                    n.onResidualPath() && n.auxOnResidualPathSuppressed()))
        .toList();
  }
}
