package io.liondg.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.data.ImageTestFiles.Img;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image-folder reader on generated PNG and JPEG files in folders, .tar.gz and .zip archives:
 * what it reads, and the one-line message for each kind of bad input.
 */
class ImageFolderReaderTest {

  /** Class folders are written in this order; labels must follow the sorted names. */
  private static final List<String> WRITTEN = List.of("zebra", "apple", "mango");

  private static final List<String> SORTED = List.of("apple", "mango", "zebra");
  private static final int H = 4;
  private static final int W = 5;

  @TempDir Path tmp;

  /**
   * Two training and one test image per class, RGB PNGs of 4x5 random pixels; file names are
   * written out of order.
   */
  private static List<Img> dataset(long seed) {
    Random rng = new Random(seed);
    List<Img> images = new ArrayList<>();
    for (String c : WRITTEN) {
      images.add(ImageTestFiles.rgb("train/" + c + "/y.png", H, W, rng, "png"));
      images.add(ImageTestFiles.rgb("train/" + c + "/b.png", H, W, rng, "png"));
      images.add(ImageTestFiles.rgb("test/" + c + "/t.png", H, W, rng, "png"));
    }
    return images;
  }

  private static ImageFolderReader.Options options(String name, int imageSize) {
    return new ImageFolderReader.Options(name, null, null, imageSize);
  }

  /** The splits hold exactly the generated pixels and labels, in class then file-name order. */
  private static void assertHolds(List<Img> images, DataSplits data) {
    List<Img> train = ImageTestFiles.sorted(images, "train");
    List<Img> test = ImageTestFiles.sorted(images, "test");
    int channels = data.channels();
    assertEquals(SORTED.size(), data.classes());
    assertEquals(train.size(), data.train().size());
    assertEquals(test.size(), data.test().size());
    assertArrayEquals(ImageTestFiles.pixels(train, channels), data.train().pixels());
    assertArrayEquals(ImageTestFiles.labels(train, SORTED), data.train().labels());
    assertArrayEquals(ImageTestFiles.pixels(test, channels), data.test().pixels());
    assertArrayEquals(ImageTestFiles.labels(test, SORTED), data.test().labels());
  }

  private static DataException assertBad(Executable load, String... parts) {
    DataException e = assertThrows(DataException.class, load);
    String message = e.getMessage();
    assertFalse(
        message.contains("\n") || message.contains("\r"), "message must be one line: " + message);
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
    }
    return e;
  }

  // ---------------------------------------------------------------- good cases

  @Test
  void readsClassFoldersFromAFolder() throws IOException {
    List<Img> images = dataset(1);
    Path dir = ImageTestFiles.writeFolder(tmp.resolve("fruit"), images);
    assertTrue(ImageFolderReader.isPresent(dir));
    assertTrue(Datasets.isPresent("folder", dir));
    DataSplits data = Datasets.load("folder", dir, 0);
    assertEquals("folder:fruit", data.name());
    assertEquals(DataSplits.IMAGES, data.form());
    assertEquals(3, data.channels());
    assertEquals(H, data.height());
    assertEquals(W, data.width());
    assertEquals("folder:fruit/train", data.train().name());
    assertHolds(images, data);
  }

  @Test
  void readsAFolderWhoseOnlySubFolderHoldsTheSplits() throws IOException {
    List<Img> images = dataset(2);
    ImageTestFiles.writeFolder(tmp.resolve("outer").resolve("inner"), images);
    DataSplits data = Datasets.load("folder", tmp.resolve("outer"), 0);
    assertEquals("folder:outer", data.name());
    assertHolds(images, data);
  }

  @Test
  void classesAreTheSortedFolderNamesAndLabelsFollowThem() throws IOException {
    List<Img> images = dataset(3);
    DataSplits data =
        ImageFolderReader.read(
            ImageTestFiles.writeFolder(tmp.resolve("d"), images), options("folder:d", 0));
    // apple (written second) is label 0, mango 1, zebra (written first) 2.
    assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, data.train().labels());
    assertArrayEquals(new int[] {0, 1, 2}, data.test().labels());
    // Within a class, files come in name order: b.png before y.png.
    Img appleB =
        images.stream().filter(i -> i.path().equals("train/apple/b.png")).findFirst().orElseThrow();
    assertArrayEquals(
        appleB.chw(), Arrays.copyOf(data.train().pixels(), data.train().sampleSize()));
  }

  @Test
  void pngPixelsAreKeptExactlyAsRgbPlanes() throws IOException {
    // 2x3 image: row 0 red, green, blue; row 1 three mixed colours.
    int[][] rgb = {
      {255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {10, 20, 30}, {200, 100, 50}, {1, 254, 128}
    };
    byte[] chw = new byte[3 * 6];
    for (int i = 0; i < 6; i++) {
      for (int c = 0; c < 3; c++) {
        chw[c * 6 + i] = (byte) rgb[i][c];
      }
    }
    List<Img> images =
        List.of(
            ImageTestFiles.rgb("train/a/p.png", 2, 3, chw, "png"),
            ImageTestFiles.rgb("test/a/p.png", 2, 3, chw, "png"));
    DataSplits data =
        ImageFolderReader.read(
            ImageTestFiles.writeFolder(tmp.resolve("d"), images), options("folder:d", 0));
    ImageSet train = data.train();
    assertEquals(3, train.channels());
    assertEquals(2, train.height());
    assertEquals(3, train.width());
    // (y=0, x=0) is red: R plane 255, G and B planes 0.
    assertEquals(255, train.pixel(0, 0, 0, 0));
    assertEquals(0, train.pixel(0, 1, 0, 0));
    assertEquals(0, train.pixel(0, 2, 0, 0));
    // (0, 1) green, (0, 2) blue.
    assertEquals(255, train.pixel(0, 1, 0, 1));
    assertEquals(0, train.pixel(0, 0, 0, 1));
    assertEquals(255, train.pixel(0, 2, 0, 2));
    assertEquals(0, train.pixel(0, 0, 0, 2));
    // (1, 1) = (200, 100, 50), read from the raw C x H x W layout.
    assertEquals(200, train.pixels()[0 * 6 + 1 * 3 + 1] & 0xFF);
    assertEquals(100, train.pixels()[1 * 6 + 1 * 3 + 1] & 0xFF);
    assertEquals(50, train.pixels()[2 * 6 + 1 * 3 + 1] & 0xFF);
    assertArrayEquals(chw, train.pixels());
  }

  @Test
  void greyPngsGiveOneChannelWithExactSamples() throws IOException {
    Random rng = new Random(4);
    List<Img> images = new ArrayList<>();
    for (String c : WRITTEN) {
      images.add(ImageTestFiles.grey("train/" + c + "/a.png", H, W, rng));
      images.add(ImageTestFiles.grey("test/" + c + "/a.png", H, W, rng));
    }
    DataSplits data =
        ImageFolderReader.read(
            ImageTestFiles.writeFolder(tmp.resolve("d"), images), options("folder:d", 0));
    assertEquals(1, data.channels());
    assertEquals(1, data.normalization().channels());
    assertHolds(images, data);
  }

  @Test
  void greyImagesAmongColourOnesAreRepeatedIntoThreeChannels() throws IOException {
    Random rng = new Random(5);
    Img grey = ImageTestFiles.grey("train/a/g.png", H, W, rng);
    List<Img> images =
        List.of(
            grey,
            ImageTestFiles.rgb("train/a/h.png", H, W, rng, "png"),
            ImageTestFiles.rgb("test/a/t.png", H, W, rng, "png"));
    DataSplits data =
        ImageFolderReader.read(
            ImageTestFiles.writeFolder(tmp.resolve("d"), images), options("folder:d", 0));
    assertEquals(3, data.channels());
    int plane = H * W;
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(
          grey.chw(), Arrays.copyOfRange(data.train().pixels(), c * plane, (c + 1) * plane));
    }
  }

  @Test
  void jpegImagesDecodeToNearlyTheirPixels() throws IOException {
    // A smooth gradient survives JPEG compression to within a few levels.
    int h = 16;
    int w = 16;
    byte[] chw = new byte[3 * h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        chw[y * w + x] = (byte) (40 + 8 * x);
        chw[h * w + y * w + x] = (byte) (40 + 8 * y);
        chw[2 * h * w + y * w + x] = (byte) 128;
      }
    }
    List<Img> images =
        List.of(
            ImageTestFiles.rgb("train/a/p.jpg", h, w, chw, "jpg"),
            ImageTestFiles.rgb("test/a/p.jpeg", h, w, chw, "jpg"));
    DataSplits data =
        ImageFolderReader.read(
            ImageTestFiles.writeFolder(tmp.resolve("d"), images), options("folder:d", 0));
    assertEquals(3, data.channels());
    byte[] got = data.train().pixels();
    for (int i = 0; i < chw.length; i++) {
      assertTrue(
          Math.abs((got[i] & 0xFF) - (chw[i] & 0xFF)) <= 12,
          "byte " + i + ": " + (got[i] & 0xFF) + " vs " + (chw[i] & 0xFF));
    }
  }

  @Test
  void normalizationIsComputedFromTheTrainingSplit() throws IOException {
    List<Img> images = dataset(6);
    DataSplits data =
        Datasets.load("folder", ImageTestFiles.writeFolder(tmp.resolve("d"), images), 0);
    assertEquals(Normalization.compute(data.train()), data.normalization());
    assertNotEquals(Normalization.compute(data.test()), data.normalization());
    // Recomputed here from the generated pixels: channel means of x / 255 over all train images.
    List<Img> train = ImageTestFiles.sorted(images, "train");
    int plane = H * W;
    for (int c = 0; c < 3; c++) {
      long sum = 0;
      for (Img img : train) {
        for (int i = 0; i < plane; i++) {
          sum += img.chw()[c * plane + i] & 0xFF;
        }
      }
      double mean = sum / (255.0 * plane * train.size());
      assertEquals(mean, data.normalization().mean()[c], 1e-6);
    }
  }

  @Test
  void readsATarGzWithOneTopFolder() throws IOException {
    List<Img> images = dataset(7);
    List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
    entries.add(Map.entry("flowers/", new byte[0]));
    entries.add(Map.entry("flowers/README.txt", "about".getBytes(StandardCharsets.UTF_8)));
    entries.addAll(ImageTestFiles.entries("flowers", images));
    Path archive = ImageTestFiles.writeTarGz(tmp.resolve("flowers.tar.gz"), entries);
    assertTrue(ImageFolderReader.isPresent(archive));
    DataSplits data = Datasets.load("folder", archive, 0);
    assertEquals("folder:flowers", data.name());
    assertEquals(DataSplits.IMAGES, data.form());
    assertHolds(images, data);
  }

  @Test
  void readsATarGzWithoutTopFolderAndWithFolderEntries() throws IOException {
    List<Img> images = dataset(8);
    List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
    entries.add(Map.entry("train/", new byte[0]));
    for (String c : WRITTEN) {
      entries.add(Map.entry("train/" + c + "/", new byte[0]));
    }
    entries.addAll(ImageTestFiles.entries(null, images));
    DataSplits data =
        Datasets.load("folder", ImageTestFiles.writeTarGz(tmp.resolve("plain.tgz"), entries), 0);
    assertEquals("folder:plain", data.name());
    assertHolds(images, data);
  }

  @Test
  void readsAZip() throws IOException {
    List<Img> images = dataset(9);
    Path archive =
        ImageTestFiles.writeZip(tmp.resolve("Pets.ZIP"), ImageTestFiles.entries("pets", images));
    DataSplits data = Datasets.load("folder", archive, 0);
    assertEquals("folder:Pets", data.name());
    assertEquals(DataSplits.IMAGES, data.form());
    assertHolds(images, data);
  }

  @Test
  void aReadmeBesideTheClassFoldersOfAnArchiveIsNotAClass() throws IOException {
    // In a folder, a file in train/ is not a class folder; an archive must read the same.
    List<Img> images = dataset(10);
    List<Map.Entry<String, byte[]>> entries =
        new ArrayList<>(ImageTestFiles.entries("top", images));
    entries.add(Map.entry("top/train/README.txt", "x".getBytes(StandardCharsets.UTF_8)));
    DataSplits tar =
        Datasets.load("folder", ImageTestFiles.writeTarGz(tmp.resolve("a.tar.gz"), entries), 0);
    assertHolds(images, tar);
    DataSplits zip =
        Datasets.load("folder", ImageTestFiles.writeZip(tmp.resolve("a.zip"), entries), 0);
    assertHolds(images, zip);
    Path dir = ImageTestFiles.writeFolder(tmp.resolve("dir"), images);
    Files.writeString(dir.resolve("train").resolve("README.txt"), "x");
    assertHolds(images, Datasets.load("folder", dir, 0));
  }

  @Test
  void theArchivesEntryOrderDoesNotChangePixelsOrLabels() throws IOException {
    List<Img> images = dataset(11);
    List<Map.Entry<String, byte[]>> forward = ImageTestFiles.entries("d", images);
    List<Map.Entry<String, byte[]>> backward = new ArrayList<>(forward);
    Collections.reverse(backward);
    List<Map.Entry<String, byte[]>> shuffled = new ArrayList<>(forward);
    Collections.shuffle(shuffled, new Random(12));
    List<DataSplits> all =
        List.of(
            Datasets.load("folder", ImageTestFiles.writeTarGz(tmp.resolve("f.tar.gz"), forward), 0),
            Datasets.load(
                "folder", ImageTestFiles.writeTarGz(tmp.resolve("b.tar.gz"), backward), 0),
            Datasets.load("folder", ImageTestFiles.writeZip(tmp.resolve("s.zip"), shuffled), 0),
            Datasets.load("folder", ImageTestFiles.writeFolder(tmp.resolve("dir"), images), 0));
    DataSplits first = all.get(0);
    for (DataSplits other : all) {
      assertArrayEquals(first.train().pixels(), other.train().pixels());
      assertArrayEquals(first.train().labels(), other.train().labels());
      assertArrayEquals(first.test().pixels(), other.test().pixels());
      assertArrayEquals(first.test().labels(), other.test().labels());
      assertEquals(first.normalization(), other.normalization());
    }
    assertHolds(images, first);
  }

  @Test
  void imageSizeResizesMixedSizesToOneSquare() throws IOException {
    Random rng = new Random(13);
    // Constant colours: bilinear resizing of a flat image must keep its value.
    byte[] flatRgb = new byte[3 * 6 * 10];
    Arrays.fill(flatRgb, 0, 60, (byte) 200);
    Arrays.fill(flatRgb, 60, 120, (byte) 90);
    Arrays.fill(flatRgb, 120, 180, (byte) 17);
    List<Img> images =
        List.of(
            ImageTestFiles.rgb("train/a/1.png", 6, 10, flatRgb, "png"),
            ImageTestFiles.rgb("train/a/2.png", 8, 8, rng, "png"),
            ImageTestFiles.rgb("train/b/1.png", 3, 5, rng, "png"),
            ImageTestFiles.rgb("test/a/1.png", 12, 7, rng, "png"),
            ImageTestFiles.rgb("test/b/1.png", 8, 8, rng, "png"));
    Path dir = ImageTestFiles.writeFolder(tmp.resolve("d"), images);
    DataSplits data = ImageFolderReader.read(dir, options("folder:d", 8));
    assertEquals(3, data.channels());
    assertEquals(8, data.height());
    assertEquals(8, data.width());
    assertEquals(3, data.train().size());
    assertEquals(2, data.test().size());
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          assertEquals(flatRgb[c * 60] & 0xFF, data.train().pixel(0, c, y, x));
        }
      }
    }
    // An image already 8x8 is kept as it is.
    assertArrayEquals(
        images.get(1).chw(),
        Arrays.copyOfRange(
            data.train().pixels(), data.train().sampleSize(), 2 * data.train().sampleSize()));
  }

  @Test
  void imageSizeResizesGreyImagesWithoutChangingTheirLevels() throws IOException {
    byte[] flat = new byte[5 * 3];
    Arrays.fill(flat, (byte) 77);
    Random rng = new Random(14);
    List<Img> images =
        List.of(
            ImageTestFiles.grey("train/a/1.png", 5, 3, flat),
            ImageTestFiles.grey("train/a/2.png", 9, 9, rng),
            ImageTestFiles.grey("test/a/1.png", 2, 2, rng));
    DataSplits data =
        ImageFolderReader.read(
            ImageTestFiles.writeFolder(tmp.resolve("d"), images), options("folder:d", 6));
    assertEquals(1, data.channels());
    assertEquals(6, data.height());
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 6; x++) {
        assertEquals(77, data.train().pixel(0, 0, y, x));
      }
    }
  }

  // ---------------------------------------------------------------- CIFAR-10 as images

  /** CIFAR-10's ten classes as 32x32 images: two training and one test image per class. */
  private static List<Img> cifarImages(List<String> classes, String format) {
    Random rng = new Random(15);
    List<Img> images = new ArrayList<>();
    for (String c : classes) {
      images.add(ImageTestFiles.rgb("train/" + c + "/0001." + format, 32, 32, rng, format));
      images.add(ImageTestFiles.rgb("train/" + c + "/0002." + format, 32, 32, rng, format));
      images.add(ImageTestFiles.rgb("test/" + c + "/0001." + format, 32, 32, rng, format));
    }
    return images;
  }

  private static void assertCifar10Images(DataSplits data) {
    assertEquals("cifar10", data.name());
    assertEquals(DataSplits.IMAGES, data.form());
    assertEquals(Normalization.CIFAR10, data.normalization());
    assertEquals(10, data.classes());
    assertEquals(3, data.channels());
    assertEquals(32, data.height());
    assertEquals(32, data.width());
    assertEquals(20, data.train().size());
    assertEquals(10, data.test().size());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, data.test().labels());
  }

  @Test
  void readsCifar10AsImageFolders() throws IOException {
    List<Img> images = cifarImages(Datasets.CIFAR10_CLASSES, "png");
    Path dir = ImageTestFiles.writeFolder(tmp.resolve("c10"), images);
    assertTrue(Datasets.isPresent("cifar10", dir));
    DataSplits data = Datasets.load("cifar10", dir, 0);
    assertCifar10Images(data);
    assertEquals(Optional.of(DataSplits.IMAGES), Datasets.form("cifar10", dir));
    List<Img> train = ImageTestFiles.sorted(images, "train");
    assertArrayEquals(ImageTestFiles.pixels(train, 3), data.train().pixels());
    assertArrayEquals(
        ImageTestFiles.labels(train, Datasets.CIFAR10_CLASSES), data.train().labels());
  }

  @Test
  void readsCifar10AsJpegsInAnArchiveFoundInTheDataFolder() throws IOException {
    List<Img> images = cifarImages(Datasets.CIFAR10_CLASSES, "jpg");
    Path data = Files.createDirectories(tmp.resolve("data"));
    Path archive =
        ImageTestFiles.writeTarGz(
            data.resolve("cifar10-images.tar.gz"),
            ImageTestFiles.entries("cifar10-images", images));
    assertCifar10Images(Datasets.load("cifar10", archive, 0));
    assertTrue(Datasets.isPresent("cifar10", data));
    assertCifar10Images(Datasets.load("cifar10", data, 0));
    assertEquals(Optional.of(DataSplits.IMAGES), Datasets.form("cifar10", archive));
    assertEquals(Optional.of(DataSplits.IMAGES), Datasets.form("cifar10", data));
  }

  @Test
  void cifar10ImagesWithOtherClassesAreRejected() throws IOException {
    List<String> classes = new ArrayList<>(Datasets.CIFAR10_CLASSES);
    classes.set(0, "plane");
    Path dir = ImageTestFiles.writeFolder(tmp.resolve("c10"), cifarImages(classes, "png"));
    assertBad(
        () -> Datasets.load("cifar10", dir, 0),
        "cifar10: ",
        dir.toString(),
        "plane",
        "expected " + Datasets.CIFAR10_CLASSES);
  }

  @Test
  void cifar10ImagesWithTooFewClassesAreRejected() throws IOException {
    Path dir =
        ImageTestFiles.writeFolder(
            tmp.resolve("c10"), cifarImages(Datasets.CIFAR10_CLASSES.subList(0, 9), "png"));
    assertBad(
        () -> Datasets.load("cifar10", dir, 0),
        "cifar10: ",
        dir.toString(),
        "expected " + Datasets.CIFAR10_CLASSES);
  }

  // ---------------------------------------------------------------- bad input

  @Test
  void aFolderWithoutTrainAndTestIsRejected() throws IOException {
    Random rng = new Random(16);
    // train/ alone, and the images one level too high, are not the layout.
    Path dir =
        ImageTestFiles.writeFolder(
            tmp.resolve("d"), List.of(ImageTestFiles.rgb("train/a/1.png", H, W, rng, "png")));
    assertFalse(ImageFolderReader.isPresent(dir));
    assertBad(
        () -> Datasets.load("folder", dir, 0),
        "folder:d: ",
        "no train/ and test/",
        dir.toString(),
        "expected train/<class>/<image> and test/<class>/<image>");
  }

  @Test
  void anArchiveWithoutTrainAndTestIsRejected() throws IOException {
    Random rng = new Random(17);
    Path archive =
        ImageTestFiles.writeZip(
            tmp.resolve("flat.zip"),
            ImageTestFiles.entries(
                "flat", List.of(ImageTestFiles.rgb("cats/1.png", H, W, rng, "png"))));
    assertBad(
        () -> Datasets.load("folder", archive, 0),
        "folder:flat: ",
        archive.toString(),
        "holds no train/<class>/ or test/<class>/ folders",
        "expected train/<class>/<image> and test/<class>/<image>");
  }

  @Test
  void aClassInOneSplitOnlyIsRejected() throws IOException {
    List<Img> images = new ArrayList<>(dataset(18));
    images.removeIf(i -> i.path().startsWith("test/mango/"));
    Path dir = ImageTestFiles.writeFolder(tmp.resolve("d"), images);
    assertBad(
        () -> Datasets.load("folder", dir, 0),
        "class 'mango' is in train/ but not in" + " test/ of " + dir,
        "expected the same class folders in both");
  }

  @Test
  void aClassOnlyInTestIsRejected() throws IOException {
    List<Img> images = new ArrayList<>(dataset(19));
    images.removeIf(i -> i.path().startsWith("train/zebra/"));
    Path archive =
        ImageTestFiles.writeTarGz(tmp.resolve("d.tar.gz"), ImageTestFiles.entries("d", images));
    assertBad(
        () -> Datasets.load("folder", archive, 0),
        "class 'zebra' is in test/ but not in" + " train/ of " + archive,
        "expected the same class folders in both");
  }

  @Test
  void anEmptyClassFolderIsRejected() throws IOException {
    List<Img> images = new ArrayList<>(dataset(20));
    images.removeIf(i -> i.path().startsWith("test/apple/"));
    Path dir = ImageTestFiles.writeFolder(tmp.resolve("d"), images);
    Files.createDirectories(dir.resolve("test").resolve("apple"));
    // A hidden file does not count as an image.
    Files.writeString(dir.resolve("test").resolve("apple").resolve(".DS_Store"), "x");
    assertBad(
        () -> Datasets.load("folder", dir, 0),
        "the class folder test/apple of " + dir + " is empty",
        "expected at least one image in it");
  }

  @Test
  void anEmptyClassFolderInAnArchiveIsRejected() throws IOException {
    List<Img> images = new ArrayList<>(dataset(21));
    images.removeIf(i -> i.path().startsWith("train/apple/"));
    List<Map.Entry<String, byte[]>> entries = new ArrayList<>(ImageTestFiles.entries(null, images));
    entries.add(Map.entry("train/apple/", new byte[0]));
    Path archive = ImageTestFiles.writeZip(tmp.resolve("d.zip"), entries);
    assertBad(
        () -> Datasets.load("folder", archive, 0),
        "the class folder train/apple of " + archive + " is empty",
        "expected at least one image in it");
  }

  @Test
  void aFileThatIsNotAnImageIsRejected() throws IOException {
    List<Img> images = dataset(22);
    Path dir = ImageTestFiles.writeFolder(tmp.resolve("d"), images);
    Path bad = dir.resolve("train").resolve("mango").resolve("notes.png");
    Files.writeString(bad, "not an image at all");
    assertBad(
        () -> Datasets.load("folder", dir, 0),
        "folder:d: " + bad,
        "is not a decodable image",
        "expected a PNG or JPEG file");
  }

  @Test
  void aTruncatedPngIsRejected() throws IOException {
    List<Img> images = new ArrayList<>(dataset(23));
    Img whole = images.get(0);
    byte[] half = Arrays.copyOf(whole.bytes(), whole.bytes().length / 2);
    images.set(0, new Img(whole.path(), half, 3, H, W, whole.chw()));
    Path archive =
        ImageTestFiles.writeTarGz(tmp.resolve("d.tar.gz"), ImageTestFiles.entries("d", images));
    assertBad(
        () -> Datasets.load("folder", archive, 0),
        "folder:d: d.tar.gz: d/" + whole.path(),
        "is not a decodable image",
        "expected a PNG or JPEG file");
  }

  @Test
  void imagesOfDifferentSizesAreRejectedWithoutResizing() throws IOException {
    List<Img> images = new ArrayList<>(dataset(24));
    images.add(ImageTestFiles.rgb("train/mango/z.png", H + 1, W, new Random(25), "png"));
    Path dir = ImageTestFiles.writeFolder(tmp.resolve("d"), images);
    Path odd = dir.resolve("train").resolve("mango").resolve("z.png");
    Path first = dir.resolve("train").resolve("apple").resolve("b.png");
    assertBad(
        () -> Datasets.load("folder", dir, 0),
        odd + " is 5x5",
        first + " is 4x5",
        "expected images of one size",
        "--image-size");
  }

  @Test
  void trainAndTestOfDifferentSizesAreRejected() throws IOException {
    Random rng = new Random(26);
    Path dir =
        ImageTestFiles.writeFolder(
            tmp.resolve("d"),
            List.of(
                ImageTestFiles.rgb("train/a/1.png", H, W, rng, "png"),
                ImageTestFiles.rgb("test/a/1.png", W, H, rng, "png")));
    assertBad(
        () -> Datasets.load("folder", dir, 0),
        "train images are 3x4x5",
        "test images are 3x5x4",
        dir.toString(),
        "expected one size");
  }

  @Test
  void aTruncatedTarGzIsRejected() throws IOException {
    Path archive =
        ImageTestFiles.truncateToHalf(
            ImageTestFiles.writeTarGz(
                tmp.resolve("d.tar.gz"), ImageTestFiles.entries("d", dataset(27))));
    assertTrue(Datasets.isPresent("folder", archive));
    DataException e =
        assertBad(
            () -> Datasets.load("folder", archive, 0),
            "folder:d: " + archive,
            "is truncated",
            "expected a complete archive");
    // A cut-off gzip stream fails with a message-less EOFException: say so, not "null".
    assertFalse(e.getMessage().contains("null"), e.getMessage());
  }

  @Test
  void aPlainTarCutAtAnEntryBoundaryIsRejected() throws IOException {
    // Cut right after an entry's data, losing only the last image (a second training image of
    // its class), so that every class is still there: without the end check this loads.
    List<Map.Entry<String, byte[]>> entries =
        new ArrayList<>(ImageTestFiles.entries(null, dataset(29)));
    entries.add(entries.remove(0));
    assertEquals("train/zebra/y.png", entries.get(entries.size() - 1).getKey());
    Path archive =
        ImageTestFiles.truncate(
            ImageTestFiles.writeTar(tmp.resolve("d.tar"), entries),
            ImageTestFiles.tarOffset(entries, entries.size() - 1));
    assertBad(
        () -> Datasets.load("folder", archive, 0),
        "folder:d: " + archive,
        "is truncated",
        "(at " + entries.get(entries.size() - 2).getKey() + ")",
        "end-of-archive record",
        "expected a complete archive");
  }

  @Test
  void aPlainTarCutInsideAHeaderIsRejected() throws IOException {
    // Cut 100 bytes into the last entry's header: a short record, also taken for the end.
    List<Map.Entry<String, byte[]>> entries =
        new ArrayList<>(ImageTestFiles.entries("top", dataset(30)));
    entries.add(entries.remove(0));
    Path archive =
        ImageTestFiles.truncate(
            ImageTestFiles.writeTar(tmp.resolve("d.tar"), entries),
            ImageTestFiles.tarOffset(entries, entries.size() - 1) + 100);
    assertBad(
        () -> Datasets.load("folder", archive, 0),
        "folder:d: " + archive,
        "is truncated",
        "expected a complete archive");
  }

  @Test
  void aCompletePlainTarIsRead() throws IOException {
    List<Img> images = dataset(31);
    Path archive =
        ImageTestFiles.writeTar(tmp.resolve("d.tar"), ImageTestFiles.entries(null, images));
    assertHolds(images, Datasets.load("folder", archive, 0));
  }

  @Test
  void aTruncatedZipIsRejected() throws IOException {
    Path archive =
        ImageTestFiles.truncateToHalf(
            ImageTestFiles.writeZip(
                tmp.resolve("d.zip"), ImageTestFiles.entries("d", dataset(28))));
    assertBad(
        () -> Datasets.load("folder", archive, 0),
        "folder:d: " + archive,
        "is truncated",
        "expected a complete archive");
  }

  @Test
  void aPlainFileThatIsNotAnArchiveIsRejected() throws IOException {
    Path file = Files.writeString(tmp.resolve("images.txt"), "train/a/1.png\n");
    assertFalse(Datasets.isPresent("folder", file));
    assertBad(
        () -> Datasets.load("folder", file, 0),
        "folder:images.txt: " + file,
        "is a file, not a folder",
        "expected a folder with train/ and test/ class folders");
  }

  @Test
  void aPathThatDoesNotExistIsRejected() {
    Path missing = tmp.resolve("nowhere");
    assertFalse(Datasets.isPresent("folder", missing));
    assertBad(
        () -> Datasets.load("folder", missing, 0),
        "folder:nowhere: " + missing,
        "does not exist",
        "expected a folder with train/ and test/ class folders");
  }

  @Test
  void folderWithoutADataDirIsRejected() {
    assertBad(
        () -> Datasets.load("folder", null, 0),
        "folder: no --data-dir given",
        "expected the folder");
  }
}
