package io.liondg.runtime.models;

import static io.liondg.runtime.models.ChildChain.init;
import static io.liondg.runtime.models.ChildChain.run;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.liondg.annotations.AuxHead;
import io.liondg.annotations.Backbone;
import io.liondg.annotations.MainHead;
import io.liondg.runtime.nn.ChannelsLast;
import io.liondg.runtime.nn.Layers;

/**
 * ResNet-DS: a CIFAR ResNet-20 (He et al. 2016, Section 4.2: 3x3 stem to 16 channels, three stages
 * of three basic blocks at 16, 32 and 64 channels, stride 2 between stages) with <em>side-tap</em>
 * aux heads (global average pool -> linear) reading the outputs of stages 1 and 2, and a main head
 * (global average pool -> linear) after stage 3.
 *
 * <p>The paper does not give ResNet-DS's widths or depth; we chose ResNet-20, the standard CIFAR
 * ResNet, because its cost per step is close to DenseNet-DS's on a CPU. Every residual branch ends
 * in a {@link io.liondg.runtime.nn.Scale} (1 at init) so that ReZero and Fixup can be applied; that
 * adds 9 parameters. Projection shortcuts (1x1 conv + BN) where the width changes.
 */
public final class ResNetDS extends DeepSupervisionNet {

  /** Widths of the three stages. */
  static final int[] WIDTHS = {16, 32, 64};

  @Backbone final Block stem;
  @Backbone final ResNetStage stage1;

  @AuxHead(tap = "stage1")
  final Block aux1;

  @Backbone final ResNetStage stage2;

  @AuxHead(tap = "stage2")
  final Block aux2;

  @Backbone final ResNetStage stage3;
  @MainHead final Block head;

  /**
   * @param inChannels image channels
   * @param classes number of classes
   */
  public ResNetDS(int inChannels, int classes) {
    super(inChannels, classes, 2);
    stem = addChildBlock("stem", stem());
    stage1 = addChildBlock("stage1", new ResNetStage(WIDTHS[0], 1, false));
    aux1 = addChildBlock("aux1", Layers.poolLinearHead(classes));
    stage2 = addChildBlock("stage2", new ResNetStage(WIDTHS[1], 2, true));
    aux2 = addChildBlock("aux2", Layers.poolLinearHead(classes));
    stage3 = addChildBlock("stage3", new ResNetStage(WIDTHS[2], 2, true));
    head = addChildBlock("head", Layers.poolLinearHead(classes));
  }

  /** conv3x3 -> BN -> ReLU to the first stage's width. */
  static Block stem() {
    return new SequentialBlock()
        .add(Layers.conv(WIDTHS[0], 3, 1))
        .add(Layers.batchNorm())
        .add(Activation.reluBlock());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    NDList x = run(stage1, ps, run(stem, ps, ChannelsLast.of(inputs), training, p), training, p);
    NDList a1 = run(aux1, ps, x, training, p);
    x = run(stage2, ps, x, training, p);
    NDList a2 = run(aux2, ps, x, training, p);
    x = run(stage3, ps, x, training, p);
    return new NDList(run(head, ps, x, training, p).head(), a1.head(), a2.head());
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType t, Shape... inputShapes) {
    Shape[] x = init(stage1, m, t, init(stem, m, t, inputShapes));
    init(aux1, m, t, x);
    x = init(stage2, m, t, x);
    init(aux2, m, t, x);
    init(head, m, t, init(stage3, m, t, x));
  }
}
