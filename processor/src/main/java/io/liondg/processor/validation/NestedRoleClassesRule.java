package io.liondg.processor.validation;

import io.liondg.processor.generation.GeneratedNames;
import io.liondg.processor.model.RoleClass;
import io.liondg.processor.model.RoleField;

/**
 * No code for a class whose nested role classes (compiled here) have errors: its generated code
 * would call their {@code _Roles}, which are not generated, and javac would add "cannot find
 * symbol" errors to the real ones. The nested class reports its own errors; this rule prints
 * nothing.
 */
final class NestedRoleClassesRule implements Rule {

  private final Validator validator;

  NestedRoleClassesRule(Validator validator) {
    this.validator = validator;
  }

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    for (RoleField field : context.roleClass().fields()) {
      if (!field.walksInto()) {
        continue;
      }
      RoleClass nested = field.nested().orElseThrow();
      // A class from a library compiled cleanly, and its _Roles exists.
      if (!context.inSources().test(nested.element())) {
        continue;
      }
      ValidationContext nestedContext =
          context.forNested(nested, GeneratedNames.rolesClass(nested.element()).simpleName());
      if (validator.validate(nestedContext).hasErrors()) {
        report.add(
            Message.NESTED_ERRORS,
            field.element(),
            null,
            false,
            field.qualifiedName(),
            nested.simpleName(),
            context.roleClass().simpleName());
      }
    }
  }
}
