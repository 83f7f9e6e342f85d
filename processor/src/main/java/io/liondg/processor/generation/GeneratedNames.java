package io.liondg.processor.generation;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.WildcardTypeName;
import java.util.Arrays;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * Every name the generated code uses: the generated class's, and the runtime types it refers to.
 * The runtime types are named, not imported as classes: the processor does not depend on the
 * runtime module (which depends on DJL).
 */
public final class GeneratedNames {

  /** The package of the runtime roles API. */
  public static final String RUNTIME_PACKAGE = "io.liondg.runtime.roles";

  /** The value of the generated {@code @Generated}. */
  public static final String GENERATOR = "io.liondg.processor.RolesProcessor";

  /** The annotation on every generated class. */
  public static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  static final ClassName MODEL_ROLES = ClassName.get(RUNTIME_PACKAGE, "ModelRoles");
  static final ClassName ROLE_TREE = ClassName.get(RUNTIME_PACKAGE, "RoleTree");
  static final ClassName ROLE_NODE = ClassName.get(RUNTIME_PACKAGE, "RoleNode");
  static final ClassName ROLE = ClassName.get(RUNTIME_PACKAGE, "Role");
  static final ClassName INIT_PLAN = ClassName.get(RUNTIME_PACKAGE, "InitPlan");
  static final ClassName PLACEMENT = ClassName.get(RUNTIME_PACKAGE, "Placement");
  static final ClassName AUX_HEAD_PLACEMENT = PLACEMENT.nestedClass("AuxHeadPlacement");

  /** The name of the generated class's placement constant. */
  static final String PLACEMENT_CONSTANT = "PLACEMENT";

  private GeneratedNames() {}

  /**
   * The generated class of a role class, in the role class's package. Its simple name is the role
   * class's binary name within its package, encoded so that no two classes share one: each {@code
   * $} (between a nested class and the classes around it) becomes {@code __}, each {@code _}
   * becomes {@code _u}, every other character stays, and {@code _Roles} is appended. The encoding
   * is injective (in its result every {@code _} is followed by {@code _} or {@code u}, so it
   * decodes back), hence two role classes never share a generated class: {@code Outer.Inner} gets
   * {@code Outer__Inner_Roles}, a top-level {@code Outer_Inner} gets {@code Outer_uInner_Roles}, a
   * top-level {@code Net} gets {@code Net_Roles}. The runtime's {@code Roles.generatedName}
   * computes the same name from {@code Class.getName()}.
   *
   * @param type a top-level or member class, e.g. {@code com.x.Outer.Inner}
   * @return its generated class, e.g. {@code com.x.Outer__Inner_Roles}
   */
  public static ClassName rolesClass(TypeElement type) {
    StringBuilder binary = new StringBuilder(type.getSimpleName());
    Element e = type.getEnclosingElement();
    for (; e instanceof TypeElement outer; e = outer.getEnclosingElement()) {
      // The binary name of a member class: its outer class's, '$', its simple name (JLS 13.1).
      binary.insert(0, outer.getSimpleName() + "$");
    }
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return ClassName.get(
        ((PackageElement) e).getQualifiedName().toString(), rolesSimpleName(binary.toString()));
  }

  /**
   * The encoding of {@link #rolesClass}, the same as the runtime's {@code Roles.generatedName}.
   *
   * @param binaryName a class's binary name without its package, e.g. {@code Outer$Inner}
   * @return the simple name of its generated class, e.g. {@code Outer__Inner_Roles}
   */
  public static String rolesSimpleName(String binaryName) {
    StringBuilder simple = new StringBuilder(binaryName.length() + 8);
    for (int i = 0; i < binaryName.length(); i++) {
      char c = binaryName.charAt(i);
      switch (c) {
        case '$' -> simple.append("__");
        case '_' -> simple.append("_u");
        default -> simple.append(c);
      }
    }
    return simple.append("_Roles").toString();
  }

  /**
   * @param type a role class
   * @return how generated code names it: generic classes with wildcards, e.g. {@code Stage<?>}
   */
  public static TypeName modelType(TypeElement type) {
    ClassName raw = ClassName.get(type);
    int parameters = type.getTypeParameters().size();
    if (parameters == 0) {
      return raw;
    }
    TypeName[] wildcards = new TypeName[parameters];
    Arrays.fill(wildcards, WildcardTypeName.subtypeOf(Object.class));
    return ParameterizedTypeName.get(raw, wildcards);
  }
}
