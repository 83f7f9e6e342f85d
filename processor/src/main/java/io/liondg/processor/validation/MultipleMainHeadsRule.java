package io.liondg.processor.validation;

import io.liondg.processor.model.Role;
import io.liondg.processor.model.RoleField;
import io.liondg.processor.model.TreeNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code [lion:multiple-main-heads]}: a model's whole role tree has one main head. Each extra one
 * is reported on the model's own field that brings it in: the {@code @MainHead} itself when it is
 * declared there, else the field whose role class holds it.
 */
final class MultipleMainHeadsRule implements Rule {

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    if (!context.roleClass().isModel()) {
      return;
    }
    List<TreeNode> mainHeads =
        context.tree().stream().filter(n -> n.role() == Role.MAIN_HEAD).toList();
    Set<RoleField> reported = new HashSet<>();
    for (TreeNode extra : mainHeads.subList(Math.min(1, mainHeads.size()), mainHeads.size())) {
      RoleField entry = extra.entryField();
      if (reported.add(entry)) {
        report.add(
            Message.MULTIPLE_MAIN_HEADS,
            entry.element(),
            entry == extra.field() ? entry.mirror(Role.MAIN_HEAD) : entry.mirror(),
            context.owns(entry),
            entry.qualifiedName(),
            extra.path(),
            context.roleClass().simpleName(),
            mainHeads.get(0).path());
      }
    }
  }
}
