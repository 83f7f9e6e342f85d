package com.example.custommodel;

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
 * A small deeply-supervised CNN, as a user would write it: a stem, two residual stages, an
 * auxiliary classifier that taps the output of stage 1 (a side tap), and the main classifier.
 *
 * <p>The role annotations say what each child block is. At compile time the lion-dg processor
 * checks their placement and generates {@code SmallCnn_Roles}; at run time
 * {@code Roles.of(model)} returns it. Forward returns the main logits first, then the aux
 * logits.
 */
public final class SmallCnn extends AbstractBlock {

  private static final byte VERSION = 1;
  private static final int WIDTH = 16;

  @Backbone final Block stem;
  @Backbone final ResidualStage stage1;
  @AuxHead(tap = "stage1") final Block aux1;
  @Backbone final ResidualStage stage2;
  @MainHead final Block head;

  /**
   * The constructor {@code lion-dg train --model-class} calls: DJL infers the stem's input
   * channels on initialization, so {@code inputChannels} only has to be accepted.
   *
   * @param inputChannels image channels (3 for RGB, 1 for grey)
   * @param classes number of classes
   */
  public SmallCnn(int inputChannels, int classes) {
    this(classes);
  }

  /** @param classes number of classes */
  public SmallCnn(int classes) {
    super(VERSION);
    stem = addChildBlock("stem", new SequentialBlock()
        .add(conv3x3(WIDTH))
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock()));
    stage1 = addChildBlock("stage1", new ResidualStage(WIDTH));
    aux1 = addChildBlock("aux1", classifier(classes));
    stage2 = addChildBlock("stage2", new ResidualStage(WIDTH));
    head = addChildBlock("head", classifier(classes));
  }

  /** A 3x3 convolution that keeps the resolution. */
  static Conv2d conv3x3(int filters) {
    return Conv2d.builder()
        .setKernelShape(new Shape(3, 3))
        .optPadding(new Shape(1, 1))
        .setFilters(filters)
        .build();
  }

  /** Global average pooling, then a linear layer: the shape of both heads. */
  private static Block classifier(int classes) {
    return new SequentialBlock()
        .add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(classes).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
      boolean training, PairList<String, Object> params) {
    NDList x = stem.forward(parameterStore, inputs, training, params);
    NDList features1 = stage1.forward(parameterStore, x, training, params);
    // The side tap reads stage 1's output and adds nothing back into the feature path.
    NDList aux = aux1.forward(parameterStore, features1, training, params);
    NDList features2 = stage2.forward(parameterStore, features1, training, params);
    NDList main = head.forward(parameterStore, features2, training, params);
    return new NDList(main.singletonOrThrow(), aux.singletonOrThrow());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] x = stem.getOutputShapes(inputShapes);
    Shape[] features1 = stage1.getOutputShapes(x);
    Shape[] features2 = stage2.getOutputShapes(features1);
    return new Shape[] {
      head.getOutputShapes(features2)[0], aux1.getOutputShapes(features1)[0]
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType,
      Shape... inputShapes) {
    stem.initialize(manager, dataType, inputShapes);
    Shape[] x = stem.getOutputShapes(inputShapes);
    stage1.initialize(manager, dataType, x);
    Shape[] features1 = stage1.getOutputShapes(x);
    aux1.initialize(manager, dataType, features1);
    stage2.initialize(manager, dataType, features1);
    head.initialize(manager, dataType, stage2.getOutputShapes(features1));
  }
}
