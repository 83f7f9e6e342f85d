package io.liondg.processor.validation;

import io.liondg.processor.model.RoleClass;
import io.liondg.processor.model.RoleClassReader;
import io.liondg.processor.model.RoleField;
import io.liondg.processor.model.RoleTreeWalk;
import io.liondg.processor.model.TreeNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import javax.tools.JavaFileObject;

/**
 * What the rules look at for one role class.
 *
 * @param roleClass the class being validated
 * @param tree its whole role tree
 * @param generatedName the simple name of its generated class, for messages
 * @param placement how to report aux heads on a residual path
 * @param reader the reader that built {@code roleClass}, for visibility questions
 * @param inSources whether an element is compiled in this compilation (so a diagnostic on it has a
 *     source position)
 * @param sourceFile the name of the source file declaring an element (e.g. {@code Net.java}), where
 *     the compiler tells; empty elsewhere
 */
public record ValidationContext(
    RoleClass roleClass,
    List<TreeNode> tree,
    String generatedName,
    PlacementMode placement,
    RoleClassReader reader,
    Predicate<Element> inSources,
    Function<Element, Optional<JavaFileObject>> sourceFileOf) {

  public ValidationContext {
    tree = List.copyOf(tree);
  }

  /**
   * @param nested a role class walked into from this one
   * @param nestedGeneratedName the simple name of its generated class
   * @return the context to validate it in, with the same options
   */
  public ValidationContext forNested(RoleClass nested, String nestedGeneratedName) {
    return new ValidationContext(
        nested,
        RoleTreeWalk.nodes(nested),
        nestedGeneratedName,
        placement,
        reader,
        inSources,
        sourceFileOf);
  }

  /**
   * Whether this class's processing prints findings about {@code field}: it does for fields it
   * declares; an inherited field's problems are its own class's to print.
   *
   * @param field a field of the class
   * @return whether the field is declared by the class being validated
   */
  public boolean owns(RoleField field) {
    return roleClass.declares(field);
  }
}
