package io.liondg.runtime.models;

import static io.liondg.runtime.models.ChildChain.init;
import static io.liondg.runtime.models.ChildChain.run;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.liondg.annotations.AuxHead;
import io.liondg.annotations.Backbone;
import io.liondg.annotations.MainHead;
import io.liondg.runtime.nn.ChannelsLast;
import io.liondg.runtime.nn.Layers;
import java.util.List;

/**
 * The paper's DenseNet-DS (Appendix A.1): a compact DenseNet with two auxiliary heads.
 *
 * <p>Stem 3x3 conv (in -> 24, no bias); three dense blocks of 6 layers, each layer BN -> ReLU ->
 * 3x3 conv (growth 8, no bias) concatenated to its input; transitions BN -> ReLU -> 1x1 conv
 * halving the channels -> 2x2 average pool; aux heads (global average pool -> linear) after blocks
 * 1 and 2; main head BN -> ReLU -> global average pool -> linear. Channels: 24 -> 72 | 36 -> 84 |
 * 42 -> 90.
 *
 * <p><b>Parameter count.</b> With 3 input channels and 10 classes this net has exactly 81,678
 * trainable parameters (BatchNorm running statistics not counted): stem 648, block 1 19,536, aux 1
 * 730, transition 1 2,736, block 2 24,864, aux 2 850, transition 2 3,696, block 3 27,528, main head
 * 1,090. The paper says "approximately 77K", and its Table A.1 lists per-part counts that neither
 * add up to 77K nor match this architecture (it gives block 3 96 output channels, which a
 * 42-channel input and 6 x 8 growth cannot produce). We follow the architecture as described in
 * words, which is also the PyTorch peer benchmark's net ({@code shared/bench/peer_densenet_ds.py}),
 * and report 81,678.
 */
public final class DenseNetDS extends DeepSupervisionNet {

  /** New channels per dense layer. */
  public static final int GROWTH = 8;

  /** Layers per dense block. */
  public static final int LAYERS = 6;

  /** Stem output channels. */
  public static final int STEM = 24;

  @Backbone final Block stem;
  @Backbone final Block block1;

  @AuxHead(tap = "block1")
  final Block aux1;

  @Backbone final Block trans1;
  @Backbone final Block block2;

  @AuxHead(tap = "block2")
  final Block aux2;

  @Backbone final Block trans2;
  @Backbone final Block block3;
  @MainHead final Block head;

  /**
   * @param inChannels image channels
   * @param classes number of classes
   */
  public DenseNetDS(int inChannels, int classes) {
    super(inChannels, classes, 2);
    int c = STEM;
    stem = addChildBlock("stem", Layers.conv(c, 3, 1));
    block1 = addChildBlock("block1", denseBlock());
    c += LAYERS * GROWTH;
    aux1 = addChildBlock("aux1", Layers.poolLinearHead(classes));
    trans1 = addChildBlock("trans1", transition(c / 2));
    c /= 2;
    block2 = addChildBlock("block2", denseBlock());
    c += LAYERS * GROWTH;
    aux2 = addChildBlock("aux2", Layers.poolLinearHead(classes));
    trans2 = addChildBlock("trans2", transition(c / 2));
    block3 = addChildBlock("block3", denseBlock());
    head =
        addChildBlock(
            "head", Layers.bnRelu().add(Pool.globalAvgPool2dBlock()).add(Layers.linear(classes)));
  }

  private static Block denseBlock() {
    SequentialBlock block = new SequentialBlock();
    for (int i = 0; i < LAYERS; i++) {
      Block newFeatures = Layers.bnRelu().add(Layers.conv(GROWTH, 3, 1));
      block.add(
          new ParallelBlock(
              branches ->
                  new NDList(
                      NDArrays.concat(
                          new NDList(branches.get(0).head(), branches.get(1).head()), 1)),
              List.of(Blocks.identityBlock(), newFeatures)));
    }
    return block;
  }

  private static Block transition(int outChannels) {
    return new SequentialBlock()
        .add(Layers.batchNorm())
        .add(Activation.reluBlock())
        .add(Layers.conv(outChannels, 1, 1))
        .add(Pool.avgPool2dBlock(new Shape(2, 2)));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    NDList x = run(block1, ps, run(stem, ps, ChannelsLast.of(inputs), training, p), training, p);
    NDList a1 = run(aux1, ps, x, training, p);
    x = run(block2, ps, run(trans1, ps, x, training, p), training, p);
    NDList a2 = run(aux2, ps, x, training, p);
    x = run(block3, ps, run(trans2, ps, x, training, p), training, p);
    NDList main = run(head, ps, x, training, p);
    return new NDList(main.head(), a1.head(), a2.head());
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType t, Shape... inputShapes) {
    Shape[] x = init(block1, m, t, init(stem, m, t, inputShapes));
    init(aux1, m, t, x);
    x = init(block2, m, t, init(trans1, m, t, x));
    init(aux2, m, t, x);
    x = init(block3, m, t, init(trans2, m, t, x));
    init(head, m, t, x);
  }
}
