package io.liondg.runtime.cli;

/**
 * A failure the user can fix (a file that cannot be written, a model class that is not on the class
 * path, a GPU that is not there): the CLI prints its one-line message as {@code lion-dg: <message>}
 * and exits with status 1, without a stack trace.
 */
final class UserException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message one line: what was wrong; what was expected
   */
  UserException(String message) {
    super(message);
  }

  /**
   * @param message one line: what was wrong; what was expected
   * @param cause the underlying error, shown with {@code --stacktrace}
   */
  UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
