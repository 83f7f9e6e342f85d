package io.liondg.runtime.cli;

import io.liondg.runtime.train.StopRequest;
import java.io.PrintStream;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM during {@code train} and {@code bench}: the first asks the loop to
 * stop at the next step boundary ({@link StopRequest}) and says so; a second Ctrl-C quits at
 * once. The JVM's default, running its shutdown hooks while a PyTorch call is in flight,
 * crashed the process in native code (see {@link StopRequest}).
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is the JDK's only way to handle a
 * signal without starting the shutdown; it has been stable since Java 1.4.
 */
final class StopSignals {

  private StopSignals() {}

  /**
   * Installs the handlers for this process.
   *
   * @param err where to say that a stop was requested
   */
  static void install(PrintStream err) {
    handle("INT", 130, "interrupted (SIGINT)", err);
    handle("TERM", 143, "terminated (SIGTERM)", err);
  }

  private static void handle(String name, int exitStatus, String why, PrintStream err) {
    Signal.handle(new Signal(name), signal -> {
      if (StopRequest.isRequested()) {
        // Asked twice: quit now, without shutdown hooks, so nothing frees native memory
        // under the running PyTorch call.
        Runtime.getRuntime().halt(exitStatus);
      }
      StopRequest.request(why, exitStatus);
      err.println(System.lineSeparator() + "lion-dg: " + why + ": stopping after the current"
          + " step (press Ctrl-C again to quit at once)");
      err.flush();
    });
  }
}
