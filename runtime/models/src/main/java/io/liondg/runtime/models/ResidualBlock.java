package io.liondg.runtime.models;

import static io.liondg.runtime.models.ChildChain.init;
import static io.liondg.runtime.models.ChildChain.run;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.liondg.annotations.Backbone;
import io.liondg.annotations.ResidualBranch;
import io.liondg.runtime.nn.Layers;
import io.liondg.runtime.nn.Scale;

/**
 * A CIFAR ResNet basic block {@code y = relu(shortcut(x) + F(x))} with {@code F = conv3x3 -> BN ->
 * ReLU -> conv3x3 -> BN -> Scale}. The shortcut is the identity, or a 1x1 conv + BN where the block
 * changes width or resolution (He et al.'s option B).
 */
public final class ResidualBlock extends AbstractBlock {

  @ResidualBranch final Block branch;
  @Backbone final Block shortcut;

  /**
   * @param channels output channels
   * @param stride 1, or 2 to halve the resolution
   * @param project whether the shortcut needs a projection
   */
  public ResidualBlock(int channels, int stride, boolean project) {
    super((byte) 1);
    branch = addChildBlock("branch", branch(channels, stride));
    shortcut =
        addChildBlock("shortcut", project ? projection(channels, stride) : Blocks.identityBlock());
  }

  /** The standard two-conv branch, ending in the {@link Scale} that ReZero zeroes. */
  static SequentialBlock branch(int channels, int stride) {
    return bodyOf(channels, stride).add(new Scale());
  }

  /** conv3x3 -> BN -> ReLU -> conv3x3 -> BN. */
  static SequentialBlock bodyOf(int channels, int stride) {
    return new SequentialBlock()
        .add(Layers.conv(channels, 3, stride))
        .add(Layers.batchNorm())
        .add(Activation.reluBlock())
        .add(Layers.conv(channels, 3, 1))
        .add(Layers.batchNorm());
  }

  static Block projection(int channels, int stride) {
    return new SequentialBlock().add(Layers.conv(channels, 1, stride)).add(Layers.batchNorm());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList x, boolean training, PairList<String, Object> p) {
    NDList f = run(branch, ps, x, training, p);
    NDList s = run(shortcut, ps, x, training, p);
    return new NDList(Activation.relu(f.head().add(s.head())));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return shortcut.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType t, Shape... inputShapes) {
    init(branch, m, t, inputShapes);
    init(shortcut, m, t, inputShapes);
  }
}
