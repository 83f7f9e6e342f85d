package io.liondg.processor.validation;

import io.liondg.processor.model.Role;
import io.liondg.processor.model.RoleField;
import java.util.Optional;

/** {@code [lion:tap-not-backbone]}: an aux head reads a backbone or residual-branch block. */
final class TapNotBackboneRule implements Rule {

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    for (RoleField field : context.roleClass().fields()) {
      if (!field.has(Role.AUX_HEAD) || field.tap().isEmpty()) {
        continue;
      }
      Optional<RoleField> target = Taps.target(context.roleClass(), field.tap());
      if (target.isPresent() && target.get().role().isHead()) {
        String what = target.get().role() == Role.MAIN_HEAD ? "a @MainHead" : "an @AuxHead";
        report.add(
            Message.TAP_NOT_BACKBONE,
            field.element(),
            field.mirror(Role.AUX_HEAD),
            context.owns(field),
            field.qualifiedName(),
            field.tap(),
            what,
            Taps.hint(Taps.candidates(context.roleClass()), null));
      }
    }
  }
}
