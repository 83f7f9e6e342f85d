package io.liondg.processor.model;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * A field of a role class that matters to its role tree: a field with a role annotation, a {@code
 * Block} field without one, or a field whose type is itself a role class.
 *
 * @param element the field
 * @param declaringClass the class that declares it (a superclass for inherited fields)
 * @param annotations its role annotations, in source order (more than one is an error)
 * @param block whether its type is assignable to {@code ai.djl.nn.Block}
 * @param isPrivate whether it is private (the generated code cannot read it)
 * @param isStatic whether it is static (not a child block of an instance)
 * @param nested the role class its type is walked into, if its type is one
 * @param residualType whether its type (or a superclass of it) is annotated {@code @ResidualBranch}
 * @param recursive whether its type is a role class already being walked (a cycle), so it is not
 *     walked again
 * @param tap for {@code @AuxHead}, the tapped sibling's name, else {@code ""}
 * @param weight for {@code @AuxHead}, the loss weight, else {@code NaN}
 * @param accessor for a record component, its accessor method: the generated code reads the
 *     (private) component field through it, as {@code model.name()}
 */
public record RoleField(
    VariableElement element,
    TypeElement declaringClass,
    List<RoleAnnotation> annotations,
    boolean block,
    boolean isPrivate,
    boolean isStatic,
    Optional<RoleClass> nested,
    boolean residualType,
    boolean recursive,
    String tap,
    double weight,
    Optional<ExecutableElement> accessor) {

  public RoleField {
    annotations = List.copyOf(annotations);
  }

  /**
   * @return the field's simple name
   */
  public String name() {
    return element.getSimpleName().toString();
  }

  /**
   * @return whether the field carries at least one role annotation
   */
  public boolean assigned() {
    return !annotations.isEmpty();
  }

  /**
   * @return whether the field carries the annotation of {@code role}
   */
  public boolean has(Role role) {
    return annotations.stream().anyMatch(a -> a.role() == role);
  }

  /**
   * The role the field's node has in the tree: its annotation's; {@code RESIDUAL_BRANCH} for a
   * backbone (or unannotated) field whose type is a residual branch; {@code BACKBONE} for an
   * unannotated block, which is how the runtime treats it.
   *
   * @return the effective role
   */
  public Role role() {
    Role declared = annotations.isEmpty() ? Role.BACKBONE : annotations.get(0).role();
    return declared == Role.BACKBONE && residualType ? Role.RESIDUAL_BRANCH : declared;
  }

  /**
   * @return whether this field makes what lies beneath it a residual branch
   */
  public boolean residualEntry() {
    return has(Role.RESIDUAL_BRANCH) || residualType;
  }

  /**
   * @return whether the generated code can read the field: non-static, and non-private or a record
   *     component (read through its public accessor)
   */
  public boolean readable() {
    return (!isPrivate || accessor.isPresent()) && !isStatic;
  }

  /**
   * @return whether the field is a node of the role tree (a readable block)
   */
  public boolean isNode() {
    return block && readable();
  }

  /**
   * @return whether the generated code walks into the field's role class
   */
  public boolean walksInto() {
    return nested.isPresent() && readable() && !recursive;
  }

  /**
   * @return the field's first role annotation, where its diagnostics point; or {@code null}
   */
  public AnnotationMirror mirror() {
    return annotations.isEmpty() ? null : annotations.get(0).mirror();
  }

  /**
   * @param role a role
   * @return the mirror of that role's annotation on this field, or {@code null}
   */
  public AnnotationMirror mirror(Role role) {
    return annotations.stream()
        .filter(a -> a.role() == role)
        .map(RoleAnnotation::mirror)
        .findFirst()
        .orElse(null);
  }

  /**
   * @return {@code Foo.bar}, how messages name the field
   */
  public String qualifiedName() {
    return declaringClass.getSimpleName() + "." + name();
  }
}
