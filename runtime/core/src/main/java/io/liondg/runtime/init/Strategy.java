package io.liondg.runtime.init;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The initialization strategies of the paper's Table 5, by their CLI names. */
public enum Strategy {
  /** He (Kaiming) normal, fan-in, on every conv and linear weight. */
  HE("he"),
  /** Glorot (Xavier) uniform on every conv and linear weight. */
  XAVIER("xavier"),
  /**
   * He, then the last parametric layer of every aux head zeroed so that the head's output is
   * exactly 0 (weight and bias of a Linear or Conv, gamma and beta of a BatchNorm or LayerNorm;
   * see {@link AuxHeadZeroing}).
   */
  LION_DG("lion-dg"),
  /** Orthogonal pre-init, then layer-sequential unit-variance calibration (Mishkin 2016). */
  LSUV("lsuv"),
  /** The paper's Hybrid (LION-LSUV): LSUV on the backbone, then aux heads zeroed. */
  HYBRID("hybrid"),
  /** Fixup (Zhang et al. 2019), keeping BatchNorm; see {@link Fixup}. */
  FIXUP("fixup"),
  /**
   * ReZero (Bachlechner et al. 2021): He, and every residual branch's scale {@code alpha}
   * starts at 0, so each residual block starts as the identity. DenseNet-DS has no additive
   * residual branches (its layers concatenate), so there ReZero has nothing to zero and is He
   * initialization: we state that rather than invent a scale the paper does not describe.
   */
  REZERO("rezero");

  private final String cliName;

  Strategy(String cliName) {
    this.cliName = cliName;
  }

  /** @return the name used by the CLI, JSON and reports */
  public String cliName() {
    return cliName;
  }

  /** @return whether the strategy zeroes the aux heads (and so decouples their gradients) */
  public boolean zeroesAuxHeads() {
    return this == LION_DG || this == HYBRID;
  }

  /** @return whether the strategy calibrates layers on data */
  public boolean calibrates() {
    return this == LSUV || this == HYBRID;
  }

  /**
   * @param name a CLI name such as {@code lion-dg}
   * @return the strategy
   * @throws IllegalArgumentException naming the valid names
   */
  public static Strategy byName(String name) {
    for (Strategy s : values()) {
      if (s.cliName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown init strategy '" + name + "': expected one of "
        + names());
  }

  /** @return the valid names, comma-separated */
  public static String names() {
    return Arrays.stream(values()).map(Strategy::cliName).collect(Collectors.joining(", "));
  }
}
