package io.liondg.runtime.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the {@code lion-dg} launcher script is, for commands that write scripts calling it. */
final class Launcher {

  /** Set by the launcher to its own absolute path. */
  static final String ENV = "LION_DG_LAUNCHER";

  private Launcher() {}

  /**
   * @return the launcher that started this JVM, else {@code ./lion-dg} if there is one, else
   *     {@code lion-dg} (expected on the PATH)
   */
  static Path path() {
    String fromEnv = System.getenv(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    Path local = Path.of("lion-dg").toAbsolutePath();
    return Files.isRegularFile(local) ? local : Path.of("lion-dg");
  }
}
