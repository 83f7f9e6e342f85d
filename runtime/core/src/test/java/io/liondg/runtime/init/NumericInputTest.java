package io.liondg.runtime.init;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.liondg.runtime.nn.Probe;
import io.liondg.runtime.roles.RoleTree;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numeric input that cannot give a finite, meaningful initialization is one clear error, and no
 * strategy returns normally with a NaN or infinite parameter.
 */
class NumericInputTest {

  private static final Shape INPUT = new Shape(8, 10);

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    manager.getEngine().setRandomSeed(13);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** backbone l1 (Linear 16, probed) -> ReLU -> main head (Linear 4, probed). */
  private record Mlp(Block model, RoleTree tree, Linear l1) {
    static Mlp create(Block... front) {
      SequentialBlock model = new SequentialBlock();
      for (Block b : front) {
        model.add(b);
      }
      Linear l1 = Linear.builder().setUnits(16).build();
      Probe p1 = Probe.of(l1);
      Probe head = Probe.of(Linear.builder().setUnits(4).build());
      model.add(p1).add(Activation.reluBlock()).add(head);
      return new Mlp(
          model, RoleTree.builder().backbone("l1", p1).mainHead("head", head).build(), l1);
    }
  }

  private InitializationException refused(Mlp mlp, Strategy strategy, NDArray calibration) {
    InitializationException e =
        assertThrows(
            InitializationException.class,
            () ->
                Initialization.apply(
                    mlp.model(),
                    mlp.tree(),
                    strategy,
                    new InitOptions(manager, INPUT, calibration, 1)));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e;
  }

  private NDArray batchWith(float special) {
    float[] values = manager.randomNormal(new Shape(32, 10)).toFloatArray();
    values[17] = special;
    return manager.create(values, new Shape(32, 10));
  }

  @ParameterizedTest
  @MethodSource("calibrating")
  void aCalibrationBatchWithNanOrInfIsRefused(Strategy strategy) {
    for (float special :
        new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      InitializationException e = refused(Mlp.create(), strategy, batchWith(special));
      assertTrue(e.getMessage().contains("has 1 NaN or infinite value"), e.getMessage());
    }
  }

  @ParameterizedTest
  @MethodSource("calibrating")
  void aConstantCalibrationBatchIsRefused(Strategy strategy) {
    for (float value : new float[] {0f, 0.5f}) {
      NDArray constant = manager.full(new Shape(32, 10), value);
      InitializationException e = refused(Mlp.create(), strategy, constant);
      assertTrue(e.getMessage().contains("is constant"), e.getMessage());
    }
  }

  @Test
  void aLayerWhoseOutputVarianceIsZeroIsRefusedNamingIt() {
    // The layer before l1 outputs zeros: l1's output is its zero bias, variance 0.
    Block zeros = new LambdaBlock(x -> new NDList(x.head().zerosLike()));
    InitializationException e =
        refused(Mlp.create(zeros), Strategy.LSUV, manager.randomNormal(new Shape(32, 10)));
    assertTrue(e.getMessage().startsWith("LSUV: layer 'l1"), e.getMessage());
    assertTrue(e.getMessage().contains("variance 0.0"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("io.liondg.runtime.init.Strategy#builtIns")
  void noStrategyReturnsWithANonFiniteParameter(Strategy strategy) {
    Mlp mlp = Mlp.create();
    // A bias whose initializer (which no strategy replaces) gives NaN.
    mlp.l1()
        .setInitializer((m, shape, type) -> m.full(shape, Float.NaN, type), Parameter.Type.BIAS);
    InitializationException e = refused(mlp, strategy, manager.randomNormal(new Shape(32, 10)));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    if (!strategy.calibrates()) {
      assertTrue(
          e.getMessage()
              .startsWith(
                  strategy.cliName() + " left 16 NaN or infinite values" + " in parameter '"),
          e.getMessage());
    } else {
      assertTrue(e.getMessage().startsWith("LSUV: layer 'l1"), e.getMessage());
    }
  }

  @Test
  void anInputShapeWithANonPositiveDimensionIsRefused() {
    Mlp mlp = Mlp.create();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Initialization.apply(
                    mlp.model(),
                    mlp.tree(),
                    Strategy.HE,
                    new InitOptions(manager, new Shape(8, 0), null, 1)));
    assertTrue(e.getMessage().contains("non-positive dimension"), e.getMessage());
  }

  @Test
  void finiteVariedInputStillInitializes() {
    Mlp mlp = Mlp.create();
    InitReport report =
        Initialization.apply(
            mlp.model(),
            mlp.tree(),
            Strategy.LSUV,
            new InitOptions(manager, INPUT, manager.randomNormal(new Shape(32, 10)), 1));
    assertTrue(
        report.layers().stream().allMatch(l -> Math.abs(l.outputVariance() - 1) < 0.01),
        report.toString());
  }

  static List<Strategy> calibrating() {
    return List.of(Strategy.LSUV, Strategy.LION_LSUV);
  }
}
