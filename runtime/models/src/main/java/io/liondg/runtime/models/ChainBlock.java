package io.liondg.runtime.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Blocks run one after the other on the features, collecting what some of them return after the
 * features (embedded aux logits): {@code [features, extras...]}. Our ResNet stages are chains;
 * subclasses declare the role-annotated fields and list them in forward order.
 */
abstract class ChainBlock extends AbstractBlock {

  ChainBlock() {
    super((byte) 1);
  }

  /**
   * @return the child blocks in forward order
   */
  abstract List<Block> blocks();

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList x, boolean training, PairList<String, Object> p) {
    return ChildChain.chain(blocks(), ps, x, training, p);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return ChildChain.chainShapes(blocks(), inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType t, Shape... inputShapes) {
    ChildChain.initChain(blocks(), m, t, inputShapes);
  }
}
