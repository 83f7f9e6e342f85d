package io.liondg.runtime.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads the "binary version" of CIFAR-10 and CIFAR-100
 * (https://www.cs.toronto.edu/~kriz/cifar.html).
 *
 * <p>Each file is a sequence of fixed-size records: the label byte(s), then 3072 pixel bytes, the
 * 1024 red, then green, then blue values of a 32x32 image, row by row. That is C x H x W order, so
 * pixels are copied as they are. CIFAR-10 has one label byte (0..9); CIFAR-100 has two, the coarse
 * (0..19) then the fine label (0..99); we train on the fine one.
 *
 * <p>The data may be given as the extracted folder ({@code cifar-10-batches-bin/} or {@code
 * cifar-100-binary/}), as a folder that contains it, or as the downloaded archive ({@code
 * cifar-10-binary.tar.gz}, {@code cifar-100-binary.tar.gz}), itself or in the folder. The archive
 * is streamed through Commons Compress: no temporary files, no extraction step.
 */
public final class CifarReader {

  private static final int SIDE = 32;
  private static final int PIXELS = 3 * SIDE * SIDE;
  private static final int BUFFER = 1 << 20;
  private static final String HOME = "https://www.cs.toronto.edu/~kriz/cifar.html";

  /** The two CIFAR datasets: where their files are and how their records look. */
  public enum Variant {
    /** CIFAR-10: 50,000 + 10,000 images, 10 classes. */
    CIFAR10(
        Datasets.CIFAR10,
        "CIFAR-10",
        "cifar-10-batches-bin",
        "cifar-10-binary.tar.gz",
        List.of(
            "data_batch_1.bin",
            "data_batch_2.bin",
            "data_batch_3.bin",
            "data_batch_4.bin",
            "data_batch_5.bin"),
        List.of("test_batch.bin"),
        1,
        10,
        Normalization.CIFAR10),
    /** CIFAR-100: 50,000 + 10,000 images, 100 fine classes (20 coarse ones, unused). */
    CIFAR100(
        Datasets.CIFAR100,
        "CIFAR-100",
        "cifar-100-binary",
        "cifar-100-binary.tar.gz",
        List.of("train.bin"),
        List.of("test.bin"),
        2,
        100,
        Normalization.CIFAR100);

    private final String id;
    private final String title;
    private final String folder;
    private final String archive;
    private final List<String> trainFiles;
    private final List<String> testFiles;
    private final int labelBytes;
    private final int classes;
    private final Normalization normalization;

    Variant(
        String id,
        String title,
        String folder,
        String archive,
        List<String> trainFiles,
        List<String> testFiles,
        int labelBytes,
        int classes,
        Normalization normalization) {
      this.id = id;
      this.title = title;
      this.folder = folder;
      this.archive = archive;
      this.trainFiles = trainFiles;
      this.testFiles = testFiles;
      this.labelBytes = labelBytes;
      this.classes = classes;
      this.normalization = normalization;
    }

    /**
     * @return the dataset name used everywhere: {@code cifar10} or {@code cifar100}
     */
    public String id() {
      return id;
    }

    /**
     * @return the extracted folder's name, e.g. {@code cifar-10-batches-bin}
     */
    public String folder() {
      return folder;
    }

    /**
     * @return the archive's name, e.g. {@code cifar-10-binary.tar.gz}
     */
    public String archive() {
      return archive;
    }

    /**
     * @return the training files, in the order their records are concatenated
     */
    public List<String> trainFiles() {
      return trainFiles;
    }

    /**
     * @return the test files
     */
    public List<String> testFiles() {
      return testFiles;
    }

    /**
     * @return label bytes per record: 1 for CIFAR-10, 2 for CIFAR-100
     */
    public int labelBytes() {
      return labelBytes;
    }

    /**
     * @return bytes per record: label bytes + 3072 pixel bytes
     */
    public int recordSize() {
      return labelBytes + PIXELS;
    }

    /**
     * @return number of classes of the label we train on
     */
    public int classes() {
      return classes;
    }

    /**
     * @return the published normalization constants
     */
    public Normalization normalization() {
      return normalization;
    }

    private List<String> allFiles() {
      List<String> all = new ArrayList<>(trainFiles);
      all.addAll(testFiles);
      return all;
    }

    private String expectedFiles() {
      String train =
          trainFiles.size() == 1
              ? trainFiles.get(0)
              : trainFiles.get(0) + " .. " + trainFiles.get(trainFiles.size() - 1);
      return train + " and " + String.join(", ", testFiles);
    }

    private String recordText() {
      return recordSize()
          + "-byte records ("
          + (labelBytes == 1 ? "1 label byte" : "2 label bytes, coarse and fine")
          + " + "
          + PIXELS
          + " pixel bytes)";
    }

    /**
     * @return where to get the data, for messages
     */
    String howToGet() {
      String binary = "download " + archive + " (the " + title + " binary version) from " + HOME;
      // CIFAR-10 is also read as image class folders (Datasets): name that form too.
      return this == CIFAR10
          ? binary
              + ", or give CIFAR-10 as image class folders (train/<class>/ and test/<class>/,"
              + " a folder or .tar.gz such as cifar10-images.tar.gz)"
          : binary;
    }
  }

  private CifarReader() {}

  /**
   * Whether {@code path} holds this dataset in one of the accepted forms (the folder itself, a
   * folder containing it or the archive, or the archive). Only names are checked, not contents.
   *
   * @param variant CIFAR-10 or CIFAR-100
   * @param path a folder or archive
   * @return true if {@link #read} will find files to read there
   */
  public static boolean isPresent(Variant variant, Path path) {
    return locate(variant, path) != null;
  }

  /**
   * Reads both splits.
   *
   * @param variant CIFAR-10 or CIFAR-100
   * @param path the extracted folder, a folder containing it or the archive, or the archive
   * @return train and test splits with the published normalization
   * @throws DataException if the files are missing, of the wrong size, truncated, or hold a label
   *     out of range
   */
  public static DataSplits read(Variant variant, Path path) {
    if (!Files.exists(path)) {
      throw new DataException(
          variant.id
              + ": data folder "
              + path
              + " does not exist; expected "
              + variant.folder
              + "/ ("
              + variant.expectedFiles()
              + ") or "
              + variant.archive
              + " there: "
              + variant.howToGet());
    }
    Path source = locate(variant, path);
    if (source == null) {
      throw new DataException(
          variant.id
              + ": no "
              + variant.title
              + " data in "
              + path
              + ": expected the folder "
              + variant.folder
              + "/ ("
              + variant.expectedFiles()
              + ") or the archive "
              + variant.archive
              + ": "
              + variant.howToGet());
    }
    return Files.isDirectory(source) ? readFolder(variant, source) : readArchive(variant, source);
  }

  /**
   * Whether an archive holds the binary version rather than something else (e.g. CIFAR-10 as
   * images): its first entries are looked at, not all of it.
   *
   * @param archive a {@code .tar.gz} or {@code .tar} file
   * @return true if a {@code .bin} entry comes before any {@code train/} or {@code test/} entry;
   *     also true if the file cannot be read, so that {@link #read} reports why
   */
  public static boolean holdsBinaryFiles(Path archive) {
    if (archive.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
      return false;
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
        InputStream unzipped = gunzipIfNeeded(raw);
        TarArchiveInputStream tar = new TarArchiveInputStream(unzipped)) {
      TarArchiveEntry entry;
      for (int i = 0; i < 32 && (entry = tar.getNextEntry()) != null; i++) {
        String name = entry.getName();
        if (name.endsWith(".bin")) {
          return true;
        }
        if (name.matches("(.*/)?(train|test)/.*")) {
          return false;
        }
      }
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return true;
    }
  }

  /** The folder with the .bin files or the archive, or null if neither is there. */
  private static Path locate(Variant variant, Path path) {
    if (Files.isRegularFile(path)) {
      return path;
    }
    if (!Files.isDirectory(path)) {
      return null;
    }
    // The folder itself: recognised by any of its files, so that a missing one is reported
    // by name instead of as "no data".
    for (String file : variant.allFiles()) {
      if (Files.exists(path.resolve(file))) {
        return path;
      }
    }
    Path folder = path.resolve(variant.folder);
    if (Files.isDirectory(folder)) {
      return folder;
    }
    Path archive = path.resolve(variant.archive);
    if (Files.isRegularFile(archive)) {
      return archive;
    }
    return null;
  }

  private static DataSplits readFolder(Variant variant, Path folder) {
    ImageSet train = readFiles(variant, folder, variant.trainFiles, variant.id + "/train");
    ImageSet test = readFiles(variant, folder, variant.testFiles, variant.id + "/test");
    return new DataSplits(variant.id, train, test, variant.normalization, DataSplits.BINARY);
  }

  private static ImageSet readFiles(
      Variant variant, Path folder, List<String> names, String setName) {
    int record = variant.recordSize();
    // Sizes first, so that the arrays are allocated once and filled in place.
    long total = 0;
    long[] counts = new long[names.size()];
    for (int f = 0; f < names.size(); f++) {
      Path file = folder.resolve(names.get(f));
      if (!Files.isRegularFile(file)) {
        throw new DataException(
            variant.id
                + ": missing "
                + names.get(f)
                + " in "
                + folder
                + "; expected "
                + variant.expectedFiles()
                + " there: "
                + variant.howToGet());
      }
      long size = size(file);
      checkSize(variant, file.toString(), size);
      counts[f] = size / record;
      total += counts[f];
    }
    int n = checkedCount(variant, folder.toString(), total);
    byte[] pixels = new byte[n * PIXELS];
    int[] labels = new int[n];
    int at = 0;
    for (int f = 0; f < names.size(); f++) {
      Path file = folder.resolve(names.get(f));
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
        readRecords(variant, in, file.toString(), (int) counts[f], pixels, labels, at);
      } catch (NoSuchFileException e) {
        throw new DataException(variant.id + ": " + file + " disappeared while reading", e);
      } catch (IOException e) {
        throw new DataException(variant.id + ": cannot read " + file + ": " + e.getMessage(), e);
      }
      at += (int) counts[f];
    }
    return new ImageSet(setName, 3, SIDE, SIDE, variant.classes, pixels, labels);
  }

  /** One file's records, read from the archive before the splits are assembled. */
  private record Chunk(byte[] pixels, int[] labels) {}

  private static DataSplits readArchive(Variant variant, Path archive) {
    String archiveName = archive.getFileName().toString();
    Set<String> wanted = new HashSet<>(variant.allFiles());
    Map<String, Chunk> chunks = new HashMap<>();
    String current = null;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
        InputStream unzipped = gunzipIfNeeded(raw);
        TarArchiveInputStream tar = new TarArchiveInputStream(unzipped)) {
      TarArchiveEntry entry;
      while (chunks.size() < wanted.size() && (entry = tar.getNextEntry()) != null) {
        String base = baseName(entry.getName());
        if (!entry.isFile() || !wanted.contains(base) || chunks.containsKey(base)) {
          continue;
        }
        current = entry.getName();
        String where = archiveName + ": " + current;
        checkSize(variant, where, entry.getSize());
        int n = checkedCount(variant, where, entry.getSize() / variant.recordSize());
        byte[] pixels = new byte[n * PIXELS];
        int[] labels = new int[n];
        readRecords(variant, tar, where, n, pixels, labels, 0);
        chunks.put(base, new Chunk(pixels, labels));
        current = null;
      }
    } catch (DataException e) {
      throw e;
    } catch (IOException | IllegalArgumentException e) {
      // Commons Compress reports a cut-off download as an EOF or "truncated" I/O error, and
      // garbage as an IllegalArgumentException from the header parser.
      throw new DataException(
          variant.id
              + ": "
              + archive
              + " is truncated or not a "
              + variant.archive
              + " archive"
              + (current == null ? "" : " (while reading " + current + ")")
              + ": "
              + e.getMessage()
              + "; expected the complete archive: "
              + variant.howToGet(),
          e);
    }
    for (String name : variant.allFiles()) {
      if (!chunks.containsKey(name)) {
        throw new DataException(
            variant.id
                + ": "
                + archive
                + " has no entry "
                + variant.folder
                + "/"
                + name
                + "; expected "
                + variant.expectedFiles()
                + " in "
                + variant.folder
                + "/: "
                + variant.howToGet());
      }
    }
    ImageSet train = concat(variant, chunks, variant.trainFiles, variant.id + "/train");
    ImageSet test = concat(variant, chunks, variant.testFiles, variant.id + "/test");
    return new DataSplits(variant.id, train, test, variant.normalization, DataSplits.BINARY);
  }

  private static ImageSet concat(
      Variant variant, Map<String, Chunk> chunks, List<String> names, String setName) {
    if (names.size() == 1) {
      Chunk only = chunks.remove(names.get(0));
      return new ImageSet(setName, 3, SIDE, SIDE, variant.classes, only.pixels, only.labels);
    }
    long total = 0;
    for (String name : names) {
      total += chunks.get(name).labels.length;
    }
    int n = checkedCount(variant, setName, total);
    byte[] pixels = new byte[n * PIXELS];
    int[] labels = new int[n];
    int at = 0;
    for (String name : names) {
      // Dropped as soon as copied, to keep the peak memory near one copy plus one chunk.
      Chunk chunk = chunks.remove(name);
      System.arraycopy(chunk.pixels, 0, pixels, at * PIXELS, chunk.pixels.length);
      System.arraycopy(chunk.labels, 0, labels, at, chunk.labels.length);
      at += chunk.labels.length;
    }
    return new ImageSet(setName, 3, SIDE, SIDE, variant.classes, pixels, labels);
  }

  /**
   * Reads {@code count} records into {@code pixels}/{@code labels} from index {@code at}.
   *
   * @param where the file's location for messages
   */
  private static void readRecords(
      Variant variant, InputStream in, String where, int count, byte[] pixels, int[] labels, int at)
      throws IOException {
    byte[] label = new byte[variant.labelBytes];
    for (int r = 0; r < count; r++) {
      int got = in.readNBytes(label, 0, label.length);
      if (got == label.length) {
        got += in.readNBytes(pixels, (at + r) * PIXELS, PIXELS);
      }
      if (got != variant.recordSize()) {
        throw new DataException(
            variant.id
                + ": "
                + where
                + " is truncated: record "
                + r
                + " has "
                + got
                + " of "
                + variant.recordSize()
                + " bytes; expected "
                + count
                + " "
                + variant.recordText()
                + ": "
                + variant.howToGet());
      }
      if (variant.labelBytes == 2 && (label[0] & 0xFF) >= 20) {
        throw new DataException(
            variant.id
                + ": "
                + where
                + ": record "
                + r
                + " has coarse label "
                + (label[0] & 0xFF)
                + ", expected 0..19; is this "
                + variant.title
                + " binary data?");
      }
      int value = label[label.length - 1] & 0xFF;
      if (value >= variant.classes) {
        throw new DataException(
            variant.id
                + ": "
                + where
                + ": record "
                + r
                + " has label "
                + value
                + ", expected 0.."
                + (variant.classes - 1)
                + "; is this "
                + variant.title
                + " binary data?");
      }
      labels[at + r] = value;
    }
  }

  private static void checkSize(Variant variant, String where, long size) {
    if (size <= 0 || size % variant.recordSize() != 0) {
      throw new DataException(
          variant.id
              + ": "
              + where
              + " has "
              + size
              + " bytes, not a "
              + "whole number of "
              + variant.recordText()
              + "; the file is truncated or not "
              + variant.title
              + " binary data: "
              + variant.howToGet());
    }
  }

  private static int checkedCount(Variant variant, String where, long records) {
    if (records * PIXELS > Integer.MAX_VALUE - 16) {
      throw new DataException(
          variant.id
              + ": "
              + where
              + " holds "
              + records
              + " images, more than fit in memory as one array; expected at most 50000 per split");
    }
    return (int) records;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new DataException("cannot read the size of " + file + ": " + e.getMessage(), e);
    }
  }

  private static String baseName(String entryName) {
    String name =
        entryName.endsWith("/") ? entryName.substring(0, entryName.length() - 1) : entryName;
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /** Accepts a {@code .tar.gz} and, to be lenient, an uncompressed {@code .tar}. */
  static InputStream gunzipIfNeeded(InputStream buffered) throws IOException {
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      // Concatenated members are valid gzip (pigz, some mirrors); read them all.
      return new BufferedInputStream(new GzipCompressorInputStream(buffered, true), BUFFER);
    }
    return buffered;
  }
}
