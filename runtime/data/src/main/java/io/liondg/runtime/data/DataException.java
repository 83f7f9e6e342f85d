package io.liondg.runtime.data;

/**
 * Bad input data: a missing folder or file, a file of the wrong size, a truncated record, a label
 * out of range, a wrong IDX magic number, a count mismatch, an unknown dataset name.
 *
 * <p>The message is one line that names the file and says what was expected, because the CLI prints
 * {@link #getMessage()} as is, without a stack trace: the user must be able to act on it alone. The
 * cause, if any, is kept for debugging.
 */
public final class DataException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message one line: the file, what was wrong, what was expected
   */
  public DataException(String message) {
    super(message);
  }

  /**
   * @param message one line: the file, what was wrong, what was expected
   * @param cause the underlying I/O error
   */
  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
