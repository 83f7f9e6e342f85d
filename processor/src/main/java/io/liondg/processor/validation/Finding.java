package io.liondg.processor.validation;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * One diagnostic about a role class.
 *
 * @param kind error, warning or note
 * @param text the full message, tag first
 * @param element the element it is attached to (a field, or the class)
 * @param mirror the annotation on {@code element} where the caret goes, or {@code null}
 * @param value the attribute value of {@code mirror} where the caret goes, or {@code null} for the
 *     annotation itself
 * @param printed whether this class's processing prints it; {@code false} for a problem of an
 *     inherited field, which its own class reports (it still stops generation)
 */
public record Finding(
    Diagnostic.Kind kind,
    String text,
    Element element,
    AnnotationMirror mirror,
    AnnotationValue value,
    boolean printed) {

  /**
   * @return whether it is an error
   */
  public boolean isError() {
    return kind == Diagnostic.Kind.ERROR;
  }
}
