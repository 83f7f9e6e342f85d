package io.liondg.runtime.models;

import ai.djl.nn.Block;
import io.liondg.annotations.Backbone;
import java.util.List;

/** One stage of a CIFAR ResNet-20: three basic blocks at one width. */
public final class ResNetStage extends ChainBlock {

  @Backbone final ResidualBlock block1;
  @Backbone final ResidualBlock block2;
  @Backbone final ResidualBlock block3;

  /**
   * @param channels the stage's width
   * @param stride stride of its first block
   * @param project whether its first block needs a projection shortcut
   */
  public ResNetStage(int channels, int stride, boolean project) {
    block1 = addChildBlock("block1", new ResidualBlock(channels, stride, project));
    block2 = addChildBlock("block2", new ResidualBlock(channels, 1, false));
    block3 = addChildBlock("block3", new ResidualBlock(channels, 1, false));
  }

  @Override
  List<Block> blocks() {
    return List.of(block1, block2, block3);
  }
}
