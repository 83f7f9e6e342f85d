package io.liondg.runtime.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import java.util.Arrays;

/**
 * A deeply-supervised classifier: its forward pass returns {@code [main, aux_1, ..., aux_k]}
 * logits, the aux heads in the order of the model's role tree.
 */
public abstract class DeepSupervisionNet extends AbstractBlock {

  private final int inChannels;
  private final int classes;
  private final int auxHeads;

  /**
   * @param inChannels image channels (3 for CIFAR, 1 for Fashion-MNIST)
   * @param classes number of classes
   * @param auxHeads number of aux heads
   */
  protected DeepSupervisionNet(int inChannels, int classes, int auxHeads) {
    super((byte) 1);
    if (inChannels < 1 || classes < 2) {
      throw new IllegalArgumentException(
          "expected at least 1 input channel and 2 classes, got "
              + inChannels
              + " channels and "
              + classes
              + " classes");
    }
    this.inChannels = inChannels;
    this.classes = classes;
    this.auxHeads = auxHeads;
  }

  /**
   * @return image channels
   */
  public int inChannels() {
    return inChannels;
  }

  /**
   * @return number of classes
   */
  public int classes() {
    return classes;
  }

  /**
   * @return number of aux heads, i.e. outputs after the main one
   */
  public int auxHeadCount() {
    return auxHeads;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape logits = new Shape(inputShapes[0].get(0), classes);
    Shape[] out = new Shape[1 + auxHeads];
    Arrays.fill(out, logits);
    return out;
  }
}
