package io.liondg.runtime.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A pass-through wrapper around one parametric layer (conv or linear) that can record the layer's
 * output during a forward pass.
 *
 * <p>DJL blocks have no forward hooks ({@code AbstractBaseBlock.forward} is final), yet data-driven
 * initialization (LSUV) needs the output of every layer in forward order. Our models wrap their
 * conv and linear layers with {@code Probe.of(layer)}; outside a {@link #capture()} session a probe
 * costs one extra call per forward. A layer of a user's model that is neither in a {@code
 * SequentialBlock} (which LSUV probes for the duration of the calibration) nor a probe's layer can
 * be made observable by wrapping it here.
 */
public final class Probe extends AbstractBlock {

  private static final ThreadLocal<Session> SESSION = new ThreadLocal<>();

  private final Block layer;

  private Probe(Block layer) {
    super((byte) 1);
    this.layer = addChildBlock("layer", layer);
  }

  /**
   * @param layer a conv or linear layer
   * @return the layer, wrapped
   */
  public static Probe of(Block layer) {
    return new Probe(layer);
  }

  /**
   * @return the wrapped layer
   */
  public Block layer() {
    return layer;
  }

  /**
   * Starts recording the outputs of every probe that runs on this thread, in execution order, until
   * the session is closed.
   *
   * @return the session
   */
  public static Session capture() {
    Session session = new Session();
    SESSION.set(session);
    return session;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList out = layer.forward(store, inputs, training, params);
    Session session = SESSION.get();
    if (session != null) {
      session.outputs.add(new Output(this, out.head()));
      if (session.stopAfter == this) {
        throw Session.STOP;
      }
    }
    return out;
  }

  /**
   * A probe is initialized when its layer is: a probe put around an initialized layer (as LSUV does
   * for the layers of a plain {@code SequentialBlock}) must not make DJL initialize the layer again
   * on the first forward pass, which would reset its recorded input shapes.
   */
  @Override
  public boolean isInitialized() {
    return layer.isInitialized();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return layer.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    layer.initialize(manager, dataType, shapes);
  }

  /**
   * One recorded output.
   *
   * @param probe the probe that recorded it
   * @param output the layer's output (owned by the forward pass's manager)
   */
  public record Output(Probe probe, NDArray output) {}

  /** The outputs recorded on one thread; closing it stops recording. */
  public static final class Session implements AutoCloseable {
    /** Unwinds a forward pass early; preallocated, no stack trace: it is control flow. */
    private static final RuntimeException STOP =
        new RuntimeException("probe stop", null, false, false) {};

    private final List<Output> outputs = new ArrayList<>();
    private Probe stopAfter;

    private Session() {}

    /**
     * @return the outputs so far, in execution order
     */
    public List<Output> outputs() {
      return outputs;
    }

    /**
     * Runs {@code forward} and records the outputs of the probes it passes, abandoning the pass
     * right after {@code last} has recorded (null: run it to the end). Calibration measures one
     * layer at a time, so the layers after it need not run.
     *
     * @param last the last probe whose output is needed, or null
     * @param forward the forward pass
     */
    public void runUntil(Probe last, Runnable forward) {
      stopAfter = last;
      try {
        forward.run();
      } catch (RuntimeException e) {
        if (e != STOP) {
          throw e;
        }
      } finally {
        stopAfter = null;
      }
    }

    /** Forgets the outputs recorded so far (before the next forward pass). */
    public void clear() {
      outputs.clear();
    }

    @Override
    public void close() {
      SESSION.remove();
    }
  }
}
