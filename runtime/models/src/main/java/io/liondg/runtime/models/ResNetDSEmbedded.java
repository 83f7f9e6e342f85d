package io.liondg.runtime.models;

import static io.liondg.runtime.models.ChildChain.init;
import static io.liondg.runtime.models.ChildChain.run;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.liondg.annotations.Backbone;
import io.liondg.annotations.MainHead;
import io.liondg.runtime.nn.ChannelsLast;
import io.liondg.runtime.nn.Layers;

/**
 * {@code resnet-ds-embedded}: {@link ResNetDS} with its two aux heads moved <em>into</em> the
 * residual branch of the last block of stages 1 and 2 ({@link EmbeddedAuxBranch}), their logits
 * added back into the branch. This is the placement the paper's Theorem 1 warns about and our
 * processor flags ({@code [lion:aux-on-residual-path]}); it exists to demonstrate the dead zone and
 * the placement probe. Depth and widths are ResNet-20's.
 */
public final class ResNetDSEmbedded extends DeepSupervisionNet {

  @Backbone final Block stem;
  @Backbone final EmbeddedAuxStage stage1;
  @Backbone final EmbeddedAuxStage stage2;
  @Backbone final ResNetStage stage3;
  @MainHead final Block head;

  /**
   * @param inChannels image channels
   * @param classes number of classes
   */
  public ResNetDSEmbedded(int inChannels, int classes) {
    super(inChannels, classes, 2);
    stem = addChildBlock("stem", ResNetDS.stem());
    stage1 = addChildBlock("stage1", new EmbeddedAuxStage(ResNetDS.WIDTHS[0], 1, false, classes));
    stage2 = addChildBlock("stage2", new EmbeddedAuxStage(ResNetDS.WIDTHS[1], 2, true, classes));
    stage3 = addChildBlock("stage3", new ResNetStage(ResNetDS.WIDTHS[2], 2, true));
    head = addChildBlock("head", Layers.poolLinearHead(classes));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    NDList s1 = run(stage1, ps, run(stem, ps, ChannelsLast.of(inputs), training, p), training, p);
    NDList s2 = run(stage2, ps, new NDList(s1.head()), training, p);
    NDList x = run(stage3, ps, new NDList(s2.head()), training, p);
    return new NDList(run(head, ps, x, training, p).head(), s1.get(1), s2.get(1));
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType t, Shape... inputShapes) {
    Shape[] s1 = init(stage1, m, t, init(stem, m, t, inputShapes));
    Shape[] s2 = init(stage2, m, t, new Shape[] {s1[0]});
    init(head, m, t, init(stage3, m, t, new Shape[] {s2[0]}));
  }
}
