package io.liondg.runtime.experiment;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.liondg.runtime.results.ResultJson;
import io.liondg.runtime.results.RunResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The append-only results of a grid: {@code DIR/results.jsonl}, one {@link RunResult} per line.
 *
 * <p>Crash safety: each append writes one whole line and forces it to disk before returning, so
 * killing any writer at any moment (even {@code kill -9}) loses at most the runs that had not
 * finished yet. What a killed writer can leave behind is a torn, unterminated last line; readers
 * ignore it and the next append removes it first, so the file stays valid JSONL.
 *
 * <p>Concurrency: appends from threads of one JVM and from separate processes (parallel cells,
 * Slurm array tasks) never interleave. Across processes an exclusive {@link FileChannel#lock() file
 * lock} guards each append and a shared one each read; within one JVM a read-write lock per file
 * does the same job, because Java file locks belong to the whole JVM and would throw {@link
 * java.nio.channels.OverlappingFileLockException} if two of its threads asked at once. (On a
 * cluster the folder must be on a file system with working POSIX locks, as NFSv4 and Lustre have.)
 */
public final class ResultsStore {

  /** The file name inside a results folder. */
  public static final String FILE_NAME = "results.jsonl";

  /** Lines are scanned backwards in blocks of this size when looking for a torn tail. */
  private static final int SCAN_BLOCK = 64 * 1024;

  private static final ConcurrentHashMap<Path, ReadWriteLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final ReadWriteLock jvmLock;

  private ResultsStore(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.jvmLock = JVM_LOCKS.computeIfAbsent(this.file, f -> new ReentrantReadWriteLock());
  }

  /**
   * @param dir a results folder (created on the first append)
   * @return the store of {@code dir/results.jsonl}
   */
  public static ResultsStore inDirectory(Path dir) {
    return new ResultsStore(Objects.requireNonNull(dir, "dir").resolve(FILE_NAME));
  }

  /**
   * For {@code lion-dg train --out FILE} in append mode, which names the file itself.
   *
   * @param file a JSONL results file (created on the first append)
   * @return its store
   */
  public static ResultsStore atFile(Path file) {
    return new ResultsStore(Objects.requireNonNull(file, "file"));
  }

  /**
   * @return the results file
   */
  public Path file() {
    return file;
  }

  /**
   * Appends one result as one line and forces it to disk.
   *
   * @param result a finished run
   * @throws IOException if the file cannot be written
   */
  public void append(RunResult result) throws IOException {
    append(result, false);
  }

  /**
   * Appends one result unless the file already holds a run of the same cell (same {@link
   * Cell#key()}: dataset, arch, init, seed and settings), checked and written under one exclusive
   * lock, so two writers racing on the same cell (a requeued Slurm task and a local rerun, say)
   * store it once.
   *
   * @param result a finished run
   * @return whether it was appended; false if its cell was already there
   * @throws IOException if the file cannot be read or written
   */
  public boolean appendIfAbsent(RunResult result) throws IOException {
    return append(result, true);
  }

  @SuppressWarnings("try") // the lock is held for the block, never used by name
  private boolean append(RunResult result, boolean ifAbsent) throws IOException {
    byte[] line = (ResultJson.toLine(result) + "\n").getBytes(UTF_8);
    String key = ifAbsent ? Cell.of(result).key() : null;
    Path dir = file.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    jvmLock.writeLock().lock();
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      boolean created = channel.size() == 0;
      try (FileLock ignored = lock(channel, false)) {
        long end = repairTail(channel);
        if (key != null && end > 0) {
          ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(end));
          readFully(channel, all, 0);
          for (RunResult stored : parse(all.array()).results()) {
            if (Cell.of(stored).key().equals(key)) {
              return false;
            }
          }
        }
        writeFully(channel, ByteBuffer.wrap(line), end);
        // force(true): the new length is metadata, and a line whose length is lost is lost.
        channel.force(true);
      }
      if (created) {
        syncDirectory(dir);
      }
      return true;
    } finally {
      jvmLock.writeLock().unlock();
    }
  }

  /**
   * Takes the file lock. The JVM-wide lock above already serializes this JVM's callers that name
   * the file by the same path; one that reaches it by another path (a symbolic link) would get
   * {@link OverlappingFileLockException} instead of waiting, so it waits here.
   */
  private static FileLock lock(FileChannel channel, boolean shared) throws IOException {
    while (true) {
      try {
        return channel.lock(0, Long.MAX_VALUE, shared);
      } catch (OverlappingFileLockException e) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for " + channel);
        }
      }
    }
  }

  /**
   * Makes the file end at a line boundary and returns where the next line goes. A torn last line (a
   * writer killed halfway) is cut off; a last line that is a complete result and only lacks its
   * newline gets the newline, so no finished run is thrown away.
   */
  private static long repairTail(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size == 0 || byteAt(channel, size - 1) == '\n') {
      return size;
    }
    long tailStart = lastNewline(channel, size) + 1;
    ByteBuffer tail = ByteBuffer.allocate(Math.toIntExact(size - tailStart));
    readFully(channel, tail, tailStart);
    if (parses(new String(tail.array(), UTF_8))) {
      writeFully(channel, ByteBuffer.wrap(new byte[] {'\n'}), size);
      return size + 1;
    }
    channel.truncate(tailStart);
    return tailStart;
  }

  /**
   * @return the position of the last {@code '\n'} before {@code end}, or -1
   */
  private static long lastNewline(FileChannel channel, long end) throws IOException {
    long blockEnd = end;
    while (blockEnd > 0) {
      long blockStart = Math.max(0, blockEnd - SCAN_BLOCK);
      ByteBuffer block = ByteBuffer.allocate((int) (blockEnd - blockStart));
      readFully(channel, block, blockStart);
      for (int i = block.capacity() - 1; i >= 0; i--) {
        if (block.get(i) == '\n') {
          return blockStart + i;
        }
      }
      blockEnd = blockStart;
    }
    return -1;
  }

  private static byte byteAt(FileChannel channel, long position) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    readFully(channel, one, position);
    return one.get(0);
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException("results file shrank while being read: " + position);
      }
      at += n;
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }

  /** Makes a newly created file's directory entry durable too; best effort (Linux only). */
  private static void syncDirectory(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | RuntimeException e) {
      // Not every platform can open a directory; the data itself is already forced.
    }
  }

  private static boolean parses(String line) {
    try {
      toResult(line.strip());
      return true;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * @param line one stripped line
   * @return the result it holds
   * @throws JsonProcessingException if it is not complete JSON
   * @throws IllegalArgumentException if it is JSON but lacks what identifies a run
   */
  private static RunResult toResult(String line) throws JsonProcessingException {
    RunResult result = ResultJson.fromLine(line);
    // Jackson fills missing record components with null, so "{}" would pass as a result.
    if (result == null
        || result.dataset() == null
        || result.arch() == null
        || result.init() == null
        || result.config() == null) {
      throw new IllegalArgumentException("lacks dataset, arch, init or config");
    }
    return result;
  }

  /**
   * Reads every complete result. A torn last line is skipped (and reported in {@link
   * Snapshot#problems()}), never an error; so is a complete line that is not a result.
   *
   * @return the results in file order; empty if the file does not exist
   * @throws IOException if the file exists but cannot be read
   */
  @SuppressWarnings("try") // the lock is held for the block, never used by name
  public Snapshot read() throws IOException {
    byte[] bytes;
    jvmLock.readLock().lock();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        FileLock ignored = lock(channel, true)) {
      ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(channel.size()));
      readFully(channel, all, 0);
      bytes = all.array();
    } catch (NoSuchFileException e) {
      return new Snapshot(List.of(), List.of());
    } finally {
      jvmLock.readLock().unlock();
    }
    return parse(bytes);
  }

  private static Snapshot parse(byte[] bytes) {
    List<RunResult> results = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int start = 0;
    int lineNo = 0;
    while (start < bytes.length) {
      int newline = indexOf(bytes, (byte) '\n', start);
      boolean terminated = newline >= 0;
      int end = terminated ? newline : bytes.length;
      String line = new String(bytes, start, end - start, UTF_8).strip();
      lineNo++;
      if (!line.isEmpty()) {
        try {
          results.add(toResult(line));
        } catch (JsonProcessingException | IllegalArgumentException e) {
          String why =
              e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
          problems.add(
              terminated
                  ? "line " + lineNo + " is not a run result, skipped (" + firstLine(why) + ")"
                  : "line " + lineNo + " is torn (a writer stopped halfway), ignored");
        }
      }
      start = end + 1;
    }
    return new Snapshot(results, problems);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unreadable";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * @return every complete result, in file order
   * @throws IOException if the file exists but cannot be read
   */
  public List<RunResult> readAll() throws IOException {
    return read().results();
  }

  /**
   * The keys ({@link Cell#key()}) of the runs already stored, for resuming a grid. A run that
   * diverged counts as finished: it is a result, and rerunning the same seed would repeat it.
   *
   * @return the finished cells' keys
   * @throws IOException if the file exists but cannot be read
   */
  public Set<String> finishedKeys() throws IOException {
    Set<String> keys = new LinkedHashSet<>();
    for (RunResult result : readAll()) {
      keys.add(Cell.of(result).key());
    }
    return keys;
  }

  /**
   * What a read found.
   *
   * @param results the complete results, in file order
   * @param problems one line per skipped line (a torn tail, a line that is not a result)
   */
  public record Snapshot(List<RunResult> results, List<String> problems) {
    public Snapshot {
      results = List.copyOf(results);
      problems = List.copyOf(problems);
    }
  }
}
