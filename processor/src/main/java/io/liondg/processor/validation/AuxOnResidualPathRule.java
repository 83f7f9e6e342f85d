package io.liondg.processor.validation;

import io.liondg.processor.model.ResidualEntry;
import io.liondg.processor.model.Role;
import io.liondg.processor.model.TreeNode;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;

/**
 * {@code [lion:aux-on-residual-path]}: an aux head reached through a residual branch sits on the
 * main path, and zeroing it makes a gradient dead zone (the paper's Theorem 1).
 *
 * <p>Each head is reported once, by the class that owns the innermost residual branch it is reached
 * through (the class declaring that field, or the {@code @ResidualBranch} class), and on the
 * {@code @AuxHead} itself when that is in the sources being compiled.
 */
final class AuxOnResidualPathRule implements Rule {

  @Override
  public void check(ValidationContext context, ValidationReport report) {
    for (TreeNode node : context.tree()) {
      if (node.role() != Role.AUX_HEAD
          || !node.onResidualPath()
          || node.residualEntry().isEmpty()) {
        continue;
      }
      ResidualEntry entry = node.residualEntry().get();
      if (!entry.owner().equals(context.roleClass().element())
          || node.auxOnResidualPathSuppressed()) {
        continue;
      }
      Element element = node.field().element();
      AnnotationMirror mirror = node.field().mirror(Role.AUX_HEAD);
      if (!context.inSources().test(element)) {
        // A head from a library: point at the branch in this class instead.
        element = entry.element();
        mirror = entry.mirror();
      }
      String because =
          context.placement() == PlacementMode.ERROR
              ? " It is an error because of -Alion.placement=error."
              : "";
      report.add(
          context.placement().kind(),
          Message.AUX_ON_RESIDUAL_PATH,
          element,
          mirror,
          true,
          node.field().qualifiedName(),
          entry.describe(),
          node.path(),
          context.roleClass().simpleName(),
          because);
    }
  }
}
