package io.liondg.runtime.train;

/**
 * A model that does not keep lion-dg's contract: its constructor fails for the data's channels and
 * classes, or its forward pass does not return {@code [main, aux_1, ..., aux_k]} logits of shape
 * (batch, classes) matching its role tree. The message is one line naming what was returned and
 * what was expected.
 */
public final class ModelContractException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message one line: what the model did; what was expected
   */
  public ModelContractException(String message) {
    super(message);
  }

  /**
   * @param message one line: what the model did; what was expected
   * @param cause the underlying error
   */
  public ModelContractException(String message, Throwable cause) {
    super(message, cause);
  }
}
