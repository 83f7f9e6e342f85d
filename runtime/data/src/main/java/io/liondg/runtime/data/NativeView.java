package io.liondg.runtime.data;

import ai.djl.ndarray.NDArray;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

/**
 * A writable view of an NDArray's own memory, where the DJL line offers one.
 *
 * <p>DJL 0.32 has {@code NDArray.toByteBuffer(boolean tryDirect)}: with {@code true}, the PyTorch
 * engine returns a direct buffer over the tensor's CPU memory. DJL 0.25 (the {@code cu118} line)
 * lacks the method; its {@code toByteBuffer()} returns a heap copy. The method is looked up once,
 * by handle, so that one compiled jar runs on either line (code calling it directly would fail with
 * {@code NoSuchMethodError} on 0.25); a {@code static final} handle is inlined by the JIT, so the
 * default line pays nothing per call.
 */
final class NativeView {

  /** {@code NDArray.toByteBuffer(boolean)}, or null on a DJL line without it. */
  private static final MethodHandle TO_BYTE_BUFFER = find();

  private NativeView() {}

  /**
   * @param array a dense CPU array
   * @return a direct buffer over the array's memory, or null if this DJL line or engine gives none
   *     (then the array must be filled some other way)
   */
  static ByteBuffer of(NDArray array) {
    if (TO_BYTE_BUFFER == null) {
      return null;
    }
    ByteBuffer view;
    try {
      view = (ByteBuffer) TO_BYTE_BUFFER.invokeExact(array, true);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      // toByteBuffer declares no checked exception; this is unreachable.
      throw new IllegalStateException("NDArray.toByteBuffer(true) failed: " + e, e);
    }
    return view.isDirect() ? view : null;
  }

  private static MethodHandle find() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(
              NDArray.class,
              "toByteBuffer",
              MethodType.methodType(ByteBuffer.class, boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }
}
