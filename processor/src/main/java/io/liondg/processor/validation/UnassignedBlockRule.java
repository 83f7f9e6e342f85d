package io.liondg.processor.validation;

import io.liondg.processor.model.RoleField;

/**
 * {@code [lion:unassigned-block]}: a block field with no role and no role-class type. It is treated
 * as backbone; private ones cannot be read by the generated code and are left out.
 */
final class UnassignedBlockRule implements Rule {

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    for (RoleField field : context.roleClass().declaredFields()) {
      if (field.assigned() || !field.block() || field.nested().isPresent() || field.recursive()) {
        continue;
      }
      if (!field.readable()) {
        report.add(
            Message.UNASSIGNED_PRIVATE_BLOCK,
            field.element(),
            null,
            true,
            field.qualifiedName(),
            context.generatedName());
      } else {
        report.add(Message.UNASSIGNED_BLOCK, field.element(), null, true, field.qualifiedName());
      }
    }
  }
}
