package io.liondg.runtime.models;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

/** Counts trainable parameters (BatchNorm running statistics are not trainable). */
public final class ParameterCount {

  private ParameterCount() {}

  /**
   * @param block an initialized block
   * @return the number of trainable scalars in it
   */
  public static long of(Block block) {
    long n = 0;
    for (var pair : block.getParameters()) {
      Parameter p = pair.getValue();
      if (p.requiresGradient()) {
        n += p.getArray().getShape().size();
      }
    }
    return n;
  }
}
