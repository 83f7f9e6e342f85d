package io.liondg.processor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * Flattens a {@link RoleClass} into its whole role tree, in the order the generated {@code
 * tree(model)} lists it: each class's fields in order, a node before the subtree of the role class
 * it holds.
 */
public final class RoleTreeWalk {

  private final List<TreeNode> nodes = new ArrayList<>();

  private RoleTreeWalk() {}

  /**
   * @param roleClass a role class
   * @return every node of its role tree, nested role classes included
   */
  public static List<TreeNode> nodes(RoleClass roleClass) {
    RoleTreeWalk walk = new RoleTreeWalk();
    walk.walk(roleClass, "", false, Optional.empty(), List.of());
    return List.copyOf(walk.nodes);
  }

  private void walk(
      RoleClass roleClass,
      String prefix,
      boolean residual,
      Optional<ResidualEntry> entry,
      List<RoleField> route) {
    boolean residualType = roleClass.residualType();
    boolean residualHere = residual || residualType;
    for (RoleField field : roleClass.fields()) {
      String path = prefix + field.name();
      List<RoleField> fieldRoute = append(route, field);
      Optional<ResidualEntry> classEntry = entry;
      if (residualType) {
        TypeElement owner = roleClass.residualOwner(field);
        classEntry = Optional.of(new ResidualEntry(stripDot(prefix), owner, owner, null));
      }
      Optional<ResidualEntry> fieldEntry =
          field.residualEntry()
              ? Optional.of(
                  new ResidualEntry(
                      path,
                      field.element(),
                      field.declaringClass(),
                      field.mirror(Role.RESIDUAL_BRANCH)))
              : classEntry;
      if (field.isNode()) {
        String tap =
            field.role() == Role.AUX_HEAD && !field.tap().isEmpty() ? prefix + field.tap() : "";
        nodes.add(
            new TreeNode(
                path, field, fieldRoute, tap, residualHere || field.residualEntry(), fieldEntry));
      }
      if (field.walksInto()) {
        walk(
            field.nested().orElseThrow(),
            path + ".",
            residualHere || field.residualEntry(),
            fieldEntry,
            fieldRoute);
      }
    }
  }

  private static String stripDot(String prefix) {
    return prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1);
  }

  private static List<RoleField> append(List<RoleField> route, RoleField field) {
    List<RoleField> longer = new ArrayList<>(route);
    longer.add(field);
    return longer;
  }
}
