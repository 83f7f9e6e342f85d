package com.example.custommodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.liondg.runtime.init.InitOptions;
import io.liondg.runtime.init.InitReport;
import io.liondg.runtime.init.Initialization;
import io.liondg.runtime.init.Strategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every strategy of the paper initializes {@link SmallCnn}, a model written with DJL's blocks
 * only: LSUV observes its conv and linear layers through the {@code SequentialBlock}s that hold
 * them, with no lion-dg wrapper in the model.
 */
class SmallCnnStrategiesTest {

  private static final Shape INPUT = new Shape(8, 3, 16, 16);

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @ParameterizedTest
  @MethodSource("io.liondg.runtime.init.Strategy#builtIns")
  void everyStrategyInitializesSmallCnn(Strategy strategy) {
    SmallCnn model = new SmallCnn(10);
    List<String> names = new ArrayList<>(model.getParameters().keys());
    manager.getEngine().setRandomSeed(1);
    NDArray calibration = manager.randomNormal(new Shape(64, 3, 16, 16));

    InitReport report = Initialization.apply(model, strategy,
        new InitOptions(manager, INPUT, calibration, 42));

    assertEquals(strategy.cliName(), report.strategy());
    assertEquals(7, report.layers().size(), "stem conv, 2 x 2 branch convs, 2 linear heads");
    for (InitReport.LayerReport layer : report.layers()) {
      if (strategy.calibrates() && !(strategy.zeroesAuxHeads() && layer.path().startsWith("aux"))) {
        assertEquals(1.0, layer.outputVariance(), 0.01, layer.path());
      }
    }
    assertEquals(names, model.getParameters().keys(), "the model's blocks are as they were");
    try (NDManager scope = manager.newSubManager()) {
      NDList out = model.forward(new ParameterStore(scope, false),
          new NDList(scope.randomNormal(INPUT)), false);
      NDArray aux = out.get(1);
      assertFalse(out.head().isNaN().any().getBoolean(), "finite main logits");
      assertEquals(strategy.zeroesAuxHeads(), aux.abs().max().getFloat() == 0f,
          "the aux head outputs exactly 0 under LION-DG and the Hybrid only");
      assertTrue(out.head().abs().max().getFloat() > 0
          || strategy.residual() == Strategy.Residual.FIXUP, "Fixup zeroes the classifier");
    }
  }
}
