package io.liondg.processor.model;

import java.util.List;
import java.util.Optional;

/**
 * One node of a role class's whole role tree as the compiler sees it: what the generated {@code
 * tree(model)} will return at run time, before any model exists.
 *
 * @param path the dotted path from the class walked, e.g. {@code stage2.block1.aux}
 * @param field the field that holds the node's block
 * @param route the fields walked from the class to this node; the first is the class's own field
 *     through which the node is reached, the last is {@code field}
 * @param tap for aux heads with a tap, the tapped block's dotted path, else {@code ""}
 * @param onResidualPath whether the node is reached through a residual branch
 * @param residualEntry the innermost residual branch it is reached through, if any
 */
public record TreeNode(
    String path,
    RoleField field,
    List<RoleField> route,
    String tap,
    boolean onResidualPath,
    Optional<ResidualEntry> residualEntry) {

  public TreeNode {
    route = List.copyOf(route);
  }

  /**
   * @return the node's role
   */
  public Role role() {
    return field.role();
  }

  /**
   * @return the walked class's own field through which this node is reached
   */
  public RoleField entryField() {
    return route.get(0);
  }

  /**
   * Whether {@code @SuppressWarnings("lion:aux-on-residual-path")} silences this node: it is on the
   * aux head's field or a class around it, or on the residual branch that puts the head on a
   * residual path (that field or class, or a class around it).
   *
   * @return whether the aux-on-residual-path finding is suppressed for this node
   */
  public boolean auxOnResidualPathSuppressed() {
    String key = Annotations.AUX_ON_RESIDUAL_PATH_KEY;
    return Annotations.suppressed(field.element(), key)
        || residualEntry.map(e -> Annotations.suppressed(e.element(), key)).orElse(false);
  }
}
