package io.liondg.runtime.data;

import static io.liondg.runtime.data.CifarReaderTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.data.TestFiles.Idx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FashionMnistTest {

  @TempDir Path tmp;

  private final Random rng = new Random(11);
  private final Idx train = TestFiles.idx(rng, 7);
  private final Idx test = TestFiles.idx(rng, 4);

  @ParameterizedTest(name = "gzipped={0}")
  @ValueSource(booleans = {false, true})
  void readsBackExactlyWhatWasWritten(boolean gz) throws IOException {
    TestFiles.writeFashion(tmp, train, test, gz);
    assertTrue(FashionMnist.isPresent(tmp));
    DataSplits data = FashionMnist.read(tmp);
    assertEquals("fashion-mnist", data.name());
    assertEquals(1, data.channels());
    assertEquals(28, data.height());
    assertEquals(28, data.width());
    assertEquals(10, data.classes());
    assertArrayEquals(train.pixels(), data.train().pixels());
    assertArrayEquals(train.labelInts(), data.train().labels());
    assertArrayEquals(test.pixels(), data.test().pixels());
    assertArrayEquals(test.labelInts(), data.test().labels());
    assertEquals(Normalization.FASHION_MNIST, data.normalization());
    // Row-major: pixel (row 3, column 9) of image 1 is byte 784 + 3 * 28 + 9.
    assertEquals(train.pixels()[784 + 3 * 28 + 9] & 0xFF, data.train().pixel(1, 0, 3, 9));
  }

  @Test
  void gzipIsRecognisedByContentAndDottedNamesWork() throws IOException {
    // Gzipped data under raw, dotted names (as some mirrors ship them).
    Files.write(
        tmp.resolve("train-images.idx3-ubyte"),
        TestFiles.gzip(TestFiles.idxImages(2051, 7, 28, 28, train.pixels())));
    Files.write(
        tmp.resolve("train-labels.idx1-ubyte"), TestFiles.idxLabels(2049, 7, train.labels()));
    Files.write(
        tmp.resolve("t10k-images.idx3-ubyte.gz"),
        TestFiles.gzip(TestFiles.idxImages(2051, 4, 28, 28, test.pixels())));
    Files.write(
        tmp.resolve("t10k-labels.idx1-ubyte.gz"),
        TestFiles.gzip(TestFiles.idxLabels(2049, 4, test.labels())));
    DataSplits data = FashionMnist.read(tmp);
    assertArrayEquals(train.pixels(), data.train().pixels());
    assertArrayEquals(test.labelInts(), data.test().labels());
  }

  @Test
  void missingFolderSaysHowToInstall() {
    Path nowhere = tmp.resolve("nowhere");
    DataException e = assertThrows(DataException.class, () -> FashionMnist.read(nowhere));
    assertOneLine(e);
    assertTrue(e.getMessage().contains(nowhere + " does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
  }

  @Test
  void missingFileIsNamedWithWhatIsExpected() throws IOException {
    TestFiles.writeFashion(tmp, train, test, true);
    Files.delete(tmp.resolve("t10k-labels-idx1-ubyte.gz"));
    assertFalse(FashionMnist.isPresent(tmp));
    DataException e = assertThrows(DataException.class, () -> FashionMnist.read(tmp));
    assertOneLine(e);
    assertTrue(
        e.getMessage().startsWith("fashion-mnist: missing t10k-labels-idx1-ubyte[.gz] in " + tmp),
        e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    assertTrue(e.getMessage().contains("/usr/share/datasets/fashion-mnist"), e.getMessage());
  }

  @ParameterizedTest(name = "gzipped={0}")
  @ValueSource(booleans = {false, true})
  void wrongMagicNumberNamesFileAndExpectedMagic(boolean gz) throws IOException {
    TestFiles.writeFashion(tmp, train, test, gz);
    // A labels file where the images file should be.
    Path images = tmp.resolve("train-images-idx3-ubyte" + (gz ? ".gz" : ""));
    TestFiles.write(images, TestFiles.idxLabels(2049, 7, train.labels()), gz);
    DataException e = assertThrows(DataException.class, () -> FashionMnist.read(tmp));
    assertOneLine(e);
    assertEquals(
        images
            + ": IDX magic number is 2049 (that of a labels file), expected 2051 "
            + "for images (idx3-ubyte)",
        e.getMessage());

    TestFiles.writeFashion(tmp, train, test, gz);
    Path labels = tmp.resolve("t10k-labels-idx1-ubyte" + (gz ? ".gz" : ""));
    TestFiles.write(labels, TestFiles.idxLabels(1234, 4, test.labels()), gz);
    e = assertThrows(DataException.class, () -> FashionMnist.read(tmp));
    assertEquals(
        labels + ": IDX magic number is 1234, expected 2049 for labels (idx1-ubyte)",
        e.getMessage());
  }

  @Test
  void truncatedRawImagesFile() throws IOException {
    TestFiles.writeFashion(tmp, train, test, false);
    Path images = tmp.resolve("t10k-images-idx3-ubyte");
    byte[] bytes = Files.readAllBytes(images);
    Files.write(images, Arrays.copyOf(bytes, bytes.length - 30));
    DataException e = assertThrows(DataException.class, () -> FashionMnist.read(tmp));
    assertOneLine(e);
    assertEquals(
        images
            + " is truncated: "
            + (bytes.length - 30)
            + " bytes, expected "
            + bytes.length
            + " (16-byte header + 4 images of 28x28)",
        e.getMessage());
  }

  @Test
  void truncatedGzippedImagesFile() throws IOException {
    TestFiles.writeFashion(tmp, train, test, true);
    Path images = tmp.resolve("train-images-idx3-ubyte.gz");
    // A complete gzip of an incomplete file.
    TestFiles.write(
        images,
        Arrays.copyOf(TestFiles.idxImages(2051, 7, 28, 28, train.pixels()), 16 + 5 * 784),
        true);
    DataException e = assertThrows(DataException.class, () -> FashionMnist.read(tmp));
    assertOneLine(e);
    assertEquals(
        images
            + " is truncated: "
            + (16 + 5 * 784)
            + " bytes, expected "
            + (16 + 7 * 784)
            + " (16-byte header + 7 images of 28x28)",
        e.getMessage());
  }

  @Test
  void cutOffGzipStream() throws IOException {
    TestFiles.writeFashion(tmp, train, test, true);
    Path images = tmp.resolve("train-images-idx3-ubyte.gz");
    byte[] bytes = Files.readAllBytes(images);
    Files.write(images, Arrays.copyOf(bytes, bytes.length / 2));
    DataException e = assertThrows(DataException.class, () -> FashionMnist.read(tmp));
    assertOneLine(e);
    assertTrue(e.getMessage().startsWith(images + " is truncated"), e.getMessage());
  }

  @Test
  void truncatedHeader() throws IOException {
    TestFiles.writeFashion(tmp, train, test, false);
    Path labels = tmp.resolve("train-labels-idx1-ubyte");
    Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0});
    DataException e = assertThrows(DataException.class, () -> FashionMnist.read(tmp));
    assertOneLine(e);
    assertTrue(
        e.getMessage().startsWith(labels + " is truncated: it ends inside the IDX header"),
        e.getMessage());
  }

  @Test
  void extraBytesAreAWrongSize() throws IOException {
    TestFiles.writeFashion(tmp, train, test, false);
    Path labels = tmp.resolve("train-labels-idx1-ubyte");
    Files.write(labels, TestFiles.idxLabels(2049, 6, train.labels()));
    DataException e = assertThrows(DataException.class, () -> FashionMnist.read(tmp));
    assertOneLine(e);
    assertEquals(
        labels
            + " has 15 bytes, expected 14 (8-byte header + 6 labels); the header and "
            + "the data disagree",
        e.getMessage());
  }

  @Test
  void countMismatchBetweenImagesAndLabels() throws IOException {
    TestFiles.writeFashion(tmp, train, test, true);
    Path labels = tmp.resolve("train-labels-idx1-ubyte.gz");
    TestFiles.write(labels, TestFiles.idxLabels(2049, 6, Arrays.copyOf(train.labels(), 6)), true);
    DataException e = assertThrows(DataException.class, () -> FashionMnist.read(tmp));
    assertOneLine(e);
    assertEquals(
        labels
            + " has 6 labels but train-images-idx3-ubyte.gz has 7 images; expected "
            + "one label per image",
        e.getMessage());
  }

  @Test
  void labelOutOfRange() throws IOException {
    TestFiles.writeFashion(tmp, train, test, true);
    byte[] bad = test.labels().clone();
    bad[2] = 10;
    Path labels = tmp.resolve("t10k-labels-idx1-ubyte.gz");
    TestFiles.write(labels, TestFiles.idxLabels(2049, 4, bad), true);
    DataException e = assertThrows(DataException.class, () -> FashionMnist.read(tmp));
    assertOneLine(e);
    assertEquals(labels + ": label 2 is 10, expected 0..9", e.getMessage());
  }

  @Test
  void wrongImageSize() throws IOException {
    TestFiles.writeFashion(tmp, train, test, false);
    Path images = tmp.resolve("train-images-idx3-ubyte");
    Files.write(images, TestFiles.idxImages(2051, 7, 32, 32, new byte[7 * 32 * 32]));
    DataException e = assertThrows(DataException.class, () -> FashionMnist.read(tmp));
    assertOneLine(e);
    assertEquals(images + ": images are 32x32, expected 28x28 for Fashion-MNIST", e.getMessage());
  }

  @Test
  void absurdHeaderDoesNotAllocate() throws IOException {
    TestFiles.writeFashion(tmp, train, test, true);
    Path images = tmp.resolve("train-images-idx3-ubyte.gz");
    TestFiles.write(images, TestFiles.idxImages(2051, 1 << 30, 28, 28, new byte[10]), true);
    DataException e = assertThrows(DataException.class, () -> FashionMnist.read(tmp));
    assertOneLine(e);
    assertTrue(e.getMessage().contains("too many to hold in memory"), e.getMessage());
  }
}
