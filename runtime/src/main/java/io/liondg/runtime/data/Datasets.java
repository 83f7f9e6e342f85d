package io.liondg.runtime.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one entry point to the datasets by name: {@code cifar10}, {@code cifar100},
 * {@code fashion-mnist}, {@code synthetic}.
 *
 * <p>Default locations, used when no folder is given:
 *
 * <ul>
 *   <li>{@code cifar10}, {@code cifar100}: {@code ./data}, then {@code ~/.lion-dg/data}; each may
 *       hold the extracted folder ({@code cifar-10-batches-bin/}, {@code cifar-100-binary/}) or the
 *       archive ({@code cifar-10-binary.tar.gz}, {@code cifar-100-binary.tar.gz}).
 *   <li>{@code fashion-mnist}: {@value FashionMnist#DEBIAN_DIR}, where Debian's
 *       {@code dataset-fashion-mnist} installs it.
 *   <li>{@code synthetic}: generated in memory, no folder.
 * </ul>
 */
public final class Datasets {

  /** Every dataset name, in the order shown to users. */
  public static final List<String> NAMES = List.of("cifar10", "cifar100", FashionMnist.NAME,
      "synthetic");

  private Datasets() {}

  /**
   * Loads a dataset.
   *
   * @param name one of {@link #NAMES}
   * @param dataDir where its files are; null for the default location(s)
   * @param seed generates {@code synthetic} (the same seed, the same data); the files of the
   *     other datasets do not depend on it (shuffling is {@link BatchSampler}'s job)
   * @return train and test splits with their normalization
   * @throws DataException with a one-line message if the name is unknown or the data are
   *     missing or broken
   */
  public static DataSplits load(String name, Path dataDir, long seed) {
    checkName(name);
    if (name.equals("synthetic")) {
      return SyntheticData.generate(seed);
    }
    if (dataDir == null) {
      List<Path> candidates = defaultDirs(name);
      Optional<Path> found = find(name);
      if (found.isEmpty() && candidates.size() > 1) {
        // Name every place looked in, not just the first.
        CifarReader.Variant variant = variant(name);
        throw new DataException(name + ": no data in " + candidates.get(0) + " or "
            + candidates.get(1) + ": expected the folder " + variant.folder() + "/ or the archive "
            + variant.archive() + " in one of them (or pass a folder): " + variant.howToGet());
      }
      dataDir = found.orElse(candidates.get(0));
    }
    if (name.equals(FashionMnist.NAME)) {
      return FashionMnist.read(dataDir);
    }
    return CifarReader.read(variant(name), dataDir);
  }

  /**
   * @param name one of {@link #NAMES}
   * @return the default folders, in the order they are tried (empty for {@code synthetic})
   */
  public static List<Path> defaultDirs(String name) {
    checkName(name);
    return switch (name) {
      case "synthetic" -> List.of();
      case FashionMnist.NAME -> List.of(Path.of(FashionMnist.DEBIAN_DIR));
      default -> List.of(Path.of("data"),
          Path.of(System.getProperty("user.home"), ".lion-dg", "data"));
    };
  }

  /**
   * The default folder: the first of {@link #defaultDirs} that holds the data, else the first.
   *
   * @param name one of {@link #NAMES}
   * @return the folder, or null for {@code synthetic}
   */
  public static Path defaultDir(String name) {
    List<Path> dirs = defaultDirs(name);
    return find(name).orElse(dirs.isEmpty() ? null : dirs.get(0));
  }

  /**
   * @param name one of {@link #NAMES}
   * @return the first default folder that holds the dataset's files (checked by name only);
   *     empty if none does or for {@code synthetic}
   */
  public static Optional<Path> find(String name) {
    for (Path dir : defaultDirs(name)) {
      if (isPresent(name, dir)) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the dataset's files are at {@code dir}, by name only (cheap; contents are checked by
   * {@link #load}). Always true for {@code synthetic}.
   *
   * @param name one of {@link #NAMES}
   * @param dir a folder (or, for CIFAR, an archive)
   * @return true if {@link #load} will find files there
   */
  public static boolean isPresent(String name, Path dir) {
    checkName(name);
    if (name.equals("synthetic")) {
      return true;
    }
    if (name.equals(FashionMnist.NAME)) {
      return FashionMnist.isPresent(dir);
    }
    return CifarReader.isPresent(variant(name), dir);
  }

  /**
   * Whether training images of a dataset are flipped at random unless the user says otherwise.
   * Yes for CIFAR, as the paper's Appendix A.2 prescribes; no for Fashion-MNIST and
   * {@code synthetic}, for which the paper prescribes no augmentation. Measured on Debian's
   * Fashion-MNIST (densenet-ds, lion-dg, 300 steps of batch 128, less than one epoch, so no image
   * is seen twice and a flip cannot act as augmentation): flipping cost about 2 points of test
   * accuracy.
   *
   * @param name one of {@link #NAMES}
   * @return the default of {@code --flip}
   */
  public static boolean flipsByDefault(String name) {
    checkName(name);
    return name.startsWith("cifar");
  }

  /**
   * @param name a dataset name
   * @throws DataException if it is not one of {@link #NAMES}
   */
  public static void checkName(String name) {
    if (!NAMES.contains(name)) {
      throw new DataException("unknown dataset '" + name + "'; expected one of "
          + String.join(", ", NAMES));
    }
  }

  private static CifarReader.Variant variant(String name) {
    return name.equals("cifar10") ? CifarReader.Variant.CIFAR10 : CifarReader.Variant.CIFAR100;
  }
}
