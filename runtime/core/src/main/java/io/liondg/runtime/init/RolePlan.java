package io.liondg.runtime.init;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import io.liondg.runtime.roles.InitPlan;
import io.liondg.runtime.roles.Role;

/**
 * The DJL initializers a strategy sets per role before the parameters exist. Steps that need
 * the parameters (LSUV's calibration, Fixup's rescaling, the Hybrid's zeroing) run after
 * initialization in {@link Initialization}.
 */
final class RolePlan implements InitPlan {

  /** He (Kaiming) normal: std = sqrt(2 / fan_in). */
  static final Initializer HE = new XavierInitializer(
      XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);

  /**
   * Glorot uniform: limit = sqrt(6 / (fan_in + fan_out)). DJL's own default Xavier uses
   * magnitude 6 over the <em>average</em> fan, which is sqrt(2) wider; magnitude 3 over the
   * average is Glorot's formula.
   */
  static final Initializer GLOROT = new XavierInitializer(
      XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3);

  private final Strategy strategy;

  RolePlan(Strategy strategy) {
    this.strategy = strategy;
  }

  /** @return the initializer for every conv and linear weight under this strategy */
  Initializer base() {
    return strategy == Strategy.XAVIER ? GLOROT : HE;
  }

  @Override
  public void initialize(Role role, String path, Block block) {
    block.setInitializer(base(), Parameter.Type.WEIGHT);
    // LION-DG's zeroing of the aux heads is set by Initialization after every role's choice
    // (see AuxHeadZeroing), so that no initializer set later for a block nested in a head
    // undoes it.
    if (role == Role.RESIDUAL_BRANCH && strategy == Strategy.REZERO) {
      // ReZero: x + alpha * F(x) with alpha = 0, so every residual block starts as identity.
      block.setInitializer(Initializer.ZEROS, p -> p.getName().equals("alpha"));
    }
  }
}
