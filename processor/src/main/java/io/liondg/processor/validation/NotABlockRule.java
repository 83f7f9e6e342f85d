package io.liondg.processor.validation;

import io.liondg.processor.model.RoleField;

/** {@code [lion:not-a-block]}: role annotations go on {@code ai.djl.nn.Block} fields only. */
final class NotABlockRule implements Rule {

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    for (RoleField field : context.roleClass().fields()) {
      if (field.assigned() && !field.block()) {
        report.add(
            Message.NOT_A_BLOCK,
            field.element(),
            field.mirror(),
            context.owns(field),
            field.qualifiedName(),
            field.annotations().get(0).role().display(),
            field.element().asType());
      }
    }
  }
}
