package io.liondg.runtime.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Puts an image batch into PyTorch's channels-last memory layout (NHWC in memory, still NCHW to
 * every op), so that convolutions, batch norms, ReLUs and concats downstream all run channels-last.
 *
 * <p>Why: with PyTorch's default NCHW layout, oneDNN reorders every convolution's input and output
 * between NCHW and its blocked layout, about 130 ms of a 600 ms DenseNet-DS step at batch 128 on
 * our 2-core CPU; in channels-last it reads and writes the tensors as they are. Measured with
 * {@code lion-dg bench}: 15-25 % less time per step (README, Performance). The layout does not
 * change what is computed, only the order of float sums inside the kernels.
 *
 * <p>DJL has no memory-format API, so the layout is made from ops it does have: a permute to NHWC,
 * a reshape that must copy (to a contiguous NHWC buffer), and the permute back, which is a view
 * with channels-last strides that PyTorch's ops recognise and keep.
 *
 * <p>Only on CPU: on a GPU the input is returned as it is, because we have not measured cuDNN with
 * this layout.
 */
public final class ChannelsLast {

  private ChannelsLast() {}

  /**
   * @param inputs a list whose head is an {@code (N, C, H, W)} image batch
   * @return the list with its head in channels-last layout; unchanged on a GPU or for a head that
   *     is not 4-dimensional
   */
  public static NDList of(NDList inputs) {
    NDArray x = inputs.head();
    Shape s = x.getShape();
    if (s.dimension() != 4 || x.getDevice().isGpu()) {
      return inputs;
    }
    NDArray nhwc =
        x.transpose(0, 2, 3, 1)
            .reshape(s.get(0), -1) // not a view of the permuted tensor: copies, NHWC contiguous
            .reshape(s.get(0), s.get(2), s.get(3), s.get(1));
    NDList out = new NDList(nhwc.transpose(0, 3, 1, 2));
    out.addAll(inputs.subNDList(1));
    return out;
  }
}
