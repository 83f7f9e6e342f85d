package io.liondg.processor.model;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * A class whose fields carry roles: what the processor knows about it, read from its declaration
 * and those of its superclasses and field types.
 *
 * @param element the class
 * @param fields the fields that matter to its role tree, superclass fields first, each class's in
 *     declaration order
 * @param chain the class, then its superclasses up to (not including) {@code Object}
 */
public record RoleClass(TypeElement element, List<RoleField> fields, List<TypeElement> chain) {

  public RoleClass {
    fields = List.copyOf(fields);
    chain = List.copyOf(chain);
  }

  /**
   * @return whether the class (or a superclass) is annotated {@code @ResidualBranch}: every
   *     instance is then a residual branch, and all its nodes lie on a residual path
   */
  public boolean residualType() {
    return chain.stream().anyMatch(c -> Annotations.has(c, Annotations.RESIDUAL_BRANCH));
  }

  /**
   * The class that answers for a field's place on this residual type's path: the field's own class
   * if that is a residual type already, else the topmost {@code @ResidualBranch} class below it.
   * Each aux head is thus reported by one class only, however many subclasses inherit it.
   *
   * @param field a field of this class, which must be a residual type
   * @return the class that reports aux heads on the residual path through that field
   */
  public TypeElement residualOwner(RoleField field) {
    int declaring = chain.indexOf(field.declaringClass());
    int topmost = -1;
    for (int i = 0; i < chain.size(); i++) {
      if (Annotations.has(chain.get(i), Annotations.RESIDUAL_BRANCH)) {
        topmost = i;
      }
    }
    return declaring <= topmost ? field.declaringClass() : chain.get(topmost);
  }

  /**
   * @return the canonical name, e.g. {@code com.x.Outer.Inner}
   */
  public String qualifiedName() {
    return element.getQualifiedName().toString();
  }

  /**
   * @return the simple name, how messages name the class
   */
  public String simpleName() {
    return element.getSimpleName().toString();
  }

  /**
   * @return the fields this class declares itself
   */
  public List<RoleField> declaredFields() {
    return fields.stream().filter(this::declares).toList();
  }

  /**
   * @return whether {@code field} is declared by this class rather than inherited
   */
  public boolean declares(RoleField field) {
    return field.declaringClass().equals(element);
  }

  /**
   * @return whether the class is a model: it has a {@code @MainHead}, declared or inherited
   */
  public boolean isModel() {
    return fields.stream().anyMatch(f -> f.has(Role.MAIN_HEAD));
  }

  /**
   * @param name a field name
   * @return the field of that name, declared or inherited
   */
  public Optional<RoleField> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
