package io.liondg.processor.validation;

/** One check of a role class; each rule is one class, as in AutoFactory. */
interface Rule {

  /**
   * Adds what is wrong with the class to the report.
   *
   * @param context the class and its role tree
   * @param report where findings go
   */
  void check(ValidationContext context, ValidationReport report);
}
