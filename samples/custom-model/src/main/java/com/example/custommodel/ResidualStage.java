package com.example.custommodel;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.liondg.annotations.ResidualBranch;

/**
 * A residual stage {@code y = relu(x + F(x))}, where {@code F} is conv, BN, ReLU, conv, BN.
 * Because it has a role-annotated field, lion-dg walks into it from {@link SmallCnn}: its
 * branch appears in the model's role tree as {@code stage1.branch} and {@code stage2.branch}.
 */
public final class ResidualStage extends AbstractBlock {

  private static final byte VERSION = 1;

  @ResidualBranch final Block branch;

  /** @param channels the stage's input and output channels */
  public ResidualStage(int channels) {
    super(VERSION);
    branch = addChildBlock("branch", new SequentialBlock()
        .add(SmallCnn.conv3x3(channels))
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock())
        .add(SmallCnn.conv3x3(channels))
        .add(BatchNorm.builder().build()));
  }

  @Override
  protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
      boolean training, PairList<String, Object> params) {
    NDList f = branch.forward(parameterStore, inputs, training, params);
    return new NDList(Activation.relu(inputs.singletonOrThrow().add(f.singletonOrThrow())));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return branch.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType,
      Shape... inputShapes) {
    branch.initialize(manager, dataType, inputShapes);
  }
}
