package io.liondg.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Counts a head's correct top-1 predictions: the accuracy behind convergence and val acc. */
public final class CorrectPredictions {

  private CorrectPredictions() {}

  /**
   * @param logits one head's logits, shape (batch, classes)
   * @param labels sparse class labels, shape (batch)
   * @return how many rows of {@code logits} have their argmax at the label
   */
  public static long count(NDArray logits, NDArray labels) {
    try (NDArray pred = logits.argMax(1);
        NDArray same = pred.toType(labels.getDataType(), false).eq(labels);
        NDArray count = same.sum();
        NDArray asLong = count.toType(DataType.INT64, false)) {
      return asLong.getLong();
    }
  }
}
