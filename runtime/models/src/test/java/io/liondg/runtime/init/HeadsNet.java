package io.liondg.runtime.init;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.liondg.annotations.AuxHead;
import io.liondg.annotations.Backbone;
import io.liondg.annotations.MainHead;
import io.liondg.runtime.models.DeepSupervisionNet;
import io.liondg.runtime.nn.Layers;

/**
 * A small annotated deeply-supervised net whose heads the test chooses: any aux head may be null,
 * as torchvision's GoogLeNet and Inception leave {@code aux1}/{@code aux2} null when built with
 * {@code aux_logits=False}. Its forward pass returns {@code [main, present aux heads...]}. With
 * {@code auxFeedsMain}, the main logits add {@code aux1}'s: that head is on the main path.
 */
public final class HeadsNet extends DeepSupervisionNet {

  @Backbone public final Block stem;

  @AuxHead(tap = "stem")
  public final Block aux1;

  @Backbone public final Block body;

  @AuxHead(tap = "body")
  public final Block aux2;

  @MainHead public final Block head;
  private final boolean auxFeedsMain;

  /**
   * @param aux1 the first aux head, or null for a net built without it
   * @param aux2 the second aux head, or null
   * @param classes number of classes
   * @param withHead false to leave the main head null (a broken model)
   * @param auxFeedsMain whether the main logits add aux1's
   */
  public HeadsNet(Block aux1, Block aux2, int classes, boolean withHead, boolean auxFeedsMain) {
    super(3, classes, (aux1 == null ? 0 : 1) + (aux2 == null ? 0 : 1));
    this.auxFeedsMain = auxFeedsMain;
    stem = addChildBlock("stem", Layers.conv(4, 3, 1));
    this.aux1 = aux1 == null ? null : addChildBlock("aux1", aux1);
    body = addChildBlock("body", Layers.bnRelu().add(Layers.conv(4, 3, 1)));
    this.aux2 = aux2 == null ? null : addChildBlock("aux2", aux2);
    head =
        withHead
            ? addChildBlock(
                "head",
                Layers.bnRelu().add(Pool.globalAvgPool2dBlock()).add(Layers.linear(classes)))
            : null;
  }

  /** A net with the paper's pool-linear aux heads, either of which may be left out. */
  public static HeadsNet of(boolean aux1, boolean aux2) {
    return new HeadsNet(
        aux1 ? Layers.poolLinearHead(CLASSES) : null,
        aux2 ? Layers.poolLinearHead(CLASSES) : null,
        CLASSES,
        true,
        false);
  }

  public static final int CLASSES = 5;
  public static final Shape INPUT = new Shape(8, 3, 8, 8);

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    NDList x = stem.forward(ps, inputs, training, p);
    NDList a1 = aux1 == null ? null : aux1.forward(ps, x, training, p);
    x = body.forward(ps, x, training, p);
    NDList a2 = aux2 == null ? null : aux2.forward(ps, x, training, p);
    NDList main = head.forward(ps, x, training, p);
    NDList out = new NDList(auxFeedsMain ? main.head().add(a1.head()) : main.head());
    if (a1 != null) {
      out.add(a1.head());
    }
    if (a2 != null) {
      out.add(a2.head());
    }
    return out;
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType t, Shape... inputShapes) {
    stem.initialize(m, t, inputShapes);
    Shape[] x = stem.getOutputShapes(inputShapes);
    if (aux1 != null) {
      aux1.initialize(m, t, x);
    }
    body.initialize(m, t, x);
    Shape[] y = body.getOutputShapes(x);
    if (aux2 != null) {
      aux2.initialize(m, t, y);
    }
    head.initialize(m, t, y);
  }
}
