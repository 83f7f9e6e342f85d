package io.liondg.processor.model;

/**
 * The processor's view of a role: one per role annotation. Mirrors the runtime's {@code
 * io.liondg.runtime.roles.Role}, whose constants have the same names (the generated code refers to
 * them by {@link #name()}); the processor cannot depend on the runtime module.
 */
public enum Role {
  /** {@code @Backbone}. */
  BACKBONE("Backbone"),
  /** {@code @MainHead}. */
  MAIN_HEAD("MainHead"),
  /** {@code @AuxHead}. */
  AUX_HEAD("AuxHead"),
  /** {@code @ResidualBranch}. */
  RESIDUAL_BRANCH("ResidualBranch");

  /** The package of the four annotations. */
  public static final String ANNOTATIONS_PACKAGE = "io.liondg.annotations";

  private final String annotationSimpleName;

  Role(String annotationSimpleName) {
    this.annotationSimpleName = annotationSimpleName;
  }

  /**
   * @return the annotation's simple name, e.g. {@code AuxHead}
   */
  public String annotationSimpleName() {
    return annotationSimpleName;
  }

  /**
   * @return the annotation's qualified name, e.g. {@code io.liondg.annotations.AuxHead}
   */
  public String annotationName() {
    return ANNOTATIONS_PACKAGE + "." + annotationSimpleName;
  }

  /**
   * @return the annotation as written in source, e.g. {@code @AuxHead}, for messages
   */
  public String display() {
    return "@" + annotationSimpleName;
  }

  /**
   * @return whether this role is a classifier head (main or auxiliary)
   */
  public boolean isHead() {
    return this == MAIN_HEAD || this == AUX_HEAD;
  }

  /**
   * @param qualifiedName an annotation type's qualified name
   * @return the role it declares, or {@code null} for any other annotation
   */
  public static Role forAnnotation(String qualifiedName) {
    for (Role role : values()) {
      if (role.annotationName().equals(qualifiedName)) {
        return role;
      }
    }
    return null;
  }
}
