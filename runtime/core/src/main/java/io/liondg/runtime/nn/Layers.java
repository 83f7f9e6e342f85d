package io.liondg.runtime.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/** Small factories for the layers our models are made of; conv and linear layers are probed. */
public final class Layers {

  private Layers() {}

  /**
   * @param filters output channels
   * @param kernel square kernel size (padding keeps the spatial size at stride 1)
   * @param stride stride
   * @return a bias-free conv layer, wrapped in a {@link Probe}
   */
  public static Block conv(int filters, int kernel, int stride) {
    return Probe.of(
        Conv2d.builder()
            .setFilters(filters)
            .setKernelShape(new Shape(kernel, kernel))
            .optStride(new Shape(stride, stride))
            .optPadding(new Shape(kernel / 2, kernel / 2))
            .optBias(false)
            .build());
  }

  /**
   * @param units outputs
   * @return a linear layer with bias, wrapped in a {@link Probe}
   */
  public static Block linear(int units) {
    return Probe.of(Linear.builder().setUnits(units).build());
  }

  /**
   * @return batch norm over channels
   */
  public static Block batchNorm() {
    return BatchNorm.builder().build();
  }

  /**
   * @return BN -> ReLU, the pre-activation of DenseNet layers and heads
   */
  public static SequentialBlock bnRelu() {
    return new SequentialBlock().add(batchNorm()).add(Activation.reluBlock());
  }

  /**
   * The paper's aux head (Appendix A.1): global average pooling, then one linear layer.
   *
   * @param classes number of classes
   * @return the head
   */
  public static Block poolLinearHead(int classes) {
    return new SequentialBlock().add(Pool.globalAvgPool2dBlock()).add(linear(classes));
  }
}
