package io.liondg.runtime.train;

import java.util.Arrays;

/**
 * One gradient-awakening measurement (the paper's Section 4 and Proposition 2), taken after a
 * step's backward pass and before its update.
 *
 * @param step the step: updates done before it (the first sample is step 0)
 * @param auxGradRatio ||gradient of the weighted aux losses on the backbone|| / ||gradient of the
 *     main loss on the backbone||, over every backbone parameter; exactly 0.0 when the aux gradient
 *     is exactly 0 (LION-DG's zeroed aux heads at step 0)
 * @param auxWeightNorms the L2 norm of each aux head's weights, in role-tree order (empty without
 *     aux heads)
 */
public record AwakeningSample(int step, double auxGradRatio, double[] auxWeightNorms) {

  /** Keeps its own copy of the norms, so the sample cannot change afterwards. */
  public AwakeningSample {
    auxWeightNorms = auxWeightNorms.clone();
  }

  /**
   * @return a copy of the aux heads' weight norms
   */
  @Override
  public double[] auxWeightNorms() {
    return auxWeightNorms.clone();
  }

  /** Equal when step, ratio and every norm are equal (arrays compared by content). */
  @Override
  public boolean equals(Object o) {
    return o instanceof AwakeningSample s
        && step == s.step
        && Double.compare(auxGradRatio, s.auxGradRatio) == 0
        && Arrays.equals(auxWeightNorms, s.auxWeightNorms);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * step + Double.hashCode(auxGradRatio)) + Arrays.hashCode(auxWeightNorms);
  }

  @Override
  public String toString() {
    return "AwakeningSample[step="
        + step
        + ", auxGradRatio="
        + auxGradRatio
        + ", auxWeightNorms="
        + Arrays.toString(auxWeightNorms)
        + "]";
  }
}
