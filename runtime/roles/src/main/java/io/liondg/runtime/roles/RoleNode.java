package io.liondg.runtime.roles;

import ai.djl.nn.Block;
import java.util.Objects;

/**
 * One role-annotated block of a live model.
 *
 * @param path dotted path from the model, e.g. {@code stage2.block1.branch}
 * @param role the block's role
 * @param block the block itself
 * @param tap for aux heads, the dotted path of the block whose output the head reads, or {@code ""}
 * @param weight for aux heads, the loss weight, or {@code NaN} for the run's aux weight
 * @param onResidualPath whether the block is reached through a residual branch (an aux head there
 *     is embedded on the main path: the paper's Theorem 1)
 */
public record RoleNode(
    String path, Role role, Block block, String tap, double weight, boolean onResidualPath) {

  public RoleNode {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(role, "role");
    if (block == null) {
      throw new IllegalStateException(
          role == Role.AUX_HEAD
              ? "aux head '"
                  + path
                  + "' is null: add it with RoleTree.Builder.auxHead, which"
                  + " records a null aux head as absent"
              : nullBlock(role, path));
    }
    tap = tap == null ? "" : tap;
  }

  /**
   * The message for a required block (backbone, main head, residual branch) that is null.
   *
   * @param role the field's role
   * @param path its dotted path
   * @return one line naming the field and saying what to do
   */
  static String nullBlock(Role role, String path) {
    return role.label()
        + " '"
        + path
        + "' is null: build the model's "
        + role.label()
        + " block before asking for its role tree (only an @AuxHead may be null: the model"
        + " was built without that head)";
  }

  /**
   * @return this node with {@code prefix.} in front of its path and tap
   */
  RoleNode under(String prefix, boolean residual) {
    return new RoleNode(
        prefix + "." + path,
        role,
        block,
        tap.isEmpty() ? "" : prefix + "." + tap,
        weight,
        onResidualPath || residual);
  }

  /**
   * @param runDefault the run's aux weight
   * @return this head's loss weight, the run's when the annotation left it unset
   */
  public double weightOr(double runDefault) {
    return Double.isNaN(weight) ? runDefault : weight;
  }
}
