package io.liondg.processor.validation;

import io.liondg.processor.model.Role;
import io.liondg.processor.model.RoleField;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;

/**
 * {@code [lion:bad-aux-weight]}: {@code @AuxHead(weight)} is checked as the command line checks
 * {@code --aux-weight}: finite and at least 0. {@code NaN} is the attribute's default, meaning "the
 * run's aux weight"; it is valid only as that default, when {@code weight} is left out. A written
 * {@code NaN} (such as {@code 0.0 / 0.0}) is an error: it is the default in disguise, or a computed
 * weight gone wrong.
 */
final class AuxWeightRule implements Rule {

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    for (RoleField field : context.roleClass().fields()) {
      AnnotationMirror mirror = field.mirror(Role.AUX_HEAD);
      if (mirror == null) {
        continue;
      }
      AnnotationValue written = writtenWeight(mirror);
      double weight = field.weight();
      boolean valid = written == null || (Double.isFinite(weight) && weight >= 0);
      if (!valid) {
        report.add(
            Message.BAD_AUX_WEIGHT,
            field.element(),
            mirror,
            written,
            context.owns(field),
            field.qualifiedName(),
            Double.toString(weight));
      }
    }
  }

  /** The {@code weight} attribute as written in the annotation, or {@code null} if left out. */
  private static AnnotationValue writtenWeight(AnnotationMirror mirror) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals("weight")) {
        return e.getValue();
      }
    }
    return null;
  }
}
