package io.liondg.runtime.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/**
 * One batch of normalized images and their labels, in reusable buffers.
 *
 * <p>{@link BatchSampler} and {@link EvalBatches} refill the same {@code ImageBatch} on every call,
 * so a training step allocates no Java arrays; the contents are valid until the next call. The
 * NDArrays made by {@link #features(NDManager)} and {@link #labels(NDManager)} are copies and stay
 * valid after that. Not thread-safe. (For DJL's own training loop, with DJL's {@code
 * ai.djl.training.dataset.Batch}, see {@link ImageSetDataset}.)
 */
public final class ImageBatch {

  private final int channels;
  private final int height;
  private final int width;
  private final float[] features;
  private final int[] labels;
  private int size;
  // Direct buffers for the hand-over to a GPU, made on first use and reused (see features).
  private ByteBuffer featureBuffer;
  private ByteBuffer labelBuffer;
  // Whether CPU arrays can be filled in place; null until probed.
  private Boolean inPlace;

  /**
   * @param capacity the largest number of images
   * @param channels channels per image
   * @param height image height
   * @param width image width
   */
  public ImageBatch(int capacity, int channels, int height, int width) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + capacity);
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.features = new float[Math.multiplyExact(capacity, channels * height * width)];
    this.labels = new int[capacity];
  }

  /**
   * @return the number of images in this batch (the last test batch may be short)
   */
  public int size() {
    return size;
  }

  /**
   * @return the largest number of images
   */
  public int capacity() {
    return labels.length;
  }

  /**
   * @return the NCHW shape of the features: {@code (size, channels, height, width)}
   */
  public Shape shape() {
    return new Shape(size, channels, height, width);
  }

  /**
   * The normalized pixels in NCHW order; only the first {@code size() * C * H * W} values belong to
   * this batch. This is the live buffer, not a copy.
   *
   * @return the feature buffer
   */
  public float[] features() {
    return features;
  }

  /**
   * The labels; only the first {@link #size()} belong to this batch. This is the live buffer.
   *
   * @return the label buffer
   */
  public int[] labels() {
    return labels;
  }

  /**
   * The features as a float32 NDArray of shape {@link #shape()} on the manager's device.
   *
   * <p>On the CPU the values are written straight into the memory of a new, uninitialized PyTorch
   * tensor (through the direct view {@link NativeView} gives of it on DJL 0.32): one copy, no
   * Java-side allocation. Why not {@code manager.create(float[], shape)}: DJL then allocates a
   * fresh direct {@code ByteBuffer} per call that PyTorch keeps as the tensor's memory; direct
   * buffers are freed only by the garbage collector, so at 1.5 MB per step the JVM stalls in {@code
   * System.gc()} for direct memory and the resident size grows (measured here: 0.3 to 4 ms per
   * batch). Cloning a reused buffer on the engine side was fast when idle but, being
   * multi-threaded, took several ms on a busy CPU. On a GPU, and on DJL 0.25 (no view), the values
   * go through one reused direct buffer that the engine copies.
   *
   * @param manager owns the new array (close it, or a per-step sub-manager, to free it)
   * @return the features, independent of this batch's buffers
   */
  public NDArray features(NDManager manager) {
    int n = size * channels * height * width;
    if (writesInPlace(manager)) {
      NDArray array = manager.create(shape(), DataType.FLOAT32);
      NativeView.of(array).order(ByteOrder.nativeOrder()).asFloatBuffer().put(features, 0, n);
      return array;
    }
    if (featureBuffer == null) {
      featureBuffer =
          ByteBuffer.allocateDirect(features.length * Float.BYTES).order(ByteOrder.nativeOrder());
    }
    featureBuffer.clear();
    featureBuffer.asFloatBuffer().put(features, 0, n);
    featureBuffer.limit(n * Float.BYTES);
    return owned(manager.create(featureBuffer, shape(), DataType.FLOAT32));
  }

  /**
   * The labels as an int64 NDArray of shape {@code (size)}: the sparse labels that DJL's {@code
   * SoftmaxCrossEntropyLoss} takes by default ({@code sparseLabel = true}). It accepts int32, int64
   * and float32 labels alike; int64 is what PyTorch's gather (behind DJL's {@code pick}) indexes
   * with, so nothing is converted on every step.
   *
   * @param manager owns the new array
   * @return the labels, independent of this batch's buffers
   */
  public NDArray labels(NDManager manager) {
    Shape shape = new Shape(size);
    if (writesInPlace(manager)) {
      NDArray array = manager.create(shape, DataType.INT64);
      putLabels(NativeView.of(array).order(ByteOrder.nativeOrder()).asLongBuffer());
      return array;
    }
    if (labelBuffer == null) {
      labelBuffer =
          ByteBuffer.allocateDirect(labels.length * Long.BYTES).order(ByteOrder.nativeOrder());
    }
    labelBuffer.clear();
    putLabels(labelBuffer.asLongBuffer());
    labelBuffer.limit(size * Long.BYTES);
    return owned(manager.create(labelBuffer, shape, DataType.INT64));
  }

  private void putLabels(LongBuffer values) {
    for (int i = 0; i < size; i++) {
      values.put(labels[i]);
    }
  }

  /**
   * Whether new arrays of this manager can be filled in place: a CPU array whose direct byte buffer
   * is a view of its memory, as PyTorch's is. Probed once per batch object with a one-element
   * array, so an engine or DJL line that returns a copy instead falls back safely.
   */
  private boolean writesInPlace(NDManager manager) {
    if (manager.getDevice().isGpu()) {
      return false;
    }
    if (inPlace == null) {
      try (NDArray probe = manager.create(new Shape(1), DataType.FLOAT32)) {
        ByteBuffer view = NativeView.of(probe);
        if (view != null) {
          view.order(ByteOrder.nativeOrder()).putFloat(0, 42f);
        }
        inPlace = view != null && probe.getFloat() == 42f;
      } catch (UnsupportedOperationException e) {
        inPlace = false;
      }
    }
    return inPlace;
  }

  /** The array still points into our reused buffer on the CPU: give it memory of its own. */
  private static NDArray owned(NDArray wrapping) {
    if (wrapping.getDevice().isGpu()) {
      return wrapping;
    }
    NDArray copy = wrapping.duplicate();
    wrapping.close();
    return copy;
  }

  /**
   * @param manager owns the new arrays
   * @return {@code [features]}, the input list a DJL block's forward takes
   */
  public NDList data(NDManager manager) {
    return new NDList(features(manager));
  }

  /**
   * Writes image {@code index} of {@code set} into slot {@code slot}, normalized and mirrored as
   * {@link #normalize} does.
   */
  void put(int slot, ImageSet set, int index, boolean flip, float[] scale, float[] offset) {
    normalize(set, index, flip, scale, offset, features, slot * channels * height * width);
    labels[slot] = set.labels()[index];
  }

  /**
   * Writes image {@code index} of {@code set} as {@code C x H x W} floats into {@code out} from
   * {@code dst} on, normalized as {@code x * scale[c] + offset[c]} ({@link
   * Normalization#scales()}), mirrored left-right if {@code flip}. {@link ImageSetDataset} uses it
   * too, so DJL's training loop and ours feed the network the same bits.
   */
  static void normalize(
      ImageSet set, int index, boolean flip, float[] scale, float[] offset, float[] out, int dst) {
    int height = set.height();
    int width = set.width();
    int plane = height * width;
    int sample = set.channels() * plane;
    byte[] px = set.pixels();
    int src = index * sample;
    for (int c = 0; c < set.channels(); c++) {
      float k = scale[c];
      float b = offset[c];
      for (int y = 0; y < height; y++) {
        int row = c * plane + y * width;
        int s = src + row;
        int d = dst + row;
        if (flip) {
          for (int x = 0, m = width - 1; x < width; x++, m--) {
            out[d + x] = (px[s + m] & 0xFF) * k + b;
          }
        } else {
          for (int x = 0; x < width; x++) {
            out[d + x] = (px[s + x] & 0xFF) * k + b;
          }
        }
      }
    }
  }

  /** For tests: take the hand-over path that GPUs and non-PyTorch engines use. */
  void disableInPlace() {
    inPlace = false;
  }

  void setSize(int size) {
    this.size = size;
  }
}
