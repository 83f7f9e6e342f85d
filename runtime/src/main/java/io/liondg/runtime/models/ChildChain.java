package io.liondg.runtime.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Helpers for our blocks whose forward pass is written by hand: run a child, and initialize a
 * child from the shapes that flow into it.
 */
final class ChildChain {

  private ChildChain() {}

  /** Runs {@code child} on {@code x}. */
  static NDList run(Block child, ParameterStore store, NDList x, boolean training,
      PairList<String, Object> params) {
    return child.forward(store, x, training, params);
  }

  /**
   * Runs {@code blocks} one after the other on the features (the head of each output), and
   * collects the extra outputs some blocks return after their features (embedded aux logits).
   *
   * @return {@code [features, extras...]}
   */
  static NDList chain(java.util.List<Block> blocks, ParameterStore store, NDList x,
      boolean training, PairList<String, Object> params) {
    NDList extras = new NDList();
    NDList features = x;
    for (Block block : blocks) {
      NDList out = block.forward(store, features, training, params);
      features = new NDList(out.head());
      extras.addAll(out.subNDList(1));
    }
    NDList result = new NDList(features.head());
    result.addAll(extras);
    return result;
  }

  /** Initializes a {@link #chain} and returns its output shapes (features, then extras). */
  static Shape[] initChain(java.util.List<Block> blocks, NDManager manager, DataType type,
      Shape[] in) {
    java.util.List<Shape> extras = new java.util.ArrayList<>();
    Shape[] features = in;
    for (Block block : blocks) {
      Shape[] out = init(block, manager, type, features);
      features = new Shape[] {out[0]};
      extras.addAll(java.util.Arrays.asList(out).subList(1, out.length));
    }
    extras.add(0, features[0]);
    return extras.toArray(Shape[]::new);
  }

  /** Output shapes of a {@link #chain} without initializing anything. */
  static Shape[] chainShapes(java.util.List<Block> blocks, Shape[] in) {
    java.util.List<Shape> extras = new java.util.ArrayList<>();
    Shape[] features = in;
    for (Block block : blocks) {
      Shape[] out = block.getOutputShapes(features);
      features = new Shape[] {out[0]};
      extras.addAll(java.util.Arrays.asList(out).subList(1, out.length));
    }
    extras.add(0, features[0]);
    return extras.toArray(Shape[]::new);
  }

  /** Initializes {@code child} for input shapes {@code in} and returns its output shapes. */
  static Shape[] init(Block child, NDManager manager, DataType type, Shape[] in) {
    child.initialize(manager, type, in);
    return child.getOutputShapes(in);
  }
}
