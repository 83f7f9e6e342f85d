package io.liondg.runtime.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/**
 * Edits initialized parameters (and gradients) in place. DJL's {@code Parameter.setArray} throws
 * once a parameter is initialized, and PyTorch refuses in-place ops on a leaf that requires
 * gradients, so we edit through a detached view that shares the storage.
 */
public final class InPlace {

  private InPlace() {}

  /** Multiplies the parameter's values by {@code factor}. */
  public static void scale(Parameter p, double factor) {
    try (NDArray view = p.getArray().stopGradient()) {
      view.muli(factor);
    }
  }

  /** Sets every value of the parameter to 0. */
  public static void zero(Parameter p) {
    scale(p, 0.0);
  }

  /** Overwrites the parameter's values with {@code values} (same shape). */
  public static void assign(Parameter p, NDArray values) {
    try (NDArray view = p.getArray().stopGradient()) {
      overwrite(view, values);
    }
  }

  /**
   * Overwrites {@code target}'s values with {@code values} (same shape), in its own storage, so
   * every handle on that storage sees them (e.g. a handle from {@code getGradient()}). Exact where
   * {@code target} is finite ({@code 0 * x + v == v}); where it holds a NaN or an infinity, the
   * result there is NaN.
   *
   * @param target an array that requires no gradient (a detached view, a gradient)
   * @param values the new values
   */
  public static void overwrite(NDArray target, NDArray values) {
    target.muli(0).addi(values);
  }

  /**
   * @return the standard deviation of the parameter's values
   */
  public static double std(Parameter p) {
    float[] v = p.getArray().toFloatArray();
    double mean = 0;
    for (float x : v) {
      mean += x;
    }
    mean /= v.length;
    double sq = 0;
    for (float x : v) {
      sq += (x - mean) * (x - mean);
    }
    return Math.sqrt(sq / v.length);
  }
}
