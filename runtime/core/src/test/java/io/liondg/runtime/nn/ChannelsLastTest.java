package io.liondg.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import org.junit.jupiter.api.Test;

class ChannelsLastTest {

  @Test
  void keepsShapeAndEveryValueInItsLogicalPlace() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5).toType(DataType.FLOAT32, false);
      NDList out = ChannelsLast.of(new NDList(x, m.create(7f)));
      NDArray y = out.head();
      assertEquals(new Shape(2, 3, 4, 5), y.getShape());
      assertArrayEquals(x.toFloatArray(), y.toFloatArray());
      assertEquals(2, out.size(), "the other inputs are kept");
      assertEquals(7f, out.get(1).getFloat());
      // Element (n=1, c=2, h=3, w=4) read through an op, not through a copy to Java.
      assertEquals(x.get(1, 2, 3, 4).getFloat(), y.get(1, 2, 3, 4).getFloat());
    }
  }

  @Test
  void leavesNonImageInputsAlone() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDList in = new NDList(m.ones(new Shape(4, 10)));
      assertSame(in, ChannelsLast.of(in));
    }
  }

  /** A conv and a batch norm give the same numbers in both layouts. */
  @Test
  void convolutionAndBatchNormComputeTheSameInBothLayouts() {
    try (NDManager m = NDManager.newBaseManager()) {
      Conv2d conv =
          Conv2d.builder()
              .setKernelShape(new Shape(3, 3))
              .optPadding(new Shape(1, 1))
              .setFilters(8)
              .build();
      BatchNorm bn = BatchNorm.builder().build();
      conv.setInitializer(new NormalInitializer(0.1f), Parameter.Type.WEIGHT);
      m.getEngine().setRandomSeed(5);
      Shape in = new Shape(4, 3, 6, 6);
      conv.initialize(m, DataType.FLOAT32, in);
      bn.initialize(m, DataType.FLOAT32, new Shape(4, 8, 6, 6));
      NDArray x = m.randomNormal(in);
      float[] plain = forward(conv, bn, m, new NDList(x));
      float[] channelsLast = forward(conv, bn, m, ChannelsLast.of(new NDList(x)));
      assertEquals(plain.length, channelsLast.length);
      for (int i = 0; i < plain.length; i++) {
        assertTrue(
            Math.abs(plain[i] - channelsLast[i]) < 1e-4,
            "value " + i + ": " + plain[i] + " vs " + channelsLast[i]);
      }
    }
  }

  private static float[] forward(Conv2d conv, BatchNorm bn, NDManager m, NDList x) {
    ParameterStore ps = new ParameterStore(m, false);
    NDArray y = bn.forward(ps, conv.forward(ps, x, true), true).head();
    return y.toFloatArray();
  }
}
