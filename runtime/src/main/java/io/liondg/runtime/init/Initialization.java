package io.liondg.runtime.init;

import io.liondg.runtime.nn.InPlace;
import io.liondg.runtime.nn.ParametricLayers;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.liondg.runtime.roles.ModelRoles;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.RoleTree;
import io.liondg.runtime.roles.Roles;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies an initialization strategy to a model, by its roles.
 *
 * <p>Order matters in DJL: initializers are lazy and the last one set wins, so we set a
 * strategy's base initializer on the whole model, then each role's choice parents first (the
 * generated {@code Foo_Roles.applyInitializers}, or the nodes of a hand-built
 * {@link RoleTree}), then create the parameters ourselves with {@code model.initialize}. The
 * training loop never sets a default initializer afterwards (DJL's
 * {@code DefaultTrainingConfig.optInitializer} would silently replace ours). Steps that need
 * the parameters (LSUV, the Hybrid's zeroing, Fixup's rescaling) edit them in place last.
 *
 * <p>LION-DG and the Hybrid make every aux head's output exactly 0 at step 0, whatever its last
 * parametric layer is, or refuse with one line naming the head ({@link AuxHeadZeroing},
 * {@link InitializationException}). Absent aux heads (null {@code @AuxHead} fields) are not in
 * the role tree and are left alone.
 */
public final class Initialization {

  private Initialization() {}

  /**
   * Initializes an annotated model through its generated roles.
   *
   * @param model an annotated, not yet initialized model
   * @param strategy the strategy
   * @param options manager, input shape, calibration batch and seed
   * @param <T> the model's type
   * @return what was done
   */
  public static <T extends Block> InitReport apply(T model, Strategy strategy,
      InitOptions options) {
    ModelRoles<T> roles = Roles.of(model);
    return run(model, roles.tree(model), strategy, options,
        plan -> roles.applyInitializers(model, plan));
  }

  /**
   * Initializes a model described by a hand-built role tree (e.g. a model-zoo block).
   *
   * @param model the root block, not yet initialized
   * @param tree its roles
   * @param strategy the strategy
   * @param options manager, input shape, calibration batch and seed
   * @return what was done
   */
  public static InitReport apply(Block model, RoleTree tree, Strategy strategy,
      InitOptions options) {
    return run(model, tree, strategy, options, plan -> {
      for (RoleNode node : tree.nodes()) {
        plan.initialize(node.role(), node.path(), node.block());
      }
    });
  }

  private static InitReport run(Block model, RoleTree tree, Strategy strategy,
      InitOptions options, Consumer<RolePlan> applyRoles) {
    if (model.isInitialized()) {
      throw new IllegalStateException("the model's parameters already exist: apply the"
          + " initialization strategy to a freshly built model, before any forward pass or"
          + " trainer touches it");
    }
    if (strategy.calibrates() && options.calibration() == null) {
      throw new IllegalArgumentException(strategy.cliName() + " needs a calibration batch"
          + " (256 training samples)");
    }
    if (strategy.zeroesAuxHeads()) {
      // Refuse a head whose output cannot be zeroed before any work is done.
      tree.auxHeads().forEach(AuxHeadZeroing::parameters);
    }
    long start = System.nanoTime();
    Engine.getInstance().setRandomSeed((int) options.seed());
    RolePlan plan = new RolePlan(strategy);
    model.setInitializer(plan.base(), Parameter.Type.WEIGHT);
    applyRoles.accept(plan);
    if (strategy == Strategy.LION_DG) {
      // Last, so that no role's initializer set afterwards (a node nested in a head) undoes it.
      tree.auxHeads().forEach(AuxHeadZeroing::setZeroInitializers);
    }
    model.initialize(options.manager(), DataType.FLOAT32, options.inputShape());

    Map<Block, String> paths = LayerPaths.of(model, tree);
    Map<Block, Double> stdBefore = new java.util.HashMap<>();
    paths.keySet().forEach(layer -> stdBefore.put(layer, weightStd(layer)));

    Map<Block, Lsuv.Calibrated> calibrated = Map.of();
    if (strategy.calibrates()) {
      Set<Block> skip = new HashSet<>();
      if (strategy == Strategy.HYBRID) {
        tree.auxHeads().forEach(h -> skip.addAll(ParametricLayers.of(h.block())));
      }
      calibrated = Lsuv.calibrate(model, skip, options.calibration(), options.seed());
    }
    if (strategy == Strategy.HYBRID) {
      // Zeroed after calibration, as the paper's Hybrid does: LSUV backbone + DG protocol.
      tree.auxHeads().forEach(AuxHeadZeroing::zeroInPlace);
    }
    if (strategy == Strategy.FIXUP) {
      Fixup.apply(tree);
    }
    if (strategy.zeroesAuxHeads()) {
      for (RoleNode head : tree.auxHeads()) {
        AuxHeadZeroing.verify(head, options.manager());
      }
    }

    List<InitReport.LayerReport> layers = new ArrayList<>();
    for (Map.Entry<Block, String> e : paths.entrySet()) {
      Block layer = e.getKey();
      if (ParametricLayers.parameter(layer, Parameter.Type.WEIGHT).isEmpty()) {
        continue; // BatchNorm and scales: not what the report is about
      }
      Lsuv.Calibrated c = calibrated.get(layer);
      layers.add(new InitReport.LayerReport(e.getValue(), stdBefore.get(layer),
          weightStd(layer), c == null ? 0 : c.passes(),
          c == null ? null : c.variance()));
    }
    return new InitReport(strategy.cliName(), (System.nanoTime() - start) / 1e9, layers);
  }

  private static double weightStd(Block layer) {
    return ParametricLayers.parameter(layer, Parameter.Type.WEIGHT)
        .map(InPlace::std)
        .orElse(Double.NaN);
  }
}
