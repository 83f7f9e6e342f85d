package io.liondg.runtime.cli;

import io.liondg.runtime.run.StopRequest;
import java.io.IOException;
import java.io.PrintStream;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP. In {@code train} and {@code bench} the first asks the loop
 * to stop at the next step boundary ({@link StopRequest}) and says so; the main thread then returns
 * and the JVM exits with 128 + the signal's number. A second one quits at once, with the same
 * status. In {@code grid} and {@code demo} the first stops the running cells after their current
 * step and starts no more; a second kills them.
 *
 * <p>Why no {@code System.exit} or {@code Runtime.halt} while PyTorch runs: both end in the C
 * library's {@code exit()}, which runs the C++ static destructors of libtorch and oneDNN on the VM
 * thread while the training thread is still inside a native call (the JVM lets threads in native
 * code run through its shutdown safepoint). That thread then touches freed objects: SIGSEGV in
 * {@code dnnl_primitive_execute}, the JVM's fatal-error banner and an {@code hs_err_pid*.log} (5 of
 * 15 double or triple Ctrl-Cs crashed so with {@code halt}). The JVM's own default for these
 * signals ({@code System.exit} with shutdown hooks) crashed the same way. "Quit at once" therefore
 * calls {@code _exit} (see {@link #quitNow}): the kernel ends every thread at once and no
 * user-space exit code runs, so there is nothing to crash in.
 *
 * <p>A grid's cells run with {@link #CELL_PROPERTY} set: they ignore SIGINT, because a terminal's
 * Ctrl-C reaches the whole foreground process group, the grid included, and the grid stops its
 * cells with SIGTERM; each cell thus gets one signal, not two.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is the JDK's only way to handle a
 * signal without starting the shutdown; it has been stable since Java 1.4.
 */
final class StopSignals {

  /**
   * The system property ({@code -Dlion-dg.grid-cell=true}) that {@link ProcessCellRunner} sets on
   * its cells: leave SIGINT to the grid.
   */
  static final String CELL_PROPERTY = "lion-dg.grid-cell";

  private static final Object LOCK = new Object();

  /** Whether the second signal was acted on (guarded by LOCK). */
  private static boolean quitting;

  /** Whether the run has ended and writes its result: a signal no longer stops anything. */
  private static volatile boolean finishing;

  private StopSignals() {}

  /** The signals handled, with 128 + their number and the words for them. */
  private enum Kind {
    INT(130, "interrupted (SIGINT)"),
    TERM(143, "terminated (SIGTERM)"),
    HUP(129, "hung up (SIGHUP)");

    final int exitStatus;
    final String why;

    Kind(int exitStatus, String why) {
      this.exitStatus = exitStatus;
      this.why = why;
    }
  }

  /**
   * Installs the handlers of a training or bench process.
   *
   * @param err where to say that a stop was requested
   */
  static void install(PrintStream err) {
    reset();
    boolean cell = Boolean.getBoolean(CELL_PROPERTY);
    for (Kind kind : Kind.values()) {
      if (kind == Kind.INT && cell) {
        ignore(kind);
      } else {
        handle(kind, signal -> onTrainingSignal(signal, kind, err));
      }
    }
  }

  /**
   * Installs the handlers of a process that runs cells ({@code grid}, {@code demo}).
   *
   * @param err where to say that a stop was requested
   */
  static void installForCells(PrintStream err) {
    reset();
    for (Kind kind : Kind.values()) {
      handle(kind, signal -> onGridSignal(kind, err));
    }
  }

  /**
   * Says that the run has ended and its result is being written: from now on a signal no longer
   * stops it, so that a second Ctrl-C cannot leave a result half-written (the write takes
   * milliseconds).
   */
  static void finishing() {
    finishing = true;
  }

  private static void onTrainingSignal(Signal signal, Kind kind, PrintStream err) {
    synchronized (LOCK) {
      if (finishing || quitting) {
        return;
      }
      if (!StopRequest.isRequested()) {
        StopRequest.request(kind.why, kind.exitStatus);
        say(
            err,
            kind.why
                + ": stopping after the current step ("
                + (kind == Kind.INT ? "press Ctrl-C again" : "send it again")
                + " to quit at once)");
        return;
      }
      quitting = true;
    }
    say(err, kind.why + " again: quitting at once; no result written");
    quitNow(signal, kind.exitStatus);
  }

  private static void onGridSignal(Kind kind, PrintStream err) {
    synchronized (LOCK) {
      if (quitting) {
        return;
      }
      if (!StopRequest.isRequested()) {
        StopRequest.request(kind.why, kind.exitStatus);
        say(
            err,
            kind.why
                + ": stopping the running cells after their current step and"
                + " starting no more; finished cells stay in the results (press Ctrl-C again to stop"
                + " them at once)");
        ProcessCellRunner.stopCells(false);
        return;
      }
      quitting = true;
    }
    say(err, kind.why + " again: stopping the running cells at once");
    ProcessCellRunner.stopCells(true);
  }

  /**
   * Ends this process now without running any exit code: removes the result files being written,
   * then calls the C library's {@code _exit} (through JNA, which DJL brings), which ends every
   * thread at once with this status and runs no {@code atexit} handler and no C++ static
   * destructor. Should JNA be missing, the signal's default action ends the process (the shell
   * reports the same 128 + its number); {@code halt} is only the last resort.
   */
  private static void quitNow(Signal signal, int exitStatus) {
    AtomicFiles.deletePending();
    try {
      com.sun.jna.Function.getFunction(com.sun.jna.Platform.C_LIBRARY_NAME, "_exit")
          .invokeVoid(new Object[] {exitStatus});
    } catch (Throwable e) {
      // No JNA here: below.
    }
    try {
      Signal.handle(signal, SignalHandler.SIG_DFL);
      // Signal.raise refuses a signal Java does not handle: let kill(1) send it.
      new ProcessBuilder(
              "kill", "-" + signal.getName(), Long.toString(ProcessHandle.current().pid()))
          .start()
          .waitFor();
      Thread.sleep(2000); // the kernel ends the process before this returns
    } catch (IllegalArgumentException | IOException e) {
      // The JVM keeps the signal (-Xrs), or no kill(1): halt below.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(exitStatus);
  }

  private static void say(PrintStream err, String line) {
    err.println(System.lineSeparator() + "lion-dg: " + line);
    err.flush();
  }

  private static void handle(Kind kind, SignalHandler handler) {
    try {
      Signal.handle(new Signal(kind.name()), handler);
    } catch (IllegalArgumentException e) {
      // The JVM keeps this signal (-Xrs, or it is not known here): its default stays.
    }
  }

  private static void ignore(Kind kind) {
    try {
      Signal.handle(new Signal(kind.name()), SignalHandler.SIG_IGN);
    } catch (IllegalArgumentException e) {
      // As above.
    }
  }

  /** Forgets the state of the handlers (for tests that run several commands in one JVM). */
  static void reset() {
    synchronized (LOCK) {
      quitting = false;
      finishing = false;
    }
  }
}
