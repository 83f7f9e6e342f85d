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
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.liondg.annotations.Backbone;
import io.liondg.annotations.ResidualBranch;

/**
 * A residual block {@code y = relu(x + F(x))} whose branch embeds an aux head ({@link
 * EmbeddedAuxBranch}). Forward returns {@code [y, aux logits]}.
 */
public final class EmbeddedAuxBlock extends AbstractBlock {

  @ResidualBranch final EmbeddedAuxBranch branch;
  @Backbone final Block shortcut;

  /**
   * @param channels channels in and out
   * @param classes number of classes of the embedded aux head
   */
  public EmbeddedAuxBlock(int channels, int classes) {
    super((byte) 1);
    branch = addChildBlock("branch", new EmbeddedAuxBranch(channels, classes));
    shortcut = addChildBlock("shortcut", Blocks.identityBlock());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList x, boolean training, PairList<String, Object> p) {
    NDList f = run(branch, ps, x, training, p);
    NDList s = run(shortcut, ps, x, training, p);
    return new NDList(Activation.relu(f.head().add(s.head())), f.get(1));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return branch.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType t, Shape... inputShapes) {
    init(branch, m, t, inputShapes);
    init(shortcut, m, t, inputShapes);
  }
}
