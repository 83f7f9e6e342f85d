package io.liondg.runtime.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Helpers for our blocks whose forward pass is written by hand: run a child, and initialize a child
 * from the shapes that flow into it.
 */
final class ChildChain {

  private ChildChain() {}

  /** Runs {@code child} on {@code x}. */
  static NDList run(
      Block child,
      ParameterStore store,
      NDList x,
      boolean training,
      PairList<String, Object> params) {
    return child.forward(store, x, training, params);
  }

  /**
   * Runs {@code blocks} one after the other on the features (the head of each output), and collects
   * the extra outputs some blocks return after their features (embedded aux logits).
   *
   * @return {@code [features, extras...]}
   */
  static NDList chain(
      List<Block> blocks,
      ParameterStore store,
      NDList x,
      boolean training,
      PairList<String, Object> params) {
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
  static Shape[] initChain(List<Block> blocks, NDManager manager, DataType type, Shape[] in) {
    return shapes(blocks, in, (block, features) -> init(block, manager, type, features));
  }

  /** Output shapes of a {@link #chain} without initializing anything. */
  static Shape[] chainShapes(List<Block> blocks, Shape[] in) {
    return shapes(blocks, in, Block::getOutputShapes);
  }

  /** Walks a chain's shapes the way {@link #chain} walks its arrays; {@code step} may init. */
  private static Shape[] shapes(
      List<Block> blocks, Shape[] in, BiFunction<Block, Shape[], Shape[]> step) {
    List<Shape> extras = new ArrayList<>();
    Shape[] features = in;
    for (Block block : blocks) {
      Shape[] out = step.apply(block, features);
      features = new Shape[] {out[0]};
      extras.addAll(Arrays.asList(out).subList(1, out.length));
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
