package io.liondg.runtime.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.liondg.annotations.Backbone;
import java.util.List;

/** One stage of a CIFAR ResNet-20: three basic blocks at one width. */
public final class ResNetStage extends AbstractBlock {

  @Backbone final ResidualBlock block1;
  @Backbone final ResidualBlock block2;
  @Backbone final ResidualBlock block3;

  /**
   * @param channels the stage's width
   * @param stride stride of its first block
   * @param project whether its first block needs a projection shortcut
   */
  public ResNetStage(int channels, int stride, boolean project) {
    super((byte) 1);
    block1 = addChildBlock("block1", new ResidualBlock(channels, stride, project));
    block2 = addChildBlock("block2", new ResidualBlock(channels, 1, false));
    block3 = addChildBlock("block3", new ResidualBlock(channels, 1, false));
  }

  private List<Block> blocks() {
    return List.of(block1, block2, block3);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList x, boolean training,
      PairList<String, Object> p) {
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
