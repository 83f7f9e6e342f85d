package io.liondg.runtime.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.liondg.runtime.nn.Layers;
import io.liondg.runtime.roles.RoleTree;

/**
 * A tiny deeply-supervised net written without annotations (the processor is not on this module's
 * test path), with its role tree built by hand: a conv + BatchNorm backbone, one pool-linear aux
 * head on it, and a BatchNorm-ReLU-pool-linear main head. Outputs {@code [main, aux]}.
 */
final class TinyDsNet extends AbstractBlock {

  static final int CLASSES = 4;
  static final Shape INPUT = new Shape(8, 3, 6, 6);

  private final Block stem;
  private final Block aux;
  private final Block head;

  TinyDsNet() {
    stem = addChildBlock("stem", Layers.bnRelu().add(Layers.conv(4, 3, 1)));
    aux = addChildBlock("aux", Layers.poolLinearHead(CLASSES));
    head =
        addChildBlock(
            "head", Layers.bnRelu().add(Pool.globalAvgPool2dBlock()).add(Layers.linear(CLASSES)));
  }

  /**
   * @return the hand-built roles: backbone {@code stem}, aux head {@code aux}, main head
   */
  RoleTree tree() {
    return RoleTree.builder()
        .backbone("stem", stem)
        .auxHead("aux", aux)
        .mainHead("head", head)
        .build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList x = stem.forward(ps, inputs, training, params);
    NDList main = head.forward(ps, x, training, params);
    NDList a = aux.forward(ps, x, training, params);
    return new NDList(main.head(), a.head());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape logits = new Shape(inputShapes[0].get(0), CLASSES);
    return new Shape[] {logits, logits};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    stem.initialize(manager, dataType, inputShapes);
    Shape[] x = stem.getOutputShapes(inputShapes);
    aux.initialize(manager, dataType, x);
    head.initialize(manager, dataType, x);
  }
}
