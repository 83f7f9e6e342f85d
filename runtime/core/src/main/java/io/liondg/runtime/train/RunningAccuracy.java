package io.liondg.runtime.train;

/**
 * Mean main-head training accuracy over the last {@code window} batches: the paper's convergence
 * measure. The target counts as reached only once the window is full, so the earliest possible
 * "steps to target" is the window length (no early lucky batch counts).
 */
public final class RunningAccuracy {

  private final double[] ring;
  private int count;
  private double sum;

  /**
   * @param window batches in the mean (50 in the paper's protocol)
   */
  public RunningAccuracy(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1 batch, got " + window);
    }
    ring = new double[window];
  }

  /**
   * @param accuracy one batch's accuracy, 0..1
   */
  public void add(double accuracy) {
    int slot = count % ring.length;
    if (count >= ring.length) {
      sum -= ring[slot];
    }
    ring[slot] = accuracy;
    sum += accuracy;
    count++;
  }

  /**
   * @return the mean over the batches in the window (0 before the first batch)
   */
  public double mean() {
    return count == 0 ? 0 : sum / Math.min(count, ring.length);
  }

  /**
   * @return whether {@code window} batches have been seen
   */
  public boolean full() {
    return count >= ring.length;
  }
}
