package io.liondg.runtime.models;

import ai.djl.nn.Block;
import io.liondg.annotations.Backbone;
import java.util.List;

/**
 * A ResNet-20 stage whose last block embeds an aux head in its residual branch. Same depth and
 * widths as {@link ResNetStage}; forward returns {@code [features, aux logits]}.
 */
public final class EmbeddedAuxStage extends ChainBlock {

  @Backbone final ResidualBlock block1;
  @Backbone final ResidualBlock block2;
  @Backbone final EmbeddedAuxBlock block3;

  /**
   * @param channels the stage's width
   * @param stride stride of its first block
   * @param project whether its first block needs a projection shortcut
   * @param classes number of classes of the embedded aux head
   */
  public EmbeddedAuxStage(int channels, int stride, boolean project, int classes) {
    block1 = addChildBlock("block1", new ResidualBlock(channels, stride, project));
    block2 = addChildBlock("block2", new ResidualBlock(channels, 1, false));
    block3 = addChildBlock("block3", new EmbeddedAuxBlock(channels, classes));
  }

  @Override
  List<Block> blocks() {
    return List.of(block1, block2, block3);
  }
}
