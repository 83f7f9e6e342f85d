package io.liondg.runtime.init;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import java.util.Objects;

/**
 * A strategy as its parts: what {@link Strategy}'s constants, factories and compositions return.
 *
 * @param cliName the name, one word without {@code /}
 * @param base the initializer of every conv and linear weight
 * @param calibrates whether LSUV runs after the base
 * @param zeroesAuxHeads whether the aux heads are zeroed
 * @param residual the residual rule
 */
record Recipe(
    String cliName,
    Initializer base,
    boolean calibrates,
    boolean zeroesAuxHeads,
    Strategy.Residual residual)
    implements Strategy {

  /** He (Kaiming) normal: std = sqrt(2 / fan_in). */
  static final Initializer HE_NORMAL =
      new XavierInitializer(
          XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);

  /**
   * Glorot uniform: limit = sqrt(6 / (fan_in + fan_out)). DJL's own default Xavier uses magnitude 6
   * over the <em>average</em> fan, which is sqrt(2) wider; magnitude 3 over the average is Glorot's
   * formula.
   */
  static final Initializer GLOROT_UNIFORM =
      new XavierInitializer(
          XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3);

  Recipe {
    checkName(cliName);
    Objects.requireNonNull(base, "base initializer");
    Objects.requireNonNull(residual, "residual rule");
  }

  static Recipe of(String name, Initializer base) {
    return new Recipe(name, base, false, false, Strategy.Residual.NONE);
  }

  /**
   * Results, grid cell keys and Slurm cell lists hold the name as one {@code /}-separated word, so
   * it must be one.
   *
   * @throws IllegalArgumentException if the name is null, empty, or has a blank or a {@code /}
   */
  static void checkName(String name) {
    if (name == null
        || name.isEmpty()
        || name.contains("/")
        || name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "bad strategy name "
              + (name == null ? "null" : "'" + name + "'")
              + ": expected one word without blanks or '/', e.g. lion-dg+xavier");
    }
  }

  @Override
  public String toString() {
    return cliName;
  }
}
