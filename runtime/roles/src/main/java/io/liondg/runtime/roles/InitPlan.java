package io.liondg.runtime.roles;

import ai.djl.nn.Block;

/**
 * Chooses and sets the DJL initializers of one role-annotated block. Generated {@code
 * Foo_Roles.applyInitializers} calls it for every node, parents before children, so a child's
 * choice overrides its parent's. Data-driven steps (LSUV) run afterwards in the runtime, once the
 * parameters exist.
 */
@FunctionalInterface
public interface InitPlan {

  /**
   * Sets the initializers of {@code block} for its role.
   *
   * @param role the block's role
   * @param path its dotted path from the model
   * @param block the block
   */
  void initialize(Role role, String path, Block block);

  /**
   * @param prefix the path of a field whose type is a nested role class
   * @return this plan seen from inside that field: paths get {@code prefix.} in front
   */
  default InitPlan under(String prefix) {
    return (role, path, block) -> initialize(role, prefix + "." + path, block);
  }
}
