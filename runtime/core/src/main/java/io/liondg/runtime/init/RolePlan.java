package io.liondg.runtime.init;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import io.liondg.runtime.roles.InitPlan;
import io.liondg.runtime.roles.Role;

/**
 * The DJL initializers a strategy sets per role before the parameters exist. Steps that need the
 * parameters (LSUV's calibration, Fixup's rescaling, the Hybrid's zeroing) run after initialization
 * in {@link Initialization}.
 */
final class RolePlan implements InitPlan {

  private final Strategy strategy;

  RolePlan(Strategy strategy) {
    this.strategy = strategy;
  }

  @Override
  public void initialize(Role role, String path, Block block) {
    block.setInitializer(strategy.base(), Parameter.Type.WEIGHT);
    // LION-DG's zeroing of the aux heads is set by Initialization after every role's choice
    // (see AuxHeadZeroing), so that no initializer set later for a block nested in a head
    // undoes it.
    if (role == Role.RESIDUAL_BRANCH && strategy.residual() == Strategy.Residual.REZERO) {
      // ReZero: x + alpha * F(x) with alpha = 0, so every residual block starts as identity.
      block.setInitializer(Initializer.ZEROS, p -> p.getName().equals("alpha"));
    }
  }
}
