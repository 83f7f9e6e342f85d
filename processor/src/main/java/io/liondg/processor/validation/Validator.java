package io.liondg.processor.validation;

import java.util.List;

/** Runs every rule over a role class and returns its report. */
public final class Validator {

  private final List<Rule> rules =
      List.of(
          new NotABlockRule(),
          new MultipleRolesRule(),
          new InaccessibleRule(),
          new AuxiliaryClassRule(),
          new AuxWeightRule(),
          new UnknownTapRule(),
          new TapNotBackboneRule(),
          new MultipleMainHeadsRule(),
          new AuxOnResidualPathRule(),
          new NoAuxHeadsRule(),
          new UnassignedBlockRule(),
          new NotProcessedRule(),
          new NestedRoleClassesRule(this));

  /**
   * @param context the class and its role tree
   * @return every finding about it
   */
  public ValidationReport validate(ValidationContext context) {
    ValidationReport report = new ValidationReport(context.roleClass().element());
    for (Rule rule : rules) {
      rule.check(context, report);
    }
    return report;
  }
}
