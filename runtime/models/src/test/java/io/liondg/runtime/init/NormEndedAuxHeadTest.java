package io.liondg.runtime.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import io.liondg.runtime.checks.GradientDecoupling;
import io.liondg.runtime.checks.PlacementProbe;
import io.liondg.runtime.nn.Layers;
import io.liondg.runtime.roles.RoleTree;
import io.liondg.runtime.roles.Roles;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An aux head that ends in a normalization layer: LION-DG and the Hybrid zero what makes its output
 * 0 (BatchNorm's and LayerNorm's gamma and beta), or refuse with one line naming the head; the
 * decoupling check and the placement probe agree with what was done.
 */
class NormEndedAuxHeadTest {

  private NDManager manager;
  private NDArray images;
  private NDArray labels;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    manager.getEngine().setRandomSeed(9);
    images = manager.randomNormal(new Shape(32, 3, 8, 8));
    labels = manager.randomInteger(0, HeadsNet.CLASSES, new Shape(32), DataType.INT32);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** Pool, flatten, Linear, then a last layer. */
  private static Block head(Block last) {
    return new SequentialBlock()
        .add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(HeadsNet.CLASSES).build())
        .add(last);
  }

  private static Block batchNormHead() {
    return head(BatchNorm.builder().build());
  }

  private HeadsNet init(Supplier<Block> aux, Strategy strategy, boolean auxFeedsMain) {
    HeadsNet model = new HeadsNet(aux.get(), aux.get(), HeadsNet.CLASSES, true, auxFeedsMain);
    Initialization.apply(model, strategy, new InitOptions(manager, HeadsNet.INPUT, images, 2));
    return model;
  }

  @ParameterizedTest
  @MethodSource("zeroing")
  void aBatchNormEndedAuxHeadOutputsExactlyZeroAndIsDecoupled(Strategy strategy) {
    HeadsNet model = init(NormEndedAuxHeadTest::batchNormHead, strategy, false);
    // gamma and beta were zeroed; the running statistics were not touched
    BatchNorm bn = (BatchNorm) ((SequentialBlock) model.aux1).getChildren().get(3).getValue();
    for (Parameter p : bn.getDirectParameters().values()) {
      float expected = p.getType() == Parameter.Type.RUNNING_VAR ? 1f : 0f;
      for (float v : p.getArray().toFloatArray()) {
        assertEquals(expected, v, p.getName());
      }
    }
    for (boolean training : new boolean[] {true, false}) {
      NDList out = model.forward(new ParameterStore(manager, false), new NDList(images), training);
      assertEquals(3, out.size());
      for (int i = 1; i < out.size(); i++) {
        assertTrue(allZero(out.get(i)), "aux output " + i + " is exactly 0, training=" + training);
      }
    }
    RoleTree tree = Roles.tree(model);
    GradientDecoupling.Result r = GradientDecoupling.check(model, tree, images, labels, 0.3);
    assertTrue(r.decoupled(), r.toString());
    assertEquals(0.0, r.maxAbsGradient());
  }

  @Test
  void underHeTheSameHeadIsNotZeroAndNotDecoupled() {
    HeadsNet model = init(NormEndedAuxHeadTest::batchNormHead, Strategy.HE, false);
    NDList out = model.forward(new ParameterStore(manager, false), new NDList(images), true);
    assertFalse(allZero(out.get(1)));
    assertFalse(
        GradientDecoupling.check(model, Roles.tree(model), images, labels, 0.3).decoupled());
  }

  @Test
  void aLayerNormEndedAuxHeadOutputsExactlyZeroAndIsDecoupled() {
    HeadsNet model = init(() -> head(LayerNorm.builder().axis(1).build()), Strategy.LION_DG, false);
    NDList out = model.forward(new ParameterStore(manager, false), new NDList(images), true);
    assertTrue(allZero(out.get(1)));
    assertTrue(allZero(out.get(2)));
    assertTrue(GradientDecoupling.check(model, Roles.tree(model), images, labels, 0.3).decoupled());
  }

  @Test
  void thePlacementProbePerturbsWhatLionDgZeroes() {
    HeadsNet side = init(NormEndedAuxHeadTest::batchNormHead, Strategy.LION_DG, false);
    RoleTree sideTree = Roles.tree(side);
    List<PlacementProbe.Finding> findings = PlacementProbe.run(side, sideTree, images);
    assertEquals(2, findings.size());
    findings.forEach(f -> assertFalse(f.onMainPath(), f.toString()));
    // restored: still zero, still decoupled
    assertTrue(GradientDecoupling.check(side, sideTree, images, labels, 0.3).decoupled());

    HeadsNet onPath = init(NormEndedAuxHeadTest::batchNormHead, Strategy.LION_DG, true);
    List<PlacementProbe.Finding> onPathFindings =
        PlacementProbe.run(onPath, Roles.tree(onPath), images);
    assertTrue(onPathFindings.get(0).onMainPath(), onPathFindings.get(0).toString());
    assertTrue(Double.isFinite(onPathFindings.get(0).maxAbsDifference()));
    assertFalse(onPathFindings.get(1).onMainPath());
  }

  @ParameterizedTest
  @MethodSource("zeroing")
  void aHeadWhoseOutputCannotBeZeroedIsRefusedNamingIt(Strategy strategy) {
    // gamma not trainable: zeroed, the head could never learn
    assertRefused(
        () -> head(BatchNorm.builder().optScale(false).build()), strategy, "not trainable");
    // a sigmoid after the zeroed layer maps 0 to 0.5
    assertRefused(
        () ->
            new SequentialBlock()
                .add(Layers.poolLinearHead(HeadsNet.CLASSES))
                .add(Activation.sigmoidBlock()),
        strategy,
        "still not 0");
    // no parameters at all
    assertRefused(
        () -> new SequentialBlock().add(Pool.globalAvgPool2dBlock()), strategy, "no parameters");
  }

  private void assertRefused(Supplier<Block> aux, Strategy strategy, String why) {
    HeadsNet model = new HeadsNet(aux.get(), null, HeadsNet.CLASSES, true, false);
    InitializationException e =
        assertThrows(
            InitializationException.class,
            () ->
                Initialization.apply(
                    model, strategy, new InitOptions(manager, HeadsNet.INPUT, images, 2)));
    assertTrue(e.getMessage().startsWith("cannot zero-initialize aux head 'aux1'"), e.getMessage());
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  private static boolean allZero(NDArray a) {
    for (float v : a.toFloatArray()) {
      if (v != 0f) {
        return false;
      }
    }
    return true;
  }

  static List<Strategy> zeroing() {
    return List.of(Strategy.LION_DG, Strategy.LION_LSUV);
  }
}
