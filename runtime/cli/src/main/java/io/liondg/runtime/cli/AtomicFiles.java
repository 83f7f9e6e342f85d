package io.liondg.runtime.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Result files are written whole or not at all: the text goes to a temporary file in the target's
 * folder, is forced to disk, and is then renamed onto the target in one step. A run that fails or
 * is killed leaves the target as it was (absent, or the previous result).
 *
 * <p>Files get the usual mode, {@code 0666} less the umask ({@code 0644} under the common {@code
 * 022}), like any file a program creates: {@link Files#createTempFile} alone would give {@code
 * 0600}, which the rename keeps.
 */
final class AtomicFiles {

  /** Mode bits asked for on creation; the kernel takes the umask off. */
  private static final Set<PosixFilePermission> USUAL =
      PosixFilePermissions.fromString("rw-rw-rw-");

  /** Temporary files being written now, removed if the process quits at once. */
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  private AtomicFiles() {}

  /**
   * Checks, before any work, that {@code target} can later be written: it is not a folder, and its
   * folder exists or can be created (it is created now).
   *
   * @param target the result file
   * @param flag the flag that named it, for the message
   * @throws UserException with one line if it cannot be
   */
  static void prepare(Path target, String flag) {
    Path abs = target.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) {
      throw new UserException(
          flag
              + " "
              + target
              + " is a folder; expected a file name, e.g. "
              + target.resolve("result.json"));
    }
    Path dir = abs.getParent();
    try {
      if (dir != null) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new UserException(
          flag
              + " "
              + target
              + ": cannot create its folder "
              + dir
              + " ("
              + Errors.describe(e)
              + "); expected a writable location",
          e);
    }
    if (dir != null && !Files.isWritable(dir)) {
      throw new UserException(
          flag
              + " "
              + target
              + ": the folder "
              + dir
              + " is not writable;"
              + " expected a writable location");
    }
  }

  /**
   * Writes {@code text} to {@code target} atomically, replacing what is there.
   *
   * @param target the file
   * @param text its whole content
   * @throws IOException if it cannot be written (the target is then untouched)
   */
  static void write(Path target, String text) throws IOException {
    write(target, text, true);
  }

  /**
   * Writes {@code text} to {@code target} atomically.
   *
   * @param target the file
   * @param text its whole content
   * @param replace whether an existing target is replaced; if not, and one appeared since the
   *     caller looked, {@link FileAlreadyExistsException} is thrown and it is left as it is
   * @throws IOException if it cannot be written (the target is then untouched)
   */
  static void write(Path target, String text, boolean replace) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = createTemp(dir, "." + abs.getFileName() + ".", ".tmp");
    PENDING.add(tmp);
    try {
      Files.writeString(tmp, text, UTF_8);
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      if (replace) {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        moveIfAbsent(tmp, abs);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    } finally {
      PENDING.remove(tmp);
    }
  }

  /**
   * Renames {@code tmp} to {@code target} unless the target exists, in one step: a hard link fails
   * if the name is taken ({@code rename} would replace it). Where the file system has no hard
   * links, checks and renames (a small window for a file that appears between the two).
   */
  private static void moveIfAbsent(Path tmp, Path target) throws IOException {
    try {
      Files.createLink(target, tmp);
      Files.delete(tmp);
      return;
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(target.toString());
    } catch (UnsupportedOperationException | FileSystemException e) {
      // No hard links here (FAT, some network file systems): check, then rename.
    }
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Creates an empty temporary file with the usual mode (0666 less the umask), not {@link
   * Files#createTempFile}'s 0600.
   *
   * @param dir its folder
   * @param prefix the start of its name
   * @param suffix the end of its name
   * @return the new file
   * @throws IOException if it cannot be created
   */
  static Path createTemp(Path dir, String prefix, String suffix) throws IOException {
    FileAttribute<?>[] mode =
        dir.getFileSystem().supportedFileAttributeViews().contains("posix")
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(USUAL)}
            : new FileAttribute<?>[0];
    return Files.createTempFile(dir, prefix, suffix, mode);
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
