package io.liondg.runtime.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.liondg.runtime.roles.RoleTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A layer LSUV planned to observe but that the forward pass never runs through its block. */
class LsuvObservationTest {

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** Registers its linear layer in a SequentialBlock, but calls the layer directly. */
  private static final class Bypass extends AbstractBlock {
    final Linear linear = Linear.builder().setUnits(8).build();
    final SequentialBlock seq;

    Bypass() {
      super((byte) 1);
      seq = addChildBlock("seq", new SequentialBlock().add(linear));
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
      return linear.forward(ps, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return linear.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType t, Shape... inputShapes) {
      seq.initialize(m, t, inputShapes);
    }
  }

  @Test
  void aLayerTheForwardPassCallsAroundItsBlockIsRefusedNamingIt() {
    Bypass model = new Bypass();
    RoleTree tree = RoleTree.builder().mainHead("seq", model.seq).build();
    InitializationException e =
        assertThrows(
            InitializationException.class,
            () ->
                Initialization.apply(
                    model,
                    tree,
                    Strategy.LSUV,
                    new InitOptions(
                        manager, new Shape(4, 6), manager.randomNormal(new Shape(32, 6)), 1)));
    assertEquals(
        "LSUV saw no output of layer 'seq/01Linear' (Linear) in a forward pass of the"
            + " model: the model calls it other than through the SequentialBlock or Probe that holds"
            + " it, or not at all; call it through that block, or wrap it with"
            + " io.liondg.runtime.nn.Probe.of and call the probe",
        e.getMessage());
    assertSame(model.linear, model.seq.getChildren().get(0).getValue(), "restored");
    assertEquals("01Linear", model.seq.getChildren().get(0).getKey());
  }
}
