package io.liondg.processor.validation;

import io.liondg.processor.model.RoleClass;
import io.liondg.processor.model.RoleField;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * {@code [lion:inaccessible]}: the generated class reads role fields as {@code model.name} from the
 * role class's package (a record's components through their accessors), so they must be
 * non-private, non-static and visible there, and the class itself must be nameable.
 */
final class InaccessibleRule implements Rule {

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    RoleClass roleClass = context.roleClass();
    TypeElement subject = roleClass.element();
    for (Element e = subject; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        report.add(
            Message.INACCESSIBLE_CLASS,
            subject,
            null,
            true,
            ((TypeElement) e).getQualifiedName(),
            context.generatedName());
        break;
      }
    }
    for (RoleField field : roleClass.fields()) {
      if (field.assigned() && !field.readable()) {
        String what =
            field.isPrivate() && field.isStatic()
                ? "private and static"
                : field.isPrivate() ? "private" : "static";
        report.add(
            Message.INACCESSIBLE,
            field.element(),
            field.mirror(),
            context.owns(field),
            field.qualifiedName(),
            field.annotations().get(0).role().display(),
            what,
            context.generatedName());
      } else if (!field.assigned() && !field.readable() && field.nested().isPresent()) {
        report.add(
            Message.INACCESSIBLE_ROLE_CLASS_FIELD,
            field.element(),
            null,
            context.owns(field),
            field.qualifiedName(),
            field.nested().get().simpleName(),
            context.generatedName());
      } else if (field.assigned()
          && !context.owns(field)
          && !context.reader().readableFrom(field, subject)) {
        // The field is fine in its own class; it is this subclass, in another package, whose
        // generated code cannot read it.
        report.add(
            Message.INACCESSIBLE_INHERITED,
            subject,
            null,
            true,
            field.qualifiedName(),
            roleClass.simpleName(),
            packageOf(subject),
            context.generatedName(),
            field.declaringClass().getSimpleName());
      }
    }
  }

  private static String packageOf(Element element) {
    Element e = element;
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return ((PackageElement) e).getQualifiedName().toString();
  }
}
