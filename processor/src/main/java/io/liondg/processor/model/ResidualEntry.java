package io.liondg.processor.model;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Where a residual path begins: a field that is a residual branch, or a class annotated
 * {@code @ResidualBranch}.
 *
 * @param path the dotted path of the branch from the class being walked ({@code ""} for that class
 *     itself)
 * @param element the field, or the annotated class
 * @param owner the class that declares the field, or the annotated class itself: the class whose
 *     processing reports the aux heads beneath, so that each is reported once
 * @param mirror the {@code @ResidualBranch} annotation, or {@code null} when the branch is one
 *     because of its type
 */
public record ResidualEntry(
    String path, Element element, TypeElement owner, AnnotationMirror mirror) {

  /**
   * @return whether the entry is a class annotated {@code @ResidualBranch}
   */
  public boolean isType() {
    return element.equals(owner);
  }

  /**
   * @return how messages name it
   */
  public String describe() {
    if (isType()) {
      return "class " + owner.getSimpleName() + " (a @ResidualBranch type)";
    }
    return "'" + owner.getSimpleName() + "." + element.getSimpleName() + "'";
  }
}
