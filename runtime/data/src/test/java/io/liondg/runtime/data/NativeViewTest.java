package io.liondg.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NativeViewTest {

  /** Whether the DJL line on the class path has {@code NDArray.toByteBuffer(boolean)}. */
  private static boolean lineHasView() {
    return Arrays.stream(NDArray.class.getMethods())
        .anyMatch(m -> m.getName().equals("toByteBuffer") && m.getParameterCount() == 1);
  }

  @Test
  void viewsPyTorchCpuMemoryWhereTheLineCanElseSaysNone() {
    try (NDManager manager = NDManager.newBaseManager();
        NDArray array = manager.zeros(new Shape(3), DataType.FLOAT32)) {
      ByteBuffer view = NativeView.of(array);
      if (!lineHasView()) {
        // DJL 0.25: no view; ImageBatch then hands values over through its own buffer.
        assertNull(view);
        return;
      }
      // The default line must keep its fast path: a view, and writes through it land.
      view.order(ByteOrder.nativeOrder()).asFloatBuffer().put(new float[] {1f, 2f, 3f});
      assertArrayEquals(new float[] {1f, 2f, 3f}, array.toFloatArray());
      assertEquals(12, view.capacity());
    }
  }
}
