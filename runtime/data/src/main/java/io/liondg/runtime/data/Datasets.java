package io.liondg.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one entry point to the datasets by name: {@code cifar10}, {@code cifar100}, {@code
 * fashion-mnist}, {@code synthetic}, {@code folder}.
 *
 * <p>Default locations, used when no folder is given:
 *
 * <ul>
 *   <li>{@code cifar10}, {@code cifar100}: the folder {@code LION_DG_DATA} names (if set), then
 *       {@code ./data}, then {@code ~/.lion-dg/data}; each may hold the extracted folder ({@code
 *       cifar-10-batches-bin/}, {@code cifar-100-binary/}) or the archive ({@code
 *       cifar-10-binary.tar.gz}, {@code cifar-100-binary.tar.gz}). CIFAR-10 may also be image class
 *       folders ({@code cifar-10-images/} or {@code cifar10-images.tar.gz}, see {@link
 *       #CIFAR10_CLASSES}); the binary form wins where both are.
 *   <li>{@code fashion-mnist}: {@value FashionMnist#DEBIAN_DIR}, where Debian's {@code
 *       dataset-fashion-mnist} installs it.
 *   <li>{@code synthetic}: generated in memory, no folder.
 *   <li>{@code folder}: none; {@code --data-dir} names the folder or archive, and results call the
 *       dataset {@code folder:<its name>} so that two folder datasets stay apart.
 * </ul>
 */
public final class Datasets {

  /** CIFAR-10, binary or as image class folders. */
  public static final String CIFAR10 = "cifar10";

  /** CIFAR-100, binary. */
  public static final String CIFAR100 = "cifar100";

  /** Fashion-MNIST, IDX files. */
  public static final String FASHION_MNIST = FashionMnist.NAME;

  /** Generated in memory from the seed. */
  public static final String SYNTHETIC = "synthetic";

  /** A user's images in class folders; results record it as {@code folder:<its name>}. */
  public static final String FOLDER = "folder";

  /**
   * Every dataset name, in the order shown to users: the one list that the CLI's converters, help
   * texts and error messages and the reports' ordering read.
   */
  public static final List<String> NAMES =
      List.of(CIFAR10, CIFAR100, FASHION_MNIST, SYNTHETIC, FOLDER);

  /** The environment variable naming an extra data folder, searched first. */
  public static final String DATA_ENV = "LION_DG_DATA";

  /**
   * CIFAR-10's classes in label order (0..9), which is also their alphabetical order: the class
   * folders of CIFAR-10 as images must be exactly these.
   */
  public static final List<String> CIFAR10_CLASSES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  /** Names under which CIFAR-10's image form is looked for inside a data folder. */
  private static final List<String> CIFAR10_IMAGES =
      List.of(
          "cifar-10-images", "cifar10-images", "cifar-10-images.tar.gz", "cifar10-images.tar.gz");

  private Datasets() {}

  /**
   * Loads a dataset.
   *
   * @param name one of {@link #NAMES}
   * @param dataDir where its files are; null for the default location(s); required for {@code
   *     folder}
   * @param seed generates {@code synthetic} (the same seed, the same data); the files of the other
   *     datasets do not depend on it (shuffling is {@link BatchSampler}'s job)
   * @return train and test splits with their normalization
   * @throws DataException with a one-line message if the name is unknown or the data are missing or
   *     broken
   */
  public static DataSplits load(String name, Path dataDir, long seed) {
    return load(name, dataDir, seed, 0);
  }

  /**
   * Loads a dataset, resizing {@code folder} images.
   *
   * @param name one of {@link #NAMES}
   * @param dataDir where its files are; null for the default location(s)
   * @param seed generates {@code synthetic}
   * @param imageSize for {@code folder}: resize every image to this square side (bilinear); 0 to
   *     keep the images' own size, which must then be one size
   * @return train and test splits with their normalization
   * @throws DataException with a one-line message if the name is unknown, the data are missing or
   *     broken, or {@code imageSize} is given for another dataset
   */
  public static DataSplits load(String name, Path dataDir, long seed, int imageSize) {
    checkName(name);
    if (imageSize != 0 && !name.equals(FOLDER)) {
      throw new DataException(
          name
              + ": --image-size is for folder datasets only; "
              + name
              + " has one image size already");
    }
    if (name.equals(SYNTHETIC)) {
      return SyntheticData.generate(seed);
    }
    if (name.equals(FOLDER)) {
      if (dataDir == null) {
        throw new DataException(
            "folder: no --data-dir given; expected the folder (or .tar.gz or"
                + " .zip) that holds train/<class>/<image> and test/<class>/<image>");
      }
      return ImageFolderReader.read(
          dataDir, new ImageFolderReader.Options(folderName(dataDir), null, null, imageSize));
    }
    if (dataDir == null) {
      List<Path> candidates = defaultDirs(name);
      Optional<Path> found = find(name);
      if (found.isEmpty() && candidates.size() > 1) {
        // Name every place looked in, not just the first.
        CifarReader.Variant variant = variant(name);
        throw new DataException(
            name
                + ": no data in "
                + candidates.stream().map(Path::toString).collect(Collectors.joining(" or "))
                + ": expected the folder "
                + variant.folder()
                + "/ or the archive "
                + variant.archive()
                + " in one of them (or pass a folder): "
                + variant.howToGet());
      }
      dataDir = found.orElse(candidates.get(0));
    }
    if (name.equals(FashionMnist.NAME)) {
      return FashionMnist.read(dataDir);
    }
    Path images = cifar10Images(name, dataDir, false);
    if (images != null) {
      return ImageFolderReader.read(
          images, new ImageFolderReader.Options(name, CIFAR10_CLASSES, Normalization.CIFAR10, 0));
    }
    return CifarReader.read(variant(name), dataDir);
  }

  /**
   * The name results record for a {@code folder} dataset: {@code folder:} and the folder's or
   * archive's name without its extension.
   *
   * @param dataDir the folder or archive
   * @return e.g. {@code folder:flowers} for {@code ~/data/flowers.tar.gz}
   */
  public static String folderName(Path dataDir) {
    Path file = dataDir.toAbsolutePath().normalize().getFileName();
    String base = file == null ? "root" : file.toString();
    // One word, so that grid cell lists (split on whitespace) keep it whole.
    return "folder:"
        + base.replaceFirst("(?i)(\\.tar\\.gz|\\.tgz|\\.tar|\\.zip)$", "").replaceAll("\\s+", "-");
  }

  /**
   * @param recorded a dataset name as results record it
   * @return the {@code --dataset} value that reads it: {@code folder} for {@code folder:NAME}, else
   *     the name itself
   */
  public static String flagName(String recorded) {
    return recorded.startsWith(FOLDER + ":") ? FOLDER : recorded;
  }

  /**
   * Where CIFAR-10 is kept as images at {@code path}, or null if it is not (or if the binary form
   * is there too, which wins: its pixels are exact). When detecting ({@code checkClasses}), image
   * folders count only if their classes are CIFAR-10's; when loading what the user named, any image
   * folders are read, and the reader says if the classes are wrong.
   */
  private static Path cifar10Images(String name, Path path, boolean checkClasses) {
    if (!name.equals(CIFAR10)) {
      return null;
    }
    if (Files.isRegularFile(path)) {
      return ImageFiles.isArchive(path)
              && !CifarReader.holdsBinaryFiles(path)
              && (!checkClasses || isCifar10Images(path))
          ? path
          : null;
    }
    if (!Files.isDirectory(path) || CifarReader.isPresent(CifarReader.Variant.CIFAR10, path)) {
      return null;
    }
    if (ImageFolderReader.isPresent(path) && (!checkClasses || isCifar10Images(path))) {
      return path;
    }
    return CIFAR10_IMAGES.stream()
        .map(path::resolve)
        .filter(ImageFolderReader::isPresent)
        .findFirst()
        .orElse(null);
  }

  /** Image folders are CIFAR-10 if their training classes are CIFAR-10's, by name. */
  private static boolean isCifar10Images(Path path) {
    return List.copyOf(ImageFiles.trainClasses(path)).equals(CIFAR10_CLASSES);
  }

  /**
   * @param name one of {@link #NAMES}
   * @return the default folders, in the order they are tried (empty for {@code synthetic} and
   *     {@code folder})
   */
  public static List<Path> defaultDirs(String name) {
    checkName(name);
    return switch (name) {
      case SYNTHETIC, FOLDER -> List.of();
      case FASHION_MNIST -> List.of(Path.of(FashionMnist.DEBIAN_DIR));
      default -> {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv(DATA_ENV);
        if (env != null && !env.isBlank()) {
          dirs.add(Path.of(env));
        }
        dirs.add(Path.of("data"));
        dirs.add(Path.of(System.getProperty("user.home"), ".lion-dg", "data"));
        yield List.copyOf(dirs);
      }
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
   * @return the first default folder that holds the dataset's files (checked by name only); empty
   *     if none does or for {@code synthetic}
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
   * The form {@link #load} would read the dataset in, decided by file names only (cheap), so that a
   * grid can tell before it runs whether stored results came from the same form of the data.
   *
   * @param name one of {@link #NAMES}
   * @param dataDir where its files are; null for the default location(s)
   * @return {@link DataSplits#BINARY}, {@link DataSplits#IMAGES}, {@link DataSplits#IDX} or {@link
   *     DataSplits#GENERATED}; empty if the files are not there
   */
  public static Optional<String> form(String name, Path dataDir) {
    checkName(name);
    if (name.equals(SYNTHETIC)) {
      return Optional.of(DataSplits.GENERATED);
    }
    Optional<Path> dir = dataDir != null ? Optional.of(dataDir) : find(name);
    if (dir.isEmpty() || !isPresent(name, dir.get())) {
      return Optional.empty();
    }
    if (name.equals(FOLDER) || cifar10Images(name, dir.get(), false) != null) {
      return Optional.of(DataSplits.IMAGES);
    }
    return Optional.of(name.equals(FashionMnist.NAME) ? DataSplits.IDX : DataSplits.BINARY);
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
    if (name.equals(SYNTHETIC)) {
      return true;
    }
    if (name.equals(FOLDER)) {
      return ImageFolderReader.isPresent(dir);
    }
    if (name.equals(FashionMnist.NAME)) {
      return FashionMnist.isPresent(dir);
    }
    return CifarReader.isPresent(variant(name), dir) || cifar10Images(name, dir, true) != null;
  }

  /**
   * Whether training images of a dataset are flipped at random unless the user says otherwise. Yes
   * for CIFAR, as the paper's Appendix A.2 prescribes; no for Fashion-MNIST and {@code synthetic},
   * for which the paper prescribes no augmentation. Measured on Debian's Fashion-MNIST
   * (densenet-ds, lion-dg, 300 steps of batch 128, less than one epoch, so no image is seen twice
   * and a flip cannot act as augmentation): flipping cost about 2 points of test accuracy.
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
      throw new DataException(
          "unknown dataset '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
  }

  private static CifarReader.Variant variant(String name) {
    return name.equals(CIFAR10) ? CifarReader.Variant.CIFAR10 : CifarReader.Variant.CIFAR100;
  }
}
