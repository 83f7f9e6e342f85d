package io.liondg.processor.validation;

import io.liondg.processor.model.Role;
import io.liondg.processor.model.RoleField;
import java.util.Optional;

/**
 * {@code [lion:unknown-tap]}: a tap names a block field of the same class. A tap that names a field
 * which exists but cannot be a node of the tree is not unknown: a role field that is private or
 * static, or not a block, has its own error ({@code [lion:inaccessible]}, {@code
 * [lion:not-a-block]}), and a private block with no role gets {@code [lion:inaccessible]} here, on
 * the aux head.
 */
final class UnknownTapRule implements Rule {

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    for (RoleField field : context.roleClass().fields()) {
      if (!field.has(Role.AUX_HEAD) || field.tap().isEmpty()) {
        continue;
      }
      Optional<RoleField> named = context.roleClass().field(field.tap());
      if (named.isPresent() && (named.get().isNode() || named.get().assigned())) {
        continue; // a node, or a role field whose own error says what is wrong with it
      }
      if (named.isPresent() && named.get().block()) {
        report.add(
            Message.INACCESSIBLE_TAP,
            field.element(),
            field.mirror(Role.AUX_HEAD),
            context.owns(field),
            field.qualifiedName(),
            field.tap(),
            context.generatedName());
      } else {
        report.add(
            Message.UNKNOWN_TAP,
            field.element(),
            field.mirror(Role.AUX_HEAD),
            context.owns(field),
            field.qualifiedName(),
            field.tap(),
            context.roleClass().simpleName(),
            Taps.hint(Taps.candidates(context.roleClass()), field.tap()));
      }
    }
  }
}
