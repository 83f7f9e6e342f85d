package io.liondg.runtime.cli;

import io.liondg.runtime.data.DataException;
import io.liondg.runtime.data.DataSplits;
import io.liondg.runtime.data.Datasets;
import io.liondg.runtime.data.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data the demo runs on, and the line that tells the user which and how to get more.
 *
 * @param dataset the dataset name to train with ({@code cifar10}, {@code fashion-mnist}, {@code
 *     folder}, ...)
 * @param dataDir the folder or archive, or null for the dataset's default
 * @param description one line for the user: which data, and how to get the full sets
 */
record DemoData(String dataset, Path dataDir, String description) {

  /** The Fashion-MNIST subset in the repository, relative to the launcher's folder. */
  static final Path BUNDLED = Path.of("samples", "fashion-mnist", "bundled");

  /** Set by {@code ./lion-dg}: the checkout it runs from. */
  static final String HOME_PROPERTY = "lion-dg.home";

  private static final String FULL_SETS =
      "for the full sets, apt-get install"
          + " dataset-fashion-mnist, or put CIFAR-10 (binary version or JPEG class folders) in"
          + " ./data, ~/.lion-dg/data or $"
          + Datasets.DATA_ENV;

  /**
   * @return the name results record for this data (e.g. {@code folder:flowers})
   */
  String recordedName() {
    return dataset.equals(Datasets.FOLDER) ? Datasets.folderName(dataDir) : dataset;
  }

  /**
   * @param dataset {@code --dataset}, or null to choose
   * @param dataDir {@code --data-dir}, or null
   * @return the best data at hand
   * @throws UserException if {@code --data-dir} holds nothing the demo knows, or no data is found
   *     at all
   */
  static DemoData choose(String dataset, Path dataDir) {
    if (dataset != null) {
      return new DemoData(dataset, dataDir, dataset + (dataDir == null ? "" : " from " + dataDir));
    }
    if (dataDir != null) {
      return fromDir(dataDir);
    }
    if (Datasets.find(Datasets.CIFAR10).isPresent()) {
      return new DemoData(
          Datasets.CIFAR10, null, "CIFAR-10 from " + Datasets.defaultDir(Datasets.CIFAR10));
    }
    if (Datasets.find(FashionMnist.NAME).isPresent()) {
      return new DemoData(
          FashionMnist.NAME,
          null,
          "Fashion-MNIST from "
              + FashionMnist.DEBIAN_DIR
              + " (60,000 + 10,000 images); for the paper's data, put"
              + " CIFAR-10 in ./data, ~/.lion-dg/data or $"
              + Datasets.DATA_ENV);
    }
    Path bundled = bundled();
    if (bundled != null) {
      return new DemoData(
          FashionMnist.NAME,
          bundled,
          "the Fashion-MNIST subset bundled with"
              + " lion-dg (10,000 + 2,000 images, "
              + bundled
              + "); "
              + FULL_SETS);
    }
    throw new UserException(
        "no data for the demo: no CIFAR-10 in ./data, ~/.lion-dg/data or $"
            + Datasets.DATA_ENV
            + ", no Fashion-MNIST in "
            + FashionMnist.DEBIAN_DIR
            + ", and no"
            + " bundled subset in "
            + BUNDLED
            + "; expected one of them: "
            + FULL_SETS
            + ", or pass"
            + " --dataset synthetic for a smoke run");
  }

  private static DemoData fromDir(Path dir) {
    for (String name : new String[] {Datasets.CIFAR10, FashionMnist.NAME, Datasets.FOLDER}) {
      if (Datasets.isPresent(name, dir)) {
        return new DemoData(name, dir, name + " from " + dir);
      }
    }
    throw new UserException(
        "demo --data-dir "
            + dir
            + ": "
            + (Files.exists(dir)
                ? "no CIFAR-10, Fashion-MNIST or image class folders there"
                : "it does not exist")
            + "; expected CIFAR-10 (binary or JPEG class folders), Fashion-MNIST's IDX files, or"
            + " train/<class>/ and test/<class>/ image folders (or pass --dataset)");
  }

  /**
   * Loads a dataset as {@link Datasets#load} does; when Fashion-MNIST is missing from its default
   * folder and the subset bundled with lion-dg is at hand, the error also points to it, so that a
   * first {@code train} or {@code grid} on a machine without Debian's package can still go on.
   *
   * @throws DataException as {@link Datasets#load}, the message perhaps extended
   */
  static DataSplits load(String name, Path dataDir, long seed, int imageSize) {
    try {
      return Datasets.load(name, dataDir, seed, imageSize);
    } catch (DataException e) {
      throw withBundledHint(e, name, dataDir, bundled());
    }
  }

  /**
   * @param e why loading failed
   * @param name the dataset
   * @param dataDir {@code --data-dir}, or null
   * @param bundled the bundled subset, or null if it is not at hand
   * @return {@code e}, or for Fashion-MNIST from its default folder, {@code e} pointing to {@code
   *     bundled} too
   */
  static DataException withBundledHint(DataException e, String name, Path dataDir, Path bundled) {
    if (!name.equals(FashionMnist.NAME) || dataDir != null || bundled == null) {
      return e;
    }
    return new DataException(
        e.getMessage() + "; or, to try lion-dg, its bundled subset: --data-dir " + bundled);
  }

  /**
   * @return the bundled subset in the launcher's checkout (or the current folder), or null
   */
  private static Path bundled() {
    String home = System.getProperty(HOME_PROPERTY);
    for (Path base :
        new Path[] {home == null ? null : Path.of(home), Path.of("").toAbsolutePath()}) {
      Path dir = base == null ? null : base.resolve(BUNDLED);
      if (dir != null && FashionMnist.isPresent(dir)) {
        return dir;
      }
    }
    return null;
  }
}
