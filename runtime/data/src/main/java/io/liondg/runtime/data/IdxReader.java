package io.liondg.runtime.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/), raw or
 * gzip-compressed (recognised by content, not by name).
 *
 * <p>An IDX file is a big-endian header, a magic number whose third byte is the element type
 * ({@code 0x08}, unsigned byte) and fourth the number of dimensions, one 32-bit size per dimension,
 * then the elements in row-major order. Images are {@code idx3}: magic {@value #IMAGES_MAGIC}
 * ({@code 0x00000803}), count, rows, columns; labels are {@code idx1}: magic {@value #LABELS_MAGIC}
 * ({@code 0x00000801}), count. Everything the header promises is checked against what the file
 * holds.
 */
public final class IdxReader {

  /** Magic number of an {@code idx3-ubyte} images file. */
  public static final int IMAGES_MAGIC = 2051;

  /** Magic number of an {@code idx1-ubyte} labels file. */
  public static final int LABELS_MAGIC = 2049;

  private static final int BUFFER = 1 << 16;

  /**
   * The content of an images file.
   *
   * @param count number of images
   * @param rows image height
   * @param cols image width
   * @param pixels {@code count * rows * cols} bytes, image after image, row-major
   */
  public record Images(int count, int rows, int cols, byte[] pixels) {}

  private IdxReader() {}

  /**
   * Reads an images file and its labels file as one split of single-channel images.
   *
   * @param name the split's name, e.g. {@code fashion-mnist/train}
   * @param imagesFile an {@code idx3-ubyte} file, raw or gzipped
   * @param labelsFile an {@code idx1-ubyte} file, raw or gzipped
   * @param classes number of classes; labels must be below it
   * @return the split
   * @throws DataException on a wrong magic number, a wrong size, a truncated file, a label out of
   *     range, or a different number of images and labels
   */
  public static ImageSet read(String name, Path imagesFile, Path labelsFile, int classes) {
    Images images = readImages(imagesFile);
    int[] labels = readLabels(labelsFile, classes);
    if (labels.length != images.count()) {
      throw new DataException(
          labelsFile
              + " has "
              + labels.length
              + " labels but "
              + imagesFile.getFileName()
              + " has "
              + images.count()
              + " images; expected one label per image");
    }
    return new ImageSet(name, 1, images.rows(), images.cols(), classes, images.pixels(), labels);
  }

  /**
   * @param file an {@code idx3-ubyte} file, raw or gzipped
   * @return its images
   * @throws DataException if the file is not a complete IDX images file
   */
  public static Images readImages(Path file) {
    try (Source source = open(file)) {
      DataInputStream in = source.data;
      int magic = readHeaderInt(file, in, "magic number");
      checkMagic(file, magic, IMAGES_MAGIC, "images (idx3-ubyte)");
      int count = readHeaderInt(file, in, "image count");
      int rows = readHeaderInt(file, in, "row count");
      int cols = readHeaderInt(file, in, "column count");
      if (count < 0 || rows <= 0 || cols <= 0) {
        throw new DataException(
            file
                + ": header says "
                + count
                + " images of "
                + rows
                + "x"
                + cols
                + "; expected a non-negative count and positive sizes");
      }
      long payload = (long) count * rows * cols;
      String promise = count + " images of " + rows + "x" + cols;
      checkLength(file, source, 16, payload, promise);
      byte[] pixels = new byte[(int) payload];
      readPayload(file, in, pixels, promise, 16);
      return new Images(count, rows, cols, pixels);
    } catch (IOException e) {
      throw ioError(file, e);
    }
  }

  /**
   * @param file an {@code idx1-ubyte} file, raw or gzipped
   * @param classes number of classes; every label must be below it
   * @return its labels
   * @throws DataException if the file is not a complete IDX labels file or a label is out of range
   */
  public static int[] readLabels(Path file, int classes) {
    try (Source source = open(file)) {
      DataInputStream in = source.data;
      int magic = readHeaderInt(file, in, "magic number");
      checkMagic(file, magic, LABELS_MAGIC, "labels (idx1-ubyte)");
      int count = readHeaderInt(file, in, "label count");
      if (count < 0) {
        throw new DataException(
            file + ": header says " + count + " labels; expected a non-negative count");
      }
      String promise = count + " labels";
      checkLength(file, source, 8, count, promise);
      byte[] bytes = new byte[count];
      readPayload(file, in, bytes, promise, 8);
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = bytes[i] & 0xFF;
        if (labels[i] >= classes) {
          throw new DataException(
              file + ": label " + i + " is " + labels[i] + ", expected 0.." + (classes - 1));
        }
      }
      return labels;
    } catch (IOException e) {
      throw ioError(file, e);
    }
  }

  /** An opened file: the stream to read and, for a raw file, its size. */
  private record Source(DataInputStream data, boolean gzipped, long rawSize)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      data.close();
    }
  }

  private static Source open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new DataException(file + " is missing; expected an IDX file there");
    }
    long size = Files.size(file);
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    raw.mark(2);
    boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
    raw.reset();
    try {
      InputStream in =
          gzipped ? new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER) : raw;
      return new Source(new DataInputStream(in), gzipped, size);
    } catch (IOException e) {
      // A damaged gzip header: close the file before reporting it.
      raw.close();
      throw e;
    }
  }

  private static int readHeaderInt(Path file, DataInputStream in, String what) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new DataException(
          file
              + " is truncated: it ends inside the IDX header (at the "
              + what
              + "); expected a complete IDX file",
          e);
    }
  }

  private static void checkMagic(Path file, int magic, int expected, String kind) {
    if (magic == expected) {
      return;
    }
    String hint =
        magic == LABELS_MAGIC
            ? " (that of a labels file)"
            : magic == IMAGES_MAGIC ? " (that of an images file)" : "";
    throw new DataException(
        file + ": IDX magic number is " + magic + hint + ", expected " + expected + " for " + kind);
  }

  /** For a raw file the size is known up front: no need to allocate for a broken one. */
  private static void checkLength(
      Path file, Source source, int header, long payload, String promise) {
    if (payload > Integer.MAX_VALUE - 16) {
      throw new DataException(
          file + ": header says " + promise + ", too many to hold in memory; is this an IDX file?");
    }
    if (source.gzipped) {
      return;
    }
    long expected = header + payload;
    if (source.rawSize < expected) {
      throw new DataException(
          file
              + " is truncated: "
              + source.rawSize
              + " bytes, expected "
              + expected
              + " ("
              + header
              + "-byte header + "
              + promise
              + ")");
    }
    if (source.rawSize > expected) {
      throw new DataException(
          file
              + " has "
              + source.rawSize
              + " bytes, expected "
              + expected
              + " ("
              + header
              + "-byte header + "
              + promise
              + "); the header and the data disagree");
    }
  }

  private static void readPayload(
      Path file, DataInputStream in, byte[] into, String promise, int header) throws IOException {
    int got;
    try {
      got = in.readNBytes(into, 0, into.length);
    } catch (EOFException e) {
      // GZIPInputStream reports a cut-off member this way.
      throw new DataException(
          file
              + " is truncated: the compressed data ends before the "
              + promise
              + " its header declares",
          e);
    }
    if (got < into.length) {
      throw new DataException(
          file
              + " is truncated: "
              + (header + got)
              + " bytes, expected "
              + (header + into.length)
              + " ("
              + header
              + "-byte header + "
              + promise
              + ")");
    }
    if (in.read() != -1) {
      throw new DataException(
          file
              + " has more data than the "
              + promise
              + " its header declares; expected exactly "
              + (header + into.length)
              + " bytes after decompression");
    }
  }

  private static DataException ioError(Path file, IOException e) {
    if (e instanceof EOFException) {
      return new DataException(
          file + " is truncated: " + e.getMessage() + "; expected a complete IDX file", e);
    }
    return new DataException("cannot read " + file + ": " + e.getMessage(), e);
  }
}
