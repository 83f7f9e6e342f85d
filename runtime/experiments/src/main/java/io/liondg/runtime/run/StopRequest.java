package io.liondg.runtime.run;

/**
 * A request to stop training at the next step boundary, made by a signal handler (Ctrl-C, SIGTERM)
 * and checked by the training loop, the evaluation loop and {@code lion-dg bench}.
 *
 * <p>Why not simply let the JVM exit on the signal: its shutdown hooks (DJL's among them) free
 * native arrays while the training thread is still inside a PyTorch call, which crashed the process
 * in native code (SIGSEGV in oneDNN during backward, plus an {@code hs_err} file). Stopping between
 * steps, with no native call in flight, exits cleanly.
 */
public final class StopRequest {

  private static volatile Stopped pending;

  private StopRequest() {}

  /**
   * Asks the running loops to stop at their next check.
   *
   * @param why what asked, e.g. {@code "interrupted (SIGINT)"}
   * @param exitStatus the process's exit status once stopped (128 + the signal's number)
   */
  public static void request(String why, int exitStatus) {
    pending = new Stopped(why, exitStatus);
  }

  /**
   * @return whether a stop was requested
   */
  public static boolean isRequested() {
    return pending != null;
  }

  /** Forgets a request (for tests that run several loops in one JVM). */
  public static void clear() {
    pending = null;
  }

  /**
   * @param where where the loop is, e.g. {@code "at step 57 of 300"}
   * @throws Stopped if a stop was requested
   */
  public static void check(String where) {
    check(where, Stopped.NO_RESULT);
  }

  /**
   * @param where where the work is, e.g. {@code "with 2 of 6 cells done"}
   * @param outcome what was kept, for the closing line, e.g. {@code "no result written"}
   * @throws Stopped if a stop was requested
   */
  public static void check(String where, String outcome) {
    Stopped request = pending;
    if (request != null) {
      throw new Stopped(request.why + " " + where, outcome, request.exitStatus);
    }
  }

  /** Thrown by {@link #check} to unwind a loop that was asked to stop. */
  public static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The outcome of a stopped training run or bench. */
    static final String NO_RESULT = "no result written";

    private final String why;
    private final String outcome;
    private final int exitStatus;

    Stopped(String why, int exitStatus) {
      this(why, NO_RESULT, exitStatus);
    }

    Stopped(String why, String outcome, int exitStatus) {
      super(why, null, false, false);
      this.why = why;
      this.outcome = outcome;
      this.exitStatus = exitStatus;
    }

    /**
     * @return what was kept, e.g. {@code "no result written"}
     */
    public String outcome() {
      return outcome;
    }

    /**
     * @return the process's exit status
     */
    public int exitStatus() {
      return exitStatus;
    }
  }
}
