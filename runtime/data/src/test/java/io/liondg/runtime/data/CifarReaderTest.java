package io.liondg.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.data.CifarReader.Variant;
import io.liondg.runtime.data.TestFiles.Records;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {

  private static final String[] TRAIN10 = {
    "data_batch_1.bin",
    "data_batch_2.bin",
    "data_batch_3.bin",
    "data_batch_4.bin",
    "data_batch_5.bin"
  };

  @TempDir Path tmp;

  private final Map<String, Records> cifar10 = TestFiles.cifar10Files(7, 3, 2, 4, 1, 3, 5);
  private final Map<String, Records> cifar100 = TestFiles.cifar100Files(8, 6, 4);

  private void assertCifar10(DataSplits data) {
    assertEquals("cifar10", data.name());
    assertEquals(13, data.train().size());
    assertEquals(5, data.test().size());
    assertEquals(3, data.channels());
    assertEquals(32, data.height());
    assertEquals(32, data.width());
    assertEquals(10, data.classes());
    // Training files are concatenated in batch order whatever order they were found in.
    assertArrayEquals(TestFiles.pixels(cifar10, TRAIN10), data.train().pixels());
    assertArrayEquals(TestFiles.labels(cifar10, TRAIN10), data.train().labels());
    assertArrayEquals(cifar10.get("test_batch.bin").pixels(), data.test().pixels());
    assertArrayEquals(cifar10.get("test_batch.bin").labels(), data.test().labels());
    assertEquals(Normalization.CIFAR10, data.normalization());
  }

  private void assertCifar100(DataSplits data) {
    assertEquals("cifar100", data.name());
    assertEquals(100, data.classes());
    assertArrayEquals(cifar100.get("train.bin").pixels(), data.train().pixels());
    assertArrayEquals(cifar100.get("train.bin").labels(), data.train().labels());
    assertArrayEquals(cifar100.get("test.bin").pixels(), data.test().pixels());
    assertArrayEquals(cifar100.get("test.bin").labels(), data.test().labels());
    assertEquals(Normalization.CIFAR100, data.normalization());
  }

  @Test
  void readsCifar10FolderGivenItself() throws IOException {
    Path folder = TestFiles.writeFolder(tmp.resolve("cifar-10-batches-bin"), cifar10);
    assertCifar10(CifarReader.read(Variant.CIFAR10, folder));
  }

  @Test
  void readsCifar10FolderGivenItsParent() throws IOException {
    TestFiles.writeFolder(tmp.resolve("cifar-10-batches-bin"), cifar10);
    assertTrue(CifarReader.isPresent(Variant.CIFAR10, tmp));
    assertCifar10(CifarReader.read(Variant.CIFAR10, tmp));
  }

  @Test
  void readsCifar10ArchiveGivenItselfOrItsFolder() throws IOException {
    Path archive =
        TestFiles.writeTarGz(
            tmp.resolve("cifar-10-binary.tar.gz"), "cifar-10-batches-bin", cifar10);
    assertCifar10(CifarReader.read(Variant.CIFAR10, archive));
    assertTrue(CifarReader.isPresent(Variant.CIFAR10, tmp));
    assertCifar10(CifarReader.read(Variant.CIFAR10, tmp));
  }

  @Test
  void pixelsAreChannelMajor() throws IOException {
    Path folder = TestFiles.writeFolder(tmp.resolve("cifar-10-batches-bin"), cifar10);
    ImageSet test = CifarReader.read(Variant.CIFAR10, folder).test();
    byte[] file = cifar10.get("test_batch.bin").fileBytes();
    // Record 2, green channel (1), row 5, column 7: byte 1 + 1024 + 5 * 32 + 7 of the record.
    assertEquals(file[2 * 3073 + 1 + 1024 + 5 * 32 + 7] & 0xFF, test.pixel(2, 1, 5, 7));
    assertEquals(file[2 * 3073] & 0xFF, test.label(2));
  }

  @Test
  void readsCifar100FolderAndArchiveUsingTheFineLabel() throws IOException {
    Path folder = TestFiles.writeFolder(tmp.resolve("a").resolve("cifar-100-binary"), cifar100);
    assertCifar100(CifarReader.read(Variant.CIFAR100, folder));
    assertCifar100(CifarReader.read(Variant.CIFAR100, tmp.resolve("a")));
    Files.createDirectories(tmp.resolve("b"));
    Path archive =
        TestFiles.writeTarGz(
            tmp.resolve("b").resolve("cifar-100-binary.tar.gz"), "cifar-100-binary", cifar100);
    assertCifar100(CifarReader.read(Variant.CIFAR100, archive));
    assertCifar100(CifarReader.read(Variant.CIFAR100, tmp.resolve("b")));
    // The fine labels span far more than the 20 coarse ones.
    assertTrue(Arrays.stream(cifar100.get("train.bin").labels()).anyMatch(l -> l >= 20));
  }

  @Test
  void missingFolderNamesItAndWhatToGet() {
    Path nowhere = tmp.resolve("nowhere");
    DataException e =
        assertThrows(DataException.class, () -> CifarReader.read(Variant.CIFAR10, nowhere));
    assertOneLine(e);
    assertTrue(e.getMessage().contains(nowhere + " does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("cifar-10-batches-bin/"), e.getMessage());
    assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz"), e.getMessage());
  }

  @Test
  void emptyFolderSaysWhichFolderOrArchiveIsExpected() {
    assertFalse(CifarReader.isPresent(Variant.CIFAR100, tmp));
    DataException e =
        assertThrows(DataException.class, () -> CifarReader.read(Variant.CIFAR100, tmp));
    assertOneLine(e);
    assertTrue(e.getMessage().contains("no CIFAR-100 data in " + tmp), e.getMessage());
    assertTrue(
        e.getMessage().contains("cifar-100-binary/ (train.bin and test.bin)"), e.getMessage());
    assertTrue(e.getMessage().contains("cifar-100-binary.tar.gz"), e.getMessage());
    assertTrue(
        e.getMessage().contains("https://www.cs.toronto.edu/~kriz/cifar.html"), e.getMessage());
  }

  @Test
  void missingFileInFolderIsNamed() throws IOException {
    Path folder = TestFiles.writeFolder(tmp.resolve("cifar-10-batches-bin"), cifar10);
    Files.delete(folder.resolve("data_batch_4.bin"));
    DataException e =
        assertThrows(DataException.class, () -> CifarReader.read(Variant.CIFAR10, tmp));
    assertOneLine(e);
    assertTrue(
        e.getMessage().startsWith("cifar10: missing data_batch_4.bin in " + folder),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("data_batch_1.bin .. data_batch_5.bin and test_batch.bin"),
        e.getMessage());
  }

  @Test
  void missingEntryInArchiveIsNamed() throws IOException {
    Map<String, Records> partial = new LinkedHashMap<>(cifar10);
    partial.remove("test_batch.bin");
    Path archive =
        TestFiles.writeTarGz(
            tmp.resolve("cifar-10-binary.tar.gz"), "cifar-10-batches-bin", partial);
    DataException e =
        assertThrows(DataException.class, () -> CifarReader.read(Variant.CIFAR10, archive));
    assertOneLine(e);
    assertTrue(
        e.getMessage().contains(archive + " has no entry cifar-10-batches-bin/test_batch.bin"),
        e.getMessage());
  }

  @Test
  void wrongFileSizeNamesFileAndRecordSize() throws IOException {
    Path folder = TestFiles.writeFolder(tmp.resolve("cifar-10-batches-bin"), cifar10);
    Path file = folder.resolve("data_batch_2.bin");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
    DataException e =
        assertThrows(DataException.class, () -> CifarReader.read(Variant.CIFAR10, folder));
    assertOneLine(e);
    assertTrue(
        e.getMessage().contains(file + " has " + (bytes.length - 100) + " bytes"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "not a whole number of 3073-byte records (1 label byte + " + "3072 pixel bytes)"),
        e.getMessage());
  }

  @Test
  void wrongCifar100SizeMentionsTwoLabelBytes() throws IOException {
    Path folder = TestFiles.writeFolder(tmp.resolve("cifar-100-binary"), cifar100);
    Path file = folder.resolve("test.bin");
    // A CIFAR-10 test file where CIFAR-100's is expected: 3073-byte records.
    Files.write(file, cifar10.get("test_batch.bin").fileBytes());
    DataException e =
        assertThrows(DataException.class, () -> CifarReader.read(Variant.CIFAR100, folder));
    assertOneLine(e);
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(
        e.getMessage().contains("3074-byte records (2 label bytes, coarse and fine"),
        e.getMessage());
  }

  @Test
  void truncatedArchiveNamesArchiveAndEntry() throws IOException {
    Path archive =
        TestFiles.writeTarGz(
            tmp.resolve("cifar-10-binary.tar.gz"), "cifar-10-batches-bin", cifar10);
    byte[] bytes = Files.readAllBytes(archive);
    Files.write(archive, Arrays.copyOf(bytes, bytes.length / 2));
    DataException e =
        assertThrows(DataException.class, () -> CifarReader.read(Variant.CIFAR10, archive));
    assertOneLine(e);
    assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz"), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void truncatedRecordInsideArchiveEntry() throws IOException {
    // The tar header promises whole records, but the entry's data stop early: a cut-off copy.
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (String name : cifar10.keySet()) {
      entries.put("cifar-10-batches-bin/" + name, cifar10.get(name).fileBytes());
    }
    Path archive =
        TestFiles.writeTarGzEntries(
            tmp.resolve("cifar-10-binary.tar.gz"), "cifar-10-batches-bin", entries);
    // Cut the uncompressed tar inside data_batch_3.bin and recompress it.
    byte[] tar =
        new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(
                Files.newInputStream(archive))
            .readAllBytes();
    int cut = indexOf(tar, cifar10.get("data_batch_3.bin").fileBytes()) + 3073 + 500;
    Files.write(archive, TestFiles.gzip(Arrays.copyOf(tar, cut)));
    DataException e =
        assertThrows(DataException.class, () -> CifarReader.read(Variant.CIFAR10, archive));
    assertOneLine(e);
    assertTrue(e.getMessage().contains("data_batch_3.bin"), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void labelOutOfRangeNamesFileRecordAndRange() throws IOException {
    Path folder = TestFiles.writeFolder(tmp.resolve("cifar-10-batches-bin"), cifar10);
    Path file = folder.resolve("test_batch.bin");
    byte[] bytes = Files.readAllBytes(file);
    bytes[3 * 3073] = 12;
    Files.write(file, bytes);
    DataException e =
        assertThrows(DataException.class, () -> CifarReader.read(Variant.CIFAR10, folder));
    assertOneLine(e);
    assertTrue(
        e.getMessage().contains(file + ": record 3 has label 12, expected 0..9"), e.getMessage());
  }

  @Test
  void cifar100FineAndCoarseLabelsAreChecked() throws IOException {
    Path folder = TestFiles.writeFolder(tmp.resolve("cifar-100-binary"), cifar100);
    Path file = folder.resolve("train.bin");
    byte[] bytes = Files.readAllBytes(file);
    bytes[2 * 3074 + 1] = (byte) 100;
    Files.write(file, bytes);
    DataException fine =
        assertThrows(DataException.class, () -> CifarReader.read(Variant.CIFAR100, folder));
    assertTrue(
        fine.getMessage().contains(file + ": record 2 has label 100, expected 0..99"),
        fine.getMessage());
    bytes[2 * 3074 + 1] = 5;
    bytes[4 * 3074] = (byte) 200;
    Files.write(file, bytes);
    DataException coarse =
        assertThrows(DataException.class, () -> CifarReader.read(Variant.CIFAR100, folder));
    assertOneLine(coarse);
    assertTrue(
        coarse.getMessage().contains(file + ": record 4 has coarse label 200, expected 0..19"),
        coarse.getMessage());
  }

  @Test
  void garbageArchiveIsReportedNotThrownRaw() throws IOException {
    Path archive = tmp.resolve("cifar-10-binary.tar.gz");
    Files.write(archive, TestFiles.gzip("this is not a tar file at all".repeat(40).getBytes()));
    DataException e =
        assertThrows(DataException.class, () -> CifarReader.read(Variant.CIFAR10, archive));
    assertOneLine(e);
    assertTrue(e.getMessage().contains(archive.toString()), e.getMessage());
  }

  static void assertOneLine(DataException e) {
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().isBlank());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < 64; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
