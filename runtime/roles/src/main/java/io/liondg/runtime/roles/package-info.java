/**
 * Roles at runtime: the {@link io.liondg.runtime.roles.RoleTree} of a live model, found through the
 * generated {@code Foo_Roles} ({@link io.liondg.runtime.roles.Roles#of}) or built by hand.
 */
package io.liondg.runtime.roles;
