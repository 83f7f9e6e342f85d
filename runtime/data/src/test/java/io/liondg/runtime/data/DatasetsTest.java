package io.liondg.runtime.data;

import static io.liondg.runtime.data.CifarReaderTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

  @TempDir Path tmp;

  @Test
  void namesAreTheDesignNames() {
    assertEquals(
        List.of("cifar10", "cifar100", "fashion-mnist", "synthetic", "folder"), Datasets.NAMES);
  }

  @Test
  void unknownNameListsTheValidOnes() {
    DataException e = assertThrows(DataException.class, () -> Datasets.load("mnist", null, 1));
    assertOneLine(e);
    assertEquals(
        "unknown dataset 'mnist'; expected one of cifar10, cifar100, fashion-mnist, "
            + "synthetic, folder",
        e.getMessage());
  }

  @Test
  void defaultFolders() {
    assertEquals(
        List.of(Path.of("/usr/share/datasets/fashion-mnist")),
        Datasets.defaultDirs("fashion-mnist"));
    assertEquals(
        List.of(Path.of("data"), Path.of(System.getProperty("user.home"), ".lion-dg", "data")),
        Datasets.defaultDirs("cifar10"));
    assertEquals(Datasets.defaultDirs("cifar10"), Datasets.defaultDirs("cifar100"));
    assertEquals(List.of(), Datasets.defaultDirs("synthetic"));
    assertNull(Datasets.defaultDir("synthetic"));
    assertEquals(
        Path.of("/usr/share/datasets/fashion-mnist"), Datasets.defaultDir("fashion-mnist"));
  }

  @Test
  void loadsSyntheticFromTheSeed() {
    DataSplits a = Datasets.load("synthetic", null, 5);
    DataSplits b = Datasets.load("synthetic", tmp, 5);
    assertArrayEquals(a.train().pixels(), b.train().pixels());
    assertTrue(Datasets.isPresent("synthetic", tmp));
  }

  @Test
  void loadsFromAGivenFolder() throws IOException {
    Random rng = new Random(1);
    TestFiles.writeFashion(tmp.resolve("f"), TestFiles.idx(rng, 3), TestFiles.idx(rng, 2), true);
    assertEquals(3, Datasets.load("fashion-mnist", tmp.resolve("f"), 0).train().size());
    TestFiles.writeFolder(
        tmp.resolve("c").resolve("cifar-100-binary"), TestFiles.cifar100Files(2, 3, 2));
    assertTrue(Datasets.isPresent("cifar100", tmp.resolve("c")));
    assertEquals(2, Datasets.load("cifar100", tmp.resolve("c"), 0).test().size());
    TestFiles.writeTarGz(
        tmp.resolve("cifar-10-binary.tar.gz"),
        "cifar-10-batches-bin",
        TestFiles.cifar10Files(3, 1, 1, 1, 1, 1, 2));
    assertTrue(Datasets.isPresent("cifar10", tmp));
    assertEquals(5, Datasets.load("cifar10", tmp, 0).train().size());
  }

  @Test
  void tellsTheFormLoadWouldReadByFileNames() throws IOException {
    TestFiles.writeFashion(
        tmp.resolve("f"), TestFiles.idx(new Random(1), 3), TestFiles.idx(new Random(2), 2), true);
    assertEquals(Optional.of(DataSplits.IDX), Datasets.form("fashion-mnist", tmp.resolve("f")));
    TestFiles.writeTarGz(
        tmp.resolve("cifar-10-binary.tar.gz"),
        "cifar-10-batches-bin",
        TestFiles.cifar10Files(3, 1, 1, 1, 1, 1, 2));
    assertEquals(Optional.of(DataSplits.BINARY), Datasets.form("cifar10", tmp));
    assertEquals(
        Optional.of(DataSplits.BINARY),
        Datasets.form("cifar10", tmp.resolve("cifar-10-binary.tar.gz")));
    assertEquals(Optional.of(DataSplits.GENERATED), Datasets.form("synthetic", null));
    assertEquals(Optional.empty(), Datasets.form("cifar100", tmp.resolve("empty")));
  }

  @Test
  void missingCifarNamesTheFolderAndWhatToPutThere() {
    DataException e =
        assertThrows(DataException.class, () -> Datasets.load("cifar10", tmp.resolve("empty"), 0));
    assertOneLine(e);
    assertTrue(
        e.getMessage().startsWith("cifar10: data folder " + tmp.resolve("empty")), e.getMessage());
    assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz"), e.getMessage());
    assertTrue(
        e.getMessage().contains("or give CIFAR-10 as image class folders (train/<class>/"),
        e.getMessage());
  }

  @Test
  void missingCifarInTheDefaultFoldersNamesBoth() {
    // Only meaningful where neither default folder holds CIFAR-100, as on a fresh machine.
    org.junit.jupiter.api.Assumptions.assumeTrue(Datasets.find("cifar100").isEmpty());
    DataException e = assertThrows(DataException.class, () -> Datasets.load("cifar100", null, 0));
    assertOneLine(e);
    assertTrue(e.getMessage().startsWith("cifar100: no data in data or "), e.getMessage());
    assertTrue(e.getMessage().contains(".lion-dg"), e.getMessage());
    assertTrue(e.getMessage().contains("cifar-100-binary.tar.gz"), e.getMessage());
  }
}
