package io.liondg.runtime.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Result files are written whole or not at all: the text goes to a temporary file in the
 * target's folder, is forced to disk, and is then renamed over the target in one step. A run
 * that fails or is killed leaves the target as it was (absent, or the previous result).
 */
final class AtomicFiles {

  /** Temporary files being written now, removed if the process quits at once. */
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  private AtomicFiles() {}

  /**
   * Checks, before any work, that {@code target} can later be written: it is not a folder,
   * and its folder exists or can be created (it is created now).
   *
   * @param target the result file
   * @param flag the flag that named it, for the message
   * @throws UserException with one line if it cannot be
   */
  static void prepare(Path target, String flag) {
    Path abs = target.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) {
      throw new UserException(flag + " " + target + " is a folder; expected a file name, e.g. "
          + target.resolve("result.json"));
    }
    Path dir = abs.getParent();
    try {
      if (dir != null) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new UserException(flag + " " + target + ": cannot create its folder " + dir + " ("
          + Errors.describe(e) + "); expected a writable location", e);
    }
    if (dir != null && !Files.isWritable(dir)) {
      throw new UserException(flag + " " + target + ": the folder " + dir + " is not writable;"
          + " expected a writable location");
    }
  }

  /**
   * Writes {@code text} to {@code target} atomically.
   *
   * @param target the file
   * @param text its whole content
   * @throws IOException if it cannot be written (the target is then untouched)
   */
  static void write(Path target, String text) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    PENDING.add(tmp);
    try {
      Files.writeString(tmp, text, UTF_8);
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    } finally {
      PENDING.remove(tmp);
    }
  }

  /** Removes the temporary files being written now (the process is about to end). */
  static void deletePending() {
    for (Path tmp : PENDING) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // best effort: the process is going down
      }
    }
  }
}
