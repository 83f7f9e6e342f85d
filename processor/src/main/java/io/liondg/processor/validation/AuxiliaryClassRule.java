package io.liondg.processor.validation;

import io.liondg.processor.model.Annotations;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * {@code [lion:auxiliary-class]}: a top-level role class in a file named for another class (an
 * "auxiliary class"). The generated class names it from its own file, and javac's {@code
 * -Xlint:auxiliaryclass} then warns in generated code, where no {@code @SuppressWarnings} reaches
 * and {@code -Werror} fails the build.
 */
final class AuxiliaryClassRule implements Rule {

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    TypeElement type = context.roleClass().element();
    if (!(type.getEnclosingElement() instanceof PackageElement)
        || Annotations.suppressed(type, Message.AUXILIARY_CLASS.suppressionKey())) {
      return;
    }
    String own = type.getSimpleName() + ".java";
    context
        .sourceFile()
        .apply(type)
        .filter(file -> !file.equals(own))
        .ifPresent(
            file ->
                report.add(
                    Message.AUXILIARY_CLASS,
                    type,
                    null,
                    true,
                    type.getSimpleName(),
                    file,
                    context.generatedName(),
                    file.substring(0, file.length() - ".java".length())));
  }
}
