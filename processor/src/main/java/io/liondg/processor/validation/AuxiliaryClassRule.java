package io.liondg.processor.validation;

import io.liondg.processor.model.Annotations;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;

/**
 * {@code [lion:auxiliary-class]}: a role class that is, or is nested in, a top-level class of a
 * file named for another class (an "auxiliary class"). The generated class names it from its own
 * file, and under {@code -Xlint:auxiliaryclass} javac then warns in generated code, where no
 * {@code @SuppressWarnings} reaches. A note, not a warning: without that lint nothing goes wrong.
 */
final class AuxiliaryClassRule implements Rule {

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    TypeElement type = context.roleClass().element();
    if (Annotations.suppressed(type, Message.AUXILIARY_CLASS.suppressionKey())) {
      return;
    }
    TypeElement top = type;
    while (top.getEnclosingElement() instanceof TypeElement outer) {
      top = outer;
    }
    String topName = top.getSimpleName().toString();
    boolean isTop = top.equals(type);
    context
        .sourceFileOf()
        .apply(top)
        .filter(file -> !file.isNameCompatible(topName, JavaFileObject.Kind.SOURCE))
        .ifPresent(
            file ->
                report.add(
                    Message.AUXILIARY_CLASS,
                    type,
                    null,
                    true,
                    context.roleClass().simpleName(),
                    isTop ? "declared in" : "nested in " + topName + ", declared in",
                    fileName(file),
                    context.generatedName(),
                    topName));
  }

  private static String fileName(JavaFileObject file) {
    String name = file.getName();
    return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  }
}
