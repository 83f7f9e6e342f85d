package io.liondg.runtime.roles;

import java.util.Locale;

/** The role of a child block in a deeply-supervised network, one per role annotation. */
public enum Role {
  /** {@code @Backbone}: the feature path. */
  BACKBONE,
  /** {@code @MainHead}: the evaluated classifier. */
  MAIN_HEAD,
  /** {@code @AuxHead}: an auxiliary classifier; zero-initialized (last layer) under LION-DG. */
  AUX_HEAD,
  /** {@code @ResidualBranch}: the branch F of a residual block x + F(x). */
  RESIDUAL_BRANCH;

  /**
   * @return the name used in reports and JSON, e.g. {@code aux-head}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
