package io.liondg.processor.validation;

import io.liondg.processor.model.Annotations;
import io.liondg.processor.model.Role;
import io.liondg.processor.model.RoleField;
import java.util.Optional;

/** {@code [lion:no-aux-heads]}: without aux heads, LION-DG is plain He initialization. */
final class NoAuxHeadsRule implements Rule {

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    Optional<RoleField> mainHead =
        context.roleClass().fields().stream().filter(f -> f.has(Role.MAIN_HEAD)).findFirst();
    if (mainHead.isEmpty()) {
      return; // a component, not a model
    }
    boolean hasAuxHead =
        context.tree().stream().anyMatch(n -> n.role() == Role.AUX_HEAD)
            || context.roleClass().fields().stream().anyMatch(f -> f.has(Role.AUX_HEAD));
    String key = Message.NO_AUX_HEADS.suppressionKey();
    RoleField main = mainHead.get();
    if (hasAuxHead
        || Annotations.suppressed(main.element(), key)
        || Annotations.suppressed(context.roleClass().element(), key)) {
      return;
    }
    report.add(
        Message.NO_AUX_HEADS,
        main.element(),
        main.mirror(Role.MAIN_HEAD),
        context.owns(main),
        context.roleClass().simpleName(),
        main.qualifiedName());
  }
}
