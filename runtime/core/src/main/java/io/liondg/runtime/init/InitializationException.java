package io.liondg.runtime.init;

/**
 * An initialization strategy cannot give a finite, meaningful initialization for this model and
 * input: a calibration batch with NaN, infinite or constant values, a layer whose output variance
 * cannot be brought to 1, an aux head whose output cannot be zeroed, or parameters that came out
 * non-finite. The message is one line naming what was wrong. The strategy throws instead of
 * returning a half-done initialization; checks that need the parameters run after they exist, so
 * build a fresh model to try again.
 */
public final class InitializationException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message one line: what was wrong, and what is expected
   */
  public InitializationException(String message) {
    super(message);
  }
}
