package io.liondg.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where Fashion-MNIST's four IDX files are and what they must hold
 * (https://github.com/zalandoresearch/fashion-mnist): 28x28 grey images, 10 classes, 60,000 for
 * training and 10,000 for testing.
 *
 * <p>Debian's {@code dataset-fashion-mnist} package installs them gzipped in {@value #DEBIAN_DIR}:
 * {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz}, {@code
 * t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz}. The same names without {@code
 * .gz}, and the dotted spelling some mirrors use ({@code train-images.idx3-ubyte}), are accepted
 * too.
 */
public final class FashionMnist {

  /** Where Debian's {@code dataset-fashion-mnist} installs the files. */
  public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";

  /** The dataset's name as used everywhere. */
  public static final String NAME = "fashion-mnist";

  private static final int SIDE = 28;
  private static final int CLASSES = 10;
  private static final List<String> STEMS =
      List.of(
          "train-images-idx3-ubyte",
          "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte",
          "t10k-labels-idx1-ubyte");
  private static final String HOW_TO_GET =
      "install them with `apt-get install "
          + "dataset-fashion-mnist` (into "
          + DEBIAN_DIR
          + ") or download them from "
          + "https://github.com/zalandoresearch/fashion-mnist";

  private FashionMnist() {}

  /**
   * @param dir a folder
   * @return true if all four files are there (names only; contents are checked on reading)
   */
  public static boolean isPresent(Path dir) {
    for (String stem : STEMS) {
      if (find(dir, stem) == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads both splits.
   *
   * @param dir the folder with the four IDX files
   * @return train and test splits, with {@link Normalization#FASHION_MNIST}
   * @throws DataException if a file is missing or not what Fashion-MNIST's files must be
   */
  public static DataSplits read(Path dir) {
    if (Files.isRegularFile(dir)) {
      throw new DataException(
          NAME
              + ": "
              + dir
              + " is a file, not a folder; expected the folder"
              + " that holds "
              + expectedFiles());
    }
    if (!Files.isDirectory(dir)) {
      throw new DataException(
          NAME
              + ": data folder "
              + dir
              + " does not exist; expected "
              + expectedFiles()
              + " there: "
              + HOW_TO_GET);
    }
    ImageSet train = readSplit(dir, "train", NAME + "/train");
    ImageSet test = readSplit(dir, "t10k", NAME + "/test");
    return new DataSplits(NAME, train, test, Normalization.FASHION_MNIST, DataSplits.IDX);
  }

  private static ImageSet readSplit(Path dir, String prefix, String name) {
    Path images = require(dir, prefix + "-images-idx3-ubyte");
    Path labels = require(dir, prefix + "-labels-idx1-ubyte");
    ImageSet set = IdxReader.read(name, images, labels, CLASSES);
    if (set.height() != SIDE || set.width() != SIDE) {
      throw new DataException(
          images
              + ": images are "
              + set.height()
              + "x"
              + set.width()
              + ", expected "
              + SIDE
              + "x"
              + SIDE
              + " for Fashion-MNIST");
    }
    return set;
  }

  private static Path require(Path dir, String stem) {
    Path file = find(dir, stem);
    if (file == null) {
      throw new DataException(
          NAME
              + ": missing "
              + stem
              + "[.gz] in "
              + dir
              + "; expected "
              + expectedFiles()
              + " there: "
              + HOW_TO_GET);
    }
    return file;
  }

  private static String expectedFiles() {
    return String.join(", ", STEMS) + " (raw or .gz)";
  }

  /** The file for a stem: raw or gzipped, dashed or dotted spelling; null if none exists. */
  private static Path find(Path dir, String stem) {
    String dotted = stem.replace("-idx", ".idx");
    for (String candidate : List.of(stem, stem + ".gz", dotted, dotted + ".gz")) {
      Path file = dir.resolve(candidate);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    return null;
  }
}
