package io.liondg.runtime.init;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.liondg.annotations.AuxHead;
import io.liondg.annotations.Backbone;
import io.liondg.annotations.MainHead;

/**
 * A deeply-supervised net as a DJL user writes it, with DJL's blocks only (no lion-dg {@code Probe}
 * or {@code Layers}): {@code SequentialBlock}s of {@code Conv2d}, {@code BatchNorm} and {@code
 * Linear}, one nested in another, and a side-tap aux head. Its forward pass returns {@code [main,
 * aux]}.
 */
public final class PlainNet extends AbstractBlock {

  public static final int CLASSES = 4;
  public static final Shape INPUT = new Shape(16, 3, 8, 8);

  @Backbone public final Block stem;

  @AuxHead(tap = "stem")
  public final Block aux;

  @Backbone public final Block body;
  @MainHead public final Block head;

  private PlainNet(Block stem, Block body) {
    super((byte) 1);
    this.stem = addChildBlock("stem", stem);
    aux = addChildBlock("aux", classifier());
    this.body = addChildBlock("body", body);
    head = addChildBlock("head", classifier());
  }

  /**
   * @return the net: every conv and linear layer is in a {@code SequentialBlock}
   */
  public static PlainNet create() {
    return new PlainNet(
        convBnRelu(),
        new SequentialBlock()
            .add(conv())
            .add(BatchNorm.builder().build())
            .add(Activation.reluBlock())
            .add(convBnRelu()));
  }

  /**
   * @return the net with a bare {@code Conv2d} as its stem field: LSUV cannot observe it
   */
  public static PlainNet withBareStem() {
    return new PlainNet(conv(), convBnRelu());
  }

  /**
   * @return the net whose body zeroes its input, so its conv's output variance is 0
   */
  public static PlainNet withDeadBody() {
    return new PlainNet(
        convBnRelu(),
        new SequentialBlock().add(x -> new NDList(x.head().zerosLike())).add(convBnRelu()));
  }

  private static Conv2d conv() {
    return Conv2d.builder()
        .setFilters(8)
        .setKernelShape(new Shape(3, 3))
        .optPadding(new Shape(1, 1))
        .build();
  }

  private static SequentialBlock convBnRelu() {
    return new SequentialBlock()
        .add(conv())
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock());
  }

  private static SequentialBlock classifier() {
    return new SequentialBlock()
        .add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(CLASSES).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    NDList x = stem.forward(ps, inputs, training, p);
    NDList a = aux.forward(ps, x, training, p);
    NDList main = head.forward(ps, body.forward(ps, x, training, p), training, p);
    return new NDList(main.head(), a.head());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] x = stem.getOutputShapes(inputShapes);
    return new Shape[] {
      head.getOutputShapes(body.getOutputShapes(x))[0], aux.getOutputShapes(x)[0]
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType t, Shape... inputShapes) {
    stem.initialize(m, t, inputShapes);
    Shape[] x = stem.getOutputShapes(inputShapes);
    aux.initialize(m, t, x);
    body.initialize(m, t, x);
    head.initialize(m, t, body.getOutputShapes(x));
  }
}
