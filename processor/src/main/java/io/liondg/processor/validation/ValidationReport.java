package io.liondg.processor.validation;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The findings about one role class, collected by the rules and printed at once (as Dagger's {@code
 * ValidationReport}). A class whose report has an error gets no generated code.
 */
public final class ValidationReport {

  private final Element subject;
  private final List<Finding> findings = new ArrayList<>();

  /**
   * @param subject the role class the report is about
   */
  public ValidationReport(Element subject) {
    this.subject = subject;
  }

  /**
   * @return the role class the report is about
   */
  public Element subject() {
    return subject;
  }

  /**
   * Adds a finding with the message's own kind.
   *
   * @param message what is wrong
   * @param element where: a field or the class
   * @param mirror the annotation on it to point at, or {@code null}
   * @param printed whether to print it (see {@link Finding#printed()})
   * @param args the message's arguments
   */
  public void add(
      Message message, Element element, AnnotationMirror mirror, boolean printed, Object... args) {
    add(message.kind(), message, element, mirror, printed, args);
  }

  /**
   * Adds a finding with a kind an option chose.
   *
   * @param kind the kind to print it with
   * @param message what is wrong
   * @param element where
   * @param mirror the annotation to point at, or {@code null}
   * @param printed whether to print it
   * @param args the message's arguments
   */
  public void add(
      Diagnostic.Kind kind,
      Message message,
      Element element,
      AnnotationMirror mirror,
      boolean printed,
      Object... args) {
    findings.add(new Finding(kind, message.format(args), element, mirror, null, printed));
  }

  /**
   * Adds a finding about one attribute of an annotation, where the caret goes.
   *
   * @param message what is wrong
   * @param element where
   * @param mirror the annotation
   * @param value the attribute's value as written in {@code mirror}
   * @param printed whether to print it
   * @param args the message's arguments
   */
  public void add(
      Message message,
      Element element,
      AnnotationMirror mirror,
      AnnotationValue value,
      boolean printed,
      Object... args) {
    findings.add(
        new Finding(message.kind(), message.format(args), element, mirror, value, printed));
  }

  /**
   * @return every finding, in the order the rules found them
   */
  public List<Finding> findings() {
    return List.copyOf(findings);
  }

  /**
   * @return whether any finding, printed or not, is an error: then nothing is generated
   */
  public boolean hasErrors() {
    return findings.stream().anyMatch(Finding::isError);
  }

  /**
   * Prints the findings this class is responsible for, each attached to its element and annotation
   * so that javac's caret lands on the annotation.
   *
   * @param messager javac's messager
   */
  public void printTo(Messager messager) {
    for (Finding f : findings) {
      if (!f.printed()) {
        continue;
      }
      if (f.value() != null) {
        messager.printMessage(f.kind(), f.text(), f.element(), f.mirror(), f.value());
      } else if (f.mirror() != null) {
        messager.printMessage(f.kind(), f.text(), f.element(), f.mirror());
      } else {
        messager.printMessage(f.kind(), f.text(), f.element());
      }
    }
  }
}
