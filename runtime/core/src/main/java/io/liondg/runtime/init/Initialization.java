package io.liondg.runtime.init;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.liondg.runtime.nn.InPlace;
import io.liondg.runtime.nn.ParametricLayers;
import io.liondg.runtime.roles.ModelRoles;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.RoleTree;
import io.liondg.runtime.roles.Roles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies an initialization strategy (a built-in, a composition, or your own {@link Strategy}) to a
 * model, by its roles.
 *
 * <p>Order matters in DJL: initializers are lazy and the last one set wins, so we set a strategy's
 * base initializer on the whole model, then each role's choice parents first (the generated {@code
 * Foo_Roles.applyInitializers}, or the nodes of a hand-built {@link RoleTree}), then create the
 * parameters ourselves with {@code model.initialize}. Steps that need the parameters (LSUV, the
 * Hybrid's zeroing, Fixup's rescaling) edit them in place last.
 *
 * <p><b>With DJL's trainer.</b> Call {@code apply} after {@code model.setBlock(block)} and before
 * {@code model.newTrainer(config)}: DJL keeps parameters that already exist ({@code
 * Parameter.initialize} creates an array only where there is none), so neither {@code newTrainer}
 * nor a later {@code trainer.initialize(shape)} replaces what the strategy made; nor does {@code
 * DefaultTrainingConfig.optInitializer}, which only sets initializers, and parameters that exist
 * ignore them.
 *
 * <pre>{@code
 * model.setBlock(net);
 * Initialization.apply(net, Strategy.LION_DG,
 *     new InitOptions(model.getNDManager(), new Shape(128, 3, 32, 32), null, 42));
 * Trainer trainer = model.newTrainer(new DefaultTrainingConfig(
 *     new DeepSupervisionLoss(Roles.tree(net), 0.3)));
 * }</pre>
 *
 * <p>What cannot give a finite, meaningful initialization is refused with one line ({@link
 * InitializationException}, or {@link IllegalArgumentException} for a bad input shape): a
 * calibration batch with NaN, infinite or constant values, a layer LSUV cannot observe or cannot
 * bring to unit variance, an aux head whose output LION-DG or the Hybrid cannot make exactly 0
 * ({@link AuxHeadZeroing}). A final check refuses any NaN or infinite parameter, so no strategy
 * returns normally with one. Absent aux heads (null {@code @AuxHead} fields) are not in the role
 * tree and are left alone.
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
  public static <T extends Block> InitReport apply(
      T model, Strategy strategy, InitOptions options) {
    ModelRoles<T> roles = Roles.of(model);
    return run(
        model, roles.tree(model), strategy, options, plan -> roles.applyInitializers(model, plan));
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
  public static InitReport apply(
      Block model, RoleTree tree, Strategy strategy, InitOptions options) {
    return run(
        model,
        tree,
        strategy,
        options,
        plan -> {
          for (RoleNode node : tree.nodes()) {
            plan.initialize(node.role(), node.path(), node.block());
          }
        });
  }

  private static InitReport run(
      Block model,
      RoleTree tree,
      Strategy strategy,
      InitOptions options,
      Consumer<RolePlan> applyRoles) {
    checkStrategy(strategy);
    if (model.isInitialized()) {
      throw new IllegalStateException(
          "the model's parameters already exist: apply the"
              + " initialization strategy to a freshly built model, before any forward pass or"
              + " trainer touches it");
    }
    if (strategy.calibrates() && options.calibration() == null) {
      throw new IllegalArgumentException(
          strategy.cliName() + " needs a calibration batch" + " (256 training samples)");
    }
    checkInputShape(options.inputShape());
    // Aux heads that are zeroed afterwards are not calibrated (the paper's Hybrid).
    Set<Block> notCalibrated = new HashSet<>();
    if (strategy.calibrates() && strategy.zeroesAuxHeads()) {
      tree.auxHeads().forEach(h -> notCalibrated.addAll(ParametricLayers.of(h.block())));
    }
    if (strategy.calibrates()) {
      checkCalibration(options.calibration());
      Lsuv.checkObservable(model, notCalibrated, LayerPaths.of(model, tree));
    }
    if (strategy.zeroesAuxHeads()) {
      // Refuse a head whose output cannot be zeroed before any work is done.
      tree.auxHeads().forEach(AuxHeadZeroing::parameters);
    }
    long start = System.nanoTime();
    Engine.getInstance().setRandomSeed((int) options.seed());
    model.setInitializer(strategy.base(), Parameter.Type.WEIGHT);
    applyRoles.accept(new RolePlan(strategy));
    if (strategy.zeroesAuxHeads() && !strategy.calibrates()) {
      // Last, so that no role's initializer set afterwards (a node nested in a head) undoes it.
      tree.auxHeads().forEach(AuxHeadZeroing::setZeroInitializers);
    }
    model.initialize(options.manager(), DataType.FLOAT32, options.inputShape());

    Map<Block, String> paths = LayerPaths.of(model, tree);
    Map<Block, Double> stdBefore = new HashMap<>();
    paths.keySet().forEach(layer -> stdBefore.put(layer, weightStd(layer)));

    Map<Block, Lsuv.Calibrated> calibrated = Map.of();
    if (strategy.calibrates()) {
      calibrated =
          Lsuv.calibrate(model, notCalibrated, options.calibration(), options.seed(), paths);
      if (strategy.zeroesAuxHeads()) {
        // Zeroed after calibration, as the paper's Hybrid does: LSUV backbone + DG protocol.
        tree.auxHeads().forEach(AuxHeadZeroing::zeroInPlace);
      }
    }
    if (strategy.residual() == Strategy.Residual.FIXUP) {
      Fixup.apply(tree);
    }
    if (strategy.zeroesAuxHeads()) {
      for (RoleNode head : tree.auxHeads()) {
        AuxHeadZeroing.verify(head, options.manager());
      }
    }
    checkFinite(model, strategy);

    List<InitReport.LayerReport> layers = new ArrayList<>();
    for (Map.Entry<Block, String> e : paths.entrySet()) {
      Block layer = e.getKey();
      if (ParametricLayers.parameter(layer, Parameter.Type.WEIGHT).isEmpty()) {
        continue; // BatchNorm and scales: not what the report is about
      }
      Lsuv.Calibrated c = calibrated.get(layer);
      layers.add(
          new InitReport.LayerReport(
              e.getValue(),
              stdBefore.get(layer),
              weightStd(layer),
              c == null ? 0 : c.passes(),
              c == null ? null : c.variance()));
    }
    return new InitReport(strategy.cliName(), (System.nanoTime() - start) / 1e9, layers);
  }

  /** Refuses a strategy (a user's implementation) without a usable name, base or rule. */
  private static void checkStrategy(Strategy strategy) {
    if (strategy == null) {
      throw new IllegalArgumentException(
          "no initialization strategy given: expected one of "
              + Strategy.names()
              + ", or your own Strategy");
    }
    Recipe.checkName(strategy.cliName());
    if (strategy.base() == null || strategy.residual() == null) {
      throw new IllegalArgumentException(
          "strategy "
              + strategy.cliName()
              + " has no "
              + (strategy.base() == null ? "base initializer" : "residual rule")
              + ": expected"
              + (strategy.base() == null
                  ? " a DJL Initializer from base()"
                  : " a Strategy.Residual from residual() (NONE for none)"));
    }
  }

  /** Refuses an input shape with a missing or non-positive dimension. */
  private static void checkInputShape(Shape shape) {
    if (shape == null || shape.dimension() == 0) {
      throw new IllegalArgumentException(
          "the input shape is "
              + (shape == null ? "missing" : "empty")
              + ": expected the batch shape, e.g. (128, 3, 32, 32)");
    }
    for (long d : shape.getShape()) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "the input shape "
                + shape
                + " has a non-positive"
                + " dimension: expected every dimension at least 1, e.g. (128, 3, 32, 32)");
      }
    }
  }

  /**
   * Refuses a calibration batch LSUV cannot calibrate on: empty, with NaN or infinite values (every
   * variance would be NaN), or constant (no variation to scale to unit variance).
   */
  static void checkCalibration(NDArray calibration) {
    if (calibration.size() == 0) {
      throw new InitializationException(
          "the calibration batch "
              + calibration.getShape()
              + " is empty: expected 256 normalized training samples");
    }
    try (NDManager scope = calibration.getManager().newSubManager()) {
      NDArray x = calibration.toType(DataType.FLOAT64, true);
      x.attach(scope);
      long bad = x.isNaN().logicalOr(x.isInfinite()).countNonzero().getLong();
      if (bad > 0) {
        throw new InitializationException(
            "the calibration batch "
                + calibration.getShape()
                + " has "
                + bad
                + " NaN or infinite value"
                + (bad == 1 ? "" : "s")
                + ": LSUV"
                + " would scale the weights by NaN; expected finite, normalized training samples");
      }
      double min = x.min().getDouble();
      double max = x.max().getDouble();
      if (min == max) {
        throw new InitializationException(
            "the calibration batch "
                + calibration.getShape()
                + " is constant (every value is "
                + min
                + "): LSUV's output variances would be 0"
                + " or meaningless; expected varied, normalized training samples");
      }
    }
  }

  /**
   * The final check: no strategy returns with a NaN or infinite parameter (an input shape with a
   * huge fan, an overflow while rescaling). Every parameter was created by this strategy.
   */
  private static void checkFinite(Block model, Strategy strategy) {
    for (var pair : model.getParameters()) {
      Parameter p = pair.getValue();
      if (!p.isInitialized()) {
        continue;
      }
      NDArray a = p.getArray();
      if (!a.getDataType().isFloating()) {
        continue;
      }
      try (NDArray nan = a.isNaN();
          NDArray inf = a.isInfinite();
          NDArray bad = nan.logicalOr(inf);
          NDArray count = bad.countNonzero()) {
        long n = count.getLong();
        if (n > 0) {
          throw new InitializationException(
              strategy.cliName()
                  + " left "
                  + n
                  + " NaN or"
                  + " infinite value"
                  + (n == 1 ? "" : "s")
                  + " in parameter '"
                  + pair.getKey()
                  + "' "
                  + a.getShape()
                  + ": the initialization is not usable; check the input"
                  + " shape and the calibration batch");
        }
      }
    }
  }

  private static double weightStd(Block layer) {
    return ParametricLayers.parameter(layer, Parameter.Type.WEIGHT)
        .map(InPlace::std)
        .orElse(Double.NaN);
  }
}
