package io.liondg.runtime.models;

import static io.liondg.runtime.models.ChildChain.init;
import static io.liondg.runtime.models.ChildChain.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.liondg.annotations.AuxHead;
import io.liondg.annotations.Backbone;
import io.liondg.annotations.ResidualBranch;
import io.liondg.runtime.nn.Layers;
import io.liondg.runtime.nn.Scale;

/**
 * A residual branch with an aux head <em>embedded</em> in it: the design the paper's Theorem 1
 * warns about, kept on purpose to demonstrate it ({@code resnet-ds-embedded}).
 *
 * <p>{@code F(x) = Scale(body(x) + feedback(aux(body(x))))}: the aux head's logits are projected
 * back to the branch's channels and added into the branch, so the aux head lies on the main path.
 * Zeroing its last layer changes the main output and cuts the gradient that would flow through it
 * (a dead zone). Forward returns {@code [F(x), aux logits]}.
 */
@ResidualBranch
public final class EmbeddedAuxBranch extends AbstractBlock {

  @Backbone final Block body;

  // Deliberately embedded: this class exists to show Theorem 1's dead zone
  // (resnet-ds-embedded); a real model would make the head a side tap.
  @SuppressWarnings("lion:aux-on-residual-path")
  @AuxHead
  final Block aux;

  @Backbone final Block feedback;
  @Backbone final Block scale;

  /**
   * @param channels the branch's channels
   * @param classes number of classes of the aux head
   */
  public EmbeddedAuxBranch(int channels, int classes) {
    super((byte) 1);
    body = addChildBlock("body", ResidualBlock.bodyOf(channels, 1));
    aux = addChildBlock("aux", Layers.poolLinearHead(classes));
    feedback = addChildBlock("feedback", Layers.linear(channels));
    scale = addChildBlock("scale", new Scale());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList x, boolean training, PairList<String, Object> p) {
    NDArray f = run(body, ps, x, training, p).head();
    NDArray logits = run(aux, ps, new NDList(f), training, p).head();
    NDArray back = run(feedback, ps, new NDList(logits), training, p).head();
    NDArray mixed = f.add(back.reshape(back.getShape().get(0), back.getShape().get(1), 1, 1));
    return new NDList(run(scale, ps, new NDList(mixed), training, p).head(), logits);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape f = body.getOutputShapes(inputShapes)[0];
    return new Shape[] {f, aux.getOutputShapes(new Shape[] {f})[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType t, Shape... inputShapes) {
    Shape[] f = init(body, m, t, inputShapes);
    Shape[] logits = init(aux, m, t, f);
    init(feedback, m, t, logits);
    init(scale, m, t, f);
  }
}
