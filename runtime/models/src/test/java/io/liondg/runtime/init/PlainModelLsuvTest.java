package io.liondg.runtime.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.liondg.runtime.nn.ParametricLayers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LSUV on a user's plain DJL model (DESIGN, Runtime, init): the conv and linear layers inside its
 * {@code SequentialBlock}s are calibrated in forward order, the blocks are left exactly as they
 * were, and a layer LSUV cannot observe is refused in one line naming it.
 */
class PlainModelLsuvTest {

  private NDManager manager;
  private NDArray images;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    manager.getEngine().setRandomSeed(11);
    images = manager.randomNormal(new Shape(64, 3, 8, 8));
  }

  @AfterEach
  void close() {
    manager.close();
  }

  static List<Strategy> calibrating() {
    return List.of(Strategy.LSUV, Strategy.LION_LSUV);
  }

  @ParameterizedTest
  @MethodSource("calibrating")
  void everyLayerOfAPlainModelIsCalibratedToUnitVariance(Strategy strategy) {
    PlainNet model = PlainNet.create();
    List<Pair<String, Block>> blocks = blocks(model);
    List<Pair<String, Parameter>> parameters = parameters(model);

    InitReport report =
        Initialization.apply(model, strategy, new InitOptions(manager, PlainNet.INPUT, images, 5));

    // Measured again, child by child, independently of the calibration's probes.
    List<Double> variances = new ArrayList<>();
    ParameterStore store = new ParameterStore(manager, false);
    NDList x = run(model.stem, new NDList(images), store, variances);
    if (strategy.zeroesAuxHeads()) {
      Block last = ParametricLayers.last(model.aux).orElseThrow();
      last.getDirectParameters()
          .values()
          .forEach(
              p ->
                  assertEquals(
                      0f, p.getArray().abs().max().getFloat(), "aux head zeroed after LSUV"));
    } else {
      run(model.aux, x, store, variances);
    }
    run(model.head, run(model.body, x, store, variances), store, variances);
    assertEquals(strategy.zeroesAuxHeads() ? 4 : 5, variances.size(), "convs and linears");
    for (double v : variances) {
      assertEquals(1.0, v, 0.01, "output variance " + variances);
    }

    long calibrated = report.layers().stream().filter(l -> l.outputVariance() != null).count();
    assertEquals(variances.size(), calibrated, report.toString());
    for (InitReport.LayerReport layer : report.layers()) {
      assertFalse(layer.path().contains("Probe"), "paths name the user's blocks: " + layer);
      if (layer.path().startsWith("aux") && strategy.zeroesAuxHeads()) {
        assertNull(layer.outputVariance(), "the Hybrid does not calibrate aux heads");
      } else {
        assertNotNull(layer.outputVariance(), layer.path());
      }
    }
    assertSameStructure(blocks, parameters, model);
  }

  @Test
  void aFailedCalibrationLeavesTheSequentialBlocksAsTheyWere() {
    PlainNet model = PlainNet.withDeadBody();
    List<Pair<String, Block>> blocks = blocks(model);
    List<Pair<String, Parameter>> parameters = parameters(model);
    InitializationException e =
        assertThrows(
            InitializationException.class,
            () ->
                Initialization.apply(
                    model, Strategy.LSUV, new InitOptions(manager, PlainNet.INPUT, images, 5)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "LSUV: layer 'body/02SequentialBlock/01Conv2d' has" + " output variance 0.0"),
        e.getMessage());
    assertSameStructure(blocks, parameters, model);
  }

  @Test
  void aLayerLsuvCannotObserveIsRefusedInOneLineNamingIt() {
    PlainNet model = PlainNet.withBareStem();
    InitializationException e =
        assertThrows(
            InitializationException.class,
            () ->
                Initialization.apply(
                    model,
                    Strategy.LION_LSUV,
                    new InitOptions(manager, PlainNet.INPUT, images, 5)));
    assertEquals(
        "LSUV cannot observe the output of 'stem' (Conv2d): it sees a layer only as a"
            + " child of a SequentialBlock (added with add) or inside"
            + " io.liondg.runtime.nn.Probe.of(layer); put it in a SequentialBlock or wrap it with"
            + " Probe.of",
        e.getMessage());
    assertFalse(model.isInitialized(), "refused before any work");
    // Strategies that do not calibrate need not observe anything.
    Initialization.apply(
        PlainNet.withBareStem(),
        Strategy.LION_DG,
        new InitOptions(manager, PlainNet.INPUT, null, 5));
  }

  /** Runs a sequential block child by child, noting each weight layer's output variance. */
  private static NDList run(Block block, NDList x, ParameterStore store, List<Double> out) {
    if (!(block instanceof SequentialBlock)) {
      NDList y = block.forward(store, x, true);
      if (ParametricLayers.hasWeight(block)) {
        NDArray v = y.head().toType(DataType.FLOAT64, false);
        out.add(v.sub(v.mean()).square().mean().getDouble());
      }
      return y;
    }
    for (Pair<String, Block> child : block.getChildren()) {
      x = run(child.getValue(), x, store, out);
    }
    return x;
  }

  /** Every block under the model with its path, depth first. */
  private static List<Pair<String, Block>> blocks(Block model) {
    List<Pair<String, Block>> out = new ArrayList<>();
    collect(model, "", out);
    return out;
  }

  private static void collect(Block block, String path, List<Pair<String, Block>> out) {
    out.add(new Pair<>(path, block));
    for (Pair<String, Block> child : block.getChildren()) {
      collect(child.getValue(), path + "/" + child.getKey(), out);
    }
  }

  private static List<Pair<String, Parameter>> parameters(Block model) {
    List<Pair<String, Parameter>> out = new ArrayList<>();
    model.getParameters().forEach(out::add);
    return out;
  }

  /** The same blocks under the same names in the same order, holding the same parameters. */
  private static void assertSameStructure(
      List<Pair<String, Block>> blocks, List<Pair<String, Parameter>> parameters, Block model) {
    List<Pair<String, Block>> now = blocks(model);
    assertEquals(blocks.size(), now.size(), "block count");
    for (int i = 0; i < now.size(); i++) {
      assertEquals(blocks.get(i).getKey(), now.get(i).getKey());
      assertSame(blocks.get(i).getValue(), now.get(i).getValue(), now.get(i).getKey());
    }
    List<Pair<String, Parameter>> params = parameters(model);
    assertEquals(parameters.size(), params.size(), "parameter count");
    for (int i = 0; i < params.size(); i++) {
      assertEquals(parameters.get(i).getKey(), params.get(i).getKey());
      assertSame(parameters.get(i).getValue(), params.get(i).getValue());
    }
  }
}
