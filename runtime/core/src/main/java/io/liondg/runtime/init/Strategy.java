package io.liondg.runtime.init;

import ai.djl.training.initializer.Initializer;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An initialization strategy, as the paper's Table 5 (Appendix A.3) builds its methods: a <b>base
 * initializer</b> for every conv and linear weight, plus three optional steps.
 *
 * <ul>
 *   <li>{@link #base()}: the DJL {@link Initializer} of every weight (He, Glorot, or yours); biases
 *       and BatchNorm keep DJL's defaults.
 *   <li>{@link #calibrates()}: LSUV on data after the base (Mishkin and Matas 2016): orthogonal
 *       pre-init, then each conv and linear layer in forward order rescaled to unit output variance
 *       on the calibration batch.
 *   <li>{@link #zeroesAuxHeads()}: LION-DG's step: the last parametric layer of every aux head
 *       zeroed so that the head outputs exactly 0 at step 0 ({@link AuxHeadZeroing}); with
 *       calibration, after it and the heads left out of it (the paper's Hybrid).
 *   <li>{@link #residual()}: a residual rule, {@link Residual#FIXUP} or {@link Residual#REZERO}.
 * </ul>
 *
 * <p>The seven strategies of the paper are the constants below, by their CLI names ({@link
 * #byName}). Compose others from their parts; each composition gets a derived name, which {@link
 * #named} replaces:
 *
 * <pre>{@code
 * // LION-DG on a Glorot base: Glorot-uniform weights, aux heads zeroed ("lion-dg+xavier")
 * Strategy lionGlorot = Strategy.LION_DG.withBase(Strategy.XAVIER);
 * // ReZero's zeroed residual scales under LION-DG, named for the report
 * Strategy lionReZero = Strategy.LION_DG.withResidual(Strategy.Residual.REZERO)
 *     .named("lion-rezero");
 * // your own base initializer (LeCun normal), then as LION-DG ("lion-dg+lecun")
 * Strategy lecun = Strategy.of("lecun", new XavierInitializer(
 *     XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 1));
 * Strategy lionLecun = Strategy.LION_DG.withBase(lecun);
 * Initialization.apply(model, lionLecun, options);
 * }</pre>
 *
 * <p>Implementing the interface is the other way in, as with DJL's {@code Initializer}: only {@link
 * #cliName()} and {@link #base()} are required; the steps default to off. {@link Initialization}
 * applies any strategy with the same guarantees: the same seed gives bitwise-identical parameters,
 * and what cannot be initialized is refused with one line.
 */
public interface Strategy {

  /** He (Kaiming) normal, fan-in, on every conv and linear weight. */
  Strategy HE = Recipe.of("he", Recipe.HE_NORMAL);

  /** Glorot (Xavier) uniform on every conv and linear weight. */
  Strategy XAVIER = Recipe.of("xavier", Recipe.GLOROT_UNIFORM);

  /**
   * He, then the last parametric layer of every aux head zeroed so that the head's output is
   * exactly 0 (weight and bias of a Linear or Conv, gamma and beta of a BatchNorm or LayerNorm; see
   * {@link AuxHeadZeroing}).
   */
  Strategy LION_DG = HE.withAuxHeadsZeroed().named("lion-dg");

  /** Orthogonal pre-init, then layer-sequential unit-variance calibration (Mishkin 2016). */
  Strategy LSUV = HE.withCalibration().named("lsuv");

  /** The paper's Hybrid (LION-LSUV): LSUV on the backbone, then aux heads zeroed. */
  Strategy LION_LSUV = LSUV.withAuxHeadsZeroed().named("hybrid");

  /**
   * Fixup (Zhang et al. 2019), keeping BatchNorm: He, the main head's last layer and each residual
   * branch's last BatchNorm gamma zeroed, the branches' weight layers scaled by {@code
   * L^(-1/(2m-2))}. On a net without residual branches (DenseNet-DS) only the main head's zeroing
   * remains; see {@link Fixup}.
   */
  Strategy FIXUP = HE.withResidual(Residual.FIXUP).named("fixup");

  /**
   * ReZero (Bachlechner et al. 2021): He, and every residual branch's scale {@code alpha} starts at
   * 0, so each residual block starts as the identity. DenseNet-DS has no additive residual branches
   * (its layers concatenate), so there ReZero has nothing to zero and is He initialization: we
   * state that rather than invent a scale the paper does not describe.
   */
  Strategy REZERO = HE.withResidual(Residual.REZERO).named("rezero");

  /** What a strategy does to residual branches ({@code @ResidualBranch} blocks). */
  enum Residual {
    /** Nothing. */
    NONE,
    /**
     * Fixup's rules, after the parameters exist: branch weight layers scaled by {@code
     * L^(-1/(2m-2))}, each branch's last BatchNorm gamma and the classifier zeroed.
     */
    FIXUP,
    /** ReZero: every branch's scale parameter {@code alpha} starts at 0. */
    REZERO
  }

  /**
   * @return the name the CLI, results and reports use, e.g. {@code lion-dg}: one word without
   *     {@code /}
   */
  String cliName();

  /**
   * @return the initializer of every conv and linear weight, set before the parameters exist
   */
  Initializer base();

  /**
   * @return whether LSUV calibrates the layers on data (orthogonal pre-init, then unit output
   *     variance, so the base draws only the layers it leaves alone); such a strategy needs a
   *     calibration batch in {@link InitOptions}
   */
  default boolean calibrates() {
    return false;
  }

  /**
   * @return whether the strategy zeroes the aux heads (and so decouples their gradients)
   */
  default boolean zeroesAuxHeads() {
    return false;
  }

  /**
   * @return what the strategy does to residual branches
   */
  default Residual residual() {
    return Residual.NONE;
  }

  /**
   * @param name the new name: one word without {@code /}
   * @return this strategy under another name
   * @throws IllegalArgumentException if the name is empty, has a blank or a {@code /}
   */
  default Strategy named(String name) {
    return new Recipe(name, base(), calibrates(), zeroesAuxHeads(), residual());
  }

  /**
   * @param other the strategy whose base initializer to take (only its base: its steps are not
   *     taken)
   * @return this strategy on {@code other}'s base, named {@code this+other}, e.g. {@code
   *     lion-dg+xavier}
   */
  default Strategy withBase(Strategy other) {
    return new Recipe(
        cliName() + "+" + other.cliName(),
        other.base(),
        calibrates(),
        zeroesAuxHeads(),
        residual());
  }

  /**
   * @return this strategy with LSUV calibration after its base, named {@code this+lsuv}
   */
  default Strategy withCalibration() {
    return new Recipe(cliName() + "+lsuv", base(), true, zeroesAuxHeads(), residual());
  }

  /**
   * @return this strategy with its aux heads zeroed, named {@code this+zero-aux}
   */
  default Strategy withAuxHeadsZeroed() {
    return new Recipe(cliName() + "+zero-aux", base(), calibrates(), true, residual());
  }

  /**
   * @param rule the residual rule
   * @return this strategy with that rule in place of its own, named e.g. {@code this+rezero}
   */
  default Strategy withResidual(Residual rule) {
    return new Recipe(
        cliName() + "+" + rule.name().toLowerCase(Locale.ROOT),
        base(),
        calibrates(),
        zeroesAuxHeads(),
        rule);
  }

  /**
   * @param name one word without {@code /}, e.g. {@code lecun}
   * @param base the initializer of every conv and linear weight
   * @return a strategy that only sets that base
   * @throws IllegalArgumentException if the name is empty, has a blank or a {@code /}
   */
  static Strategy of(String name, Initializer base) {
    return Recipe.of(name, base);
  }

  /**
   * @return the paper's seven strategies, in the order the CLI and reports list them
   */
  static List<Strategy> builtIns() {
    return List.of(HE, XAVIER, LION_DG, LSUV, LION_LSUV, FIXUP, REZERO);
  }

  /**
   * @param name a CLI name such as {@code lion-dg}
   * @return the built-in strategy of that name
   * @throws IllegalArgumentException naming the valid names
   */
  static Strategy byName(String name) {
    for (Strategy s : builtIns()) {
      if (s.cliName().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown init strategy '" + name + "': expected one of " + names());
  }

  /**
   * @return the built-in names, comma-separated, e.g. {@code he, xavier, lion-dg, ...}
   */
  static String names() {
    return builtIns().stream().map(Strategy::cliName).collect(Collectors.joining(", "));
  }
}
