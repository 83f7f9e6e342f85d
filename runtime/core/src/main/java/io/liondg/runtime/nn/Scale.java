package io.liondg.runtime.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multiplies its input by one learnable scalar {@code alpha}, 1 by default.
 *
 * <p>It ends every residual branch of our ResNets: with {@code alpha = 1} the block is a plain
 * ResNet block; ReZero sets {@code alpha = 0} (Bachlechner et al. 2021), and it is Fixup's scalar
 * multiplier (Zhang et al. 2019). One parameter per residual block.
 */
public final class Scale extends AbstractBlock {

  private final Parameter alpha;

  /** Creates a scale with {@code alpha = 1}. */
  public Scale() {
    super((byte) 1);
    // GAMMA: initialized to ones by DJL and never matched by WEIGHT-typed initializers.
    alpha =
        addParameter(
            Parameter.builder()
                .setName("alpha")
                .setType(Parameter.Type.GAMMA)
                .optShape(new Shape(1))
                .build());
  }

  /**
   * @return the scalar parameter
   */
  public Parameter alpha() {
    return alpha;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray a = store.getValue(alpha, inputs.head().getDevice(), training);
    return new NDList(inputs.head().mul(a));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
