package io.liondg.processor.validation;

import io.liondg.processor.generation.GeneratedNames;
import io.liondg.processor.model.RoleClass;
import io.liondg.processor.model.RoleField;

/**
 * {@code [lion:not-processed]}: a field walks into a role class from the class path (a library)
 * whose generated roles class is missing, because that class was compiled without the lion-dg
 * processor. The generated code would call it, and javac would only say "cannot find symbol" inside
 * generated code. Role classes compiled here get theirs in this compilation.
 */
final class NotProcessedRule implements Rule {

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    for (RoleField field : context.roleClass().fields()) {
      if (!field.walksInto()) {
        continue;
      }
      RoleClass nested = field.nested().orElseThrow();
      if (context.inSources().test(nested.element())) {
        continue;
      }
      String generated = GeneratedNames.rolesClass(nested.element()).canonicalName();
      if (context.reader().typeExists(generated)) {
        continue;
      }
      Object[] args = {
        field.qualifiedName(), nested.qualifiedName(), generated, context.generatedName()
      };
      if (context.owns(field)) {
        report.add(Message.NOT_PROCESSED, field.element(), field.mirror(), true, args);
      } else if (!context.inSources().test(field.declaringClass())) {
        // Inherited from a library class: no class compiled here reports it, so this one does.
        report.add(Message.NOT_PROCESSED, context.roleClass().element(), null, true, args);
      } else {
        // The superclass compiled here reports it on its own field.
        report.add(Message.NOT_PROCESSED, field.element(), field.mirror(), false, args);
      }
    }
  }
}
