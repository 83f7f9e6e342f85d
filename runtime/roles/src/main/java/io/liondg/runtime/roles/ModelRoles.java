package io.liondg.runtime.roles;

/**
 * What the annotation processor generates for each role class {@code Foo} as {@code Foo_Roles}: the
 * class's roles, without reflection.
 *
 * @param <T> the role class
 */
public interface ModelRoles<T> {

  /**
   * @param model a built instance (its child-block fields set; a null {@code @AuxHead} field is an
   *     absent head, left out of the tree and listed in {@link RoleTree#absentAuxHeads()})
   * @return every role-annotated block, nested role classes included
   * @throws IllegalStateException naming the field if a backbone, main head or residual branch is
   *     null
   */
  RoleTree tree(T model);

  /**
   * Sets each block's initializers as {@code plan} chooses for its role, parents first. Absent
   * (null) aux heads are skipped.
   *
   * @param model a built instance
   * @param plan the strategy's choices
   */
  void applyInitializers(T model, InitPlan plan);

  /**
   * @return the compile-time placement facts of the class
   */
  Placement placement();
}
