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
 * Every name the generated code uses: the generated class's, and the runtime types it
 * refers to. The runtime types are named, not imported as classes: the processor does not
 * depend on the runtime module (which depends on DJL).
 */
public final class GeneratedNames {

  /** The package of the runtime roles API. */
  public static final String RUNTIME_PACKAGE = "io.liondg.runtime.roles";

  /** The value of the generated {@code @Generated}. */
  public static final String GENERATOR = "io.liondg.processor.RolesProcessor";

  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
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
   * @param type a role class, e.g. {@code com.x.Outer.Inner}
   * @return its generated class, e.g. {@code com.x.Outer_Inner_Roles}: the binary name's
   *     {@code $} become {@code _}, as the runtime's {@code Roles.generatedName} expects
   */
  public static ClassName rolesClass(TypeElement type) {
    StringBuilder simple = new StringBuilder(type.getSimpleName());
    Element e = type.getEnclosingElement();
    for (; e instanceof TypeElement outer; e = outer.getEnclosingElement()) {
      simple.insert(0, outer.getSimpleName() + "_");
    }
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return ClassName.get(((PackageElement) e).getQualifiedName().toString(),
        simple + "_Roles");
  }

  /**
   * @param type a role class
   * @return how generated code names it: generic classes with wildcards, e.g.
   *     {@code Stage<?>}
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
