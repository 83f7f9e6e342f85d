package io.liondg.runtime.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Reads an image classification dataset kept as class folders: {@code train/<class>/*} and {@code
 * test/<class>/*} PNG or JPEG files, in a folder or a {@code .tar.gz}/{@code .zip} of one (see
 * {@link ImageFiles} for the accepted layouts).
 *
 * <p>Classes are the sorted folder names (label 0 is the first); both splits must have the same
 * classes, none empty. Images are decoded with {@link javax.imageio.ImageIO}, on all cores, and
 * kept as bytes; within a split they are ordered by class, then file name, so the same files give
 * the same {@link ImageSet} whatever the archive's entry order. An image set is grey (1 channel) if
 * every image is grey, else RGB (3 channels; grey images are repeated into all three).
 */
public final class ImageFolderReader {

  private static final List<String> SPLITS = List.of("train", "test");

  /**
   * How to read.
   *
   * @param dataset the dataset's name as results record it, e.g. {@code folder:flowers}
   * @param classes the class names expected in label order, or null to take the sorted folder names
   *     as they are
   * @param normalization the normalization to use, or null to compute it from the training split
   * @param imageSize resize every image to this square side (bilinear), or 0 to require equal sizes
   */
  public record Options(
      String dataset, List<String> classes, Normalization normalization, int imageSize) {}

  private ImageFolderReader() {}

  /**
   * Whether {@code path} looks like an image-folder dataset (names only; contents are checked by
   * {@link #read}): a folder with {@code train/} and {@code test/} (itself or in its only
   * sub-folder), or a file with an archive's name.
   *
   * @param path a folder or a file
   * @return true if {@link #read} will look for images there
   */
  public static boolean isPresent(Path path) {
    return path.toFile().isDirectory()
        ? ImageFiles.root(path) != null
        : path.toFile().isFile() && ImageFiles.isArchive(path);
  }

  /**
   * Reads both splits.
   *
   * @param path a folder or archive
   * @param options the dataset name, expected classes, normalization and resizing
   * @return the splits; {@link DataSplits#form()} is {@code images}
   * @throws DataException naming the file or folder, if the layout is wrong, a class is missing
   *     from a split or empty, a file does not decode, sizes differ, or the archive is truncated
   */
  public static DataSplits read(Path path, Options options) {
    String name = options.dataset();
    ImageFiles.Listing listing = ImageFiles.read(name, path);
    List<String> classes = classes(name, path, listing, options.classes());
    ImageSet train = decode(name, split(listing, "train"), classes, options.imageSize(), "train");
    ImageSet test = decode(name, split(listing, "test"), classes, options.imageSize(), "test");
    if (train.channels() != test.channels()
        || train.height() != test.height()
        || train.width() != test.width()) {
      throw new DataException(
          name
              + ": train images are "
              + shape(train)
              + " but test images"
              + " are "
              + shape(test)
              + " in "
              + path
              + "; expected one size and colour mode"
              + " (or pass --image-size to resize)");
    }
    Normalization norm =
        options.normalization() != null ? options.normalization() : Normalization.compute(train);
    return new DataSplits(name, train, test, norm, DataSplits.IMAGES);
  }

  private static List<String> classes(
      String name, Path path, ImageFiles.Listing listing, List<String> expected) {
    Map<String, TreeSet<String>> bySplit =
        Map.of("train", new TreeSet<>(), "test", new TreeSet<>());
    for (String folder : listing.classFolders()) {
      int slash = folder.indexOf('/');
      bySplit.get(folder.substring(0, slash)).add(folder.substring(slash + 1));
    }
    for (String split : SPLITS) {
      if (bySplit.get(split).isEmpty()) {
        throw new DataException(
            name
                + ": no class folders in "
                + split
                + "/ of "
                + path
                + "; expected "
                + split
                + "/<class>/<image>");
      }
    }
    for (String split : SPLITS) {
      String other = split.equals("train") ? "test" : "train";
      for (String c : bySplit.get(split)) {
        if (!bySplit.get(other).contains(c)) {
          throw new DataException(
              name
                  + ": class '"
                  + c
                  + "' is in "
                  + split
                  + "/ but not in "
                  + other
                  + "/ of "
                  + path
                  + "; expected the same class folders in both");
        }
      }
    }
    List<String> classes = new ArrayList<>(bySplit.get("train"));
    if (expected != null && !classes.equals(expected)) {
      throw new DataException(
          name + ": the class folders of " + path + " are " + classes + "; expected " + expected);
    }
    Set<String> filled = new HashSet<>();
    listing.entries().forEach(e -> filled.add(e.split() + "/" + e.className()));
    for (String split : SPLITS) {
      for (String c : classes) {
        if (!filled.contains(split + "/" + c)) {
          throw new DataException(
              name
                  + ": the class folder "
                  + split
                  + "/"
                  + c
                  + " of "
                  + path
                  + " is empty; expected at least one image in it");
        }
      }
    }
    return classes;
  }

  private static List<ImageFiles.Entry> split(ImageFiles.Listing listing, String split) {
    return listing.entries().stream()
        .filter(e -> e.split().equals(split))
        .sorted(
            Comparator.comparing(ImageFiles.Entry::className)
                .thenComparing(ImageFiles.Entry::where))
        .toList();
  }

  private static ImageSet decode(
      String name, List<ImageFiles.Entry> entries, List<String> classes, int size, String split) {
    int n = entries.size();
    ImageFiles.Entry firstEntry = entries.get(0);
    ImageDecoder.Decoded first =
        ImageDecoder.decode(firstEntry.bytes(), name + ": " + firstEntry.where(), size);
    int h = first.height();
    int w = first.width();
    int plane = h * w;
    if ((long) n * 3 * plane > Integer.MAX_VALUE - 16) {
      throw new DataException(
          name
              + ": "
              + split
              + "/ holds "
              + n
              + " images of "
              + h
              + "x"
              + w
              + ", more than fit in memory as one array; expected at most "
              + (Integer.MAX_VALUE / (3L * plane))
              + " (or pass a smaller --image-size)");
    }
    // Decoded straight into RGB planes; narrowed to one plane below if every image is grey.
    byte[] rgb = new byte[n * 3 * plane];
    int[] labels = new int[n];
    AtomicBoolean allGrey = new AtomicBoolean(true);
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              ImageFiles.Entry e = entries.get(i);
              ImageDecoder.Decoded d =
                  i == 0 ? first : ImageDecoder.decode(e.bytes(), name + ": " + e.where(), size);
              if (d.height() != h || d.width() != w) {
                throw new DataException(
                    name
                        + ": "
                        + e.where()
                        + " is "
                        + d.height()
                        + "x"
                        + d.width()
                        + " but "
                        + firstEntry.where()
                        + " is "
                        + h
                        + "x"
                        + w
                        + "; expected images of one"
                        + " size (or pass --image-size N to resize them all to NxN)");
              }
              if (!d.grey()) {
                allGrey.set(false);
              }
              ImageDecoder.copyPixels(d, 3, rgb, i * 3 * plane);
              labels[i] = classes.indexOf(e.className());
            });
    byte[] pixels = rgb;
    int channels = 3;
    if (allGrey.get()) {
      channels = 1;
      pixels = new byte[n * plane];
      for (int i = 0; i < n; i++) {
        System.arraycopy(rgb, i * 3 * plane, pixels, i * plane, plane);
      }
    }
    return new ImageSet(name + "/" + split, channels, h, w, classes.size(), pixels, labels);
  }

  private static String shape(ImageSet set) {
    return set.channels() + "x" + set.height() + "x" + set.width();
  }
}
