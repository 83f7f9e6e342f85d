package io.liondg.processor.model;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Small helpers to read annotations by name, so the processor needs no annotation classes. */
public final class Annotations {

  /** The qualified name of {@code @ResidualBranch}, which is also a type annotation. */
  public static final String RESIDUAL_BRANCH = Role.RESIDUAL_BRANCH.annotationName();

  /**
   * The {@code @SuppressWarnings} key of {@code [lion:aux-on-residual-path]}; the generated
   * placement facts record whether it silenced a head.
   */
  public static final String AUX_ON_RESIDUAL_PATH_KEY = "lion:aux-on-residual-path";

  private Annotations() {}

  /**
   * @param mirror an annotation
   * @return its type's qualified name ({@code ""} if javac could not resolve the type)
   */
  public static String name(AnnotationMirror mirror) {
    Element type = mirror.getAnnotationType().asElement();
    return type instanceof TypeElement t ? t.getQualifiedName().toString() : "";
  }

  /**
   * @param element an element
   * @param qualifiedName an annotation type's name
   * @return whether the element carries that annotation
   */
  public static boolean has(Element element, String qualifiedName) {
    return element.getAnnotationMirrors().stream().anyMatch(m -> name(m).equals(qualifiedName));
  }

  /**
   * @param elements javac's element utilities
   * @param mirror an annotation
   * @param attribute an attribute name
   * @return the attribute's value, the default where it is not written
   */
  public static Object value(Elements elements, AnnotationMirror mirror, String attribute) {
    Map<? extends ExecutableElement, ? extends AnnotationValue> values =
        elements.getElementValuesWithDefaults(mirror);
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : values.entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        return e.getValue().getValue();
      }
    }
    throw new IllegalArgumentException("no attribute " + attribute + " in " + mirror);
  }

  /**
   * Whether {@code @SuppressWarnings(key)} is on the element or on any element enclosing it (its
   * class, the classes around that class).
   *
   * @param element a field or class
   * @param key a warning key such as {@code lion:aux-on-residual-path}
   * @return whether the warning is suppressed there
   */
  public static boolean suppressed(Element element, String key) {
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      SuppressWarnings annotation = e.getAnnotation(SuppressWarnings.class);
      if (annotation != null && List.of(annotation.value()).contains(key)) {
        return true;
      }
    }
    return false;
  }
}
