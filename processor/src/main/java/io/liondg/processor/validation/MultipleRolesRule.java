package io.liondg.processor.validation;

import io.liondg.processor.model.RoleField;

/** {@code [lion:multiple-roles]}: a block has one role. The caret goes to the second one. */
final class MultipleRolesRule implements Rule {

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    for (RoleField field : context.roleClass().fields()) {
      if (field.annotations().size() > 1) {
        report.add(
            Message.MULTIPLE_ROLES,
            field.element(),
            field.annotations().get(1).mirror(),
            context.owns(field),
            field.qualifiedName(),
            field.annotations().get(0).role().display(),
            field.annotations().get(1).role().display());
      }
    }
  }
}
