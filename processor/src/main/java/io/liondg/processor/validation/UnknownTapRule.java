package io.liondg.processor.validation;

import io.liondg.processor.model.Role;
import io.liondg.processor.model.RoleField;

/** {@code [lion:unknown-tap]}: a tap names a block field of the same class. */
final class UnknownTapRule implements Rule {

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    for (RoleField field : context.roleClass().fields()) {
      if (!field.has(Role.AUX_HEAD) || field.tap().isEmpty()) {
        continue;
      }
      if (Taps.target(context.roleClass(), field.tap()).isEmpty()) {
        report.add(Message.UNKNOWN_TAP, field.element(), field.mirror(Role.AUX_HEAD),
            context.owns(field), field.qualifiedName(), field.tap(),
            context.roleClass().simpleName(),
            Taps.hint(Taps.candidates(context.roleClass()), field.tap()));
      }
    }
  }
}
