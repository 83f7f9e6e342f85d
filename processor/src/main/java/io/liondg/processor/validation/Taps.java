package io.liondg.processor.validation;

import io.liondg.processor.model.RoleClass;
import io.liondg.processor.model.RoleField;
import java.util.List;
import java.util.Optional;

/** What a tap may name, shared by the two tap rules. */
final class Taps {

  private Taps() {}

  /**
   * @param roleClass a role class
   * @return the names of its fields an aux head may tap: backbone and residual-branch blocks
   *     (unannotated blocks count as backbone)
   */
  static List<String> candidates(RoleClass roleClass) {
    return roleClass.fields().stream()
        .filter(f -> f.isNode() && !f.role().isHead())
        .map(RoleField::name)
        .toList();
  }

  /**
   * @param roleClass a role class
   * @param tap a tap as written
   * @return the field it names, if it is a node of the class's tree
   */
  static Optional<RoleField> target(RoleClass roleClass, String tap) {
    return roleClass.field(tap).filter(RoleField::isNode);
  }

  /**
   * @param candidates the names that may be tapped
   * @param tap the name written, or {@code null} for no suggestion
   * @return a sentence or two that help fix the tap
   */
  static String hint(List<String> candidates, String tap) {
    if (candidates.isEmpty()) {
      return "The class has no @Backbone or @ResidualBranch field to tap.";
    }
    String list = "Fields that can be tapped: " + String.join(", ", candidates) + ".";
    Optional<String> nearest = tap == null ? Optional.empty() : NearestName.of(tap, candidates);
    return nearest.map(n -> "Did you mean '" + n + "'? " + list).orElse(list);
  }
}
