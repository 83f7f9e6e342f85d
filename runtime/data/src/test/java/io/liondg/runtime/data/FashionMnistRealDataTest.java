package io.liondg.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads Debian's real Fashion-MNIST when it is installed ({@code dataset-fashion-mnist}). */
class FashionMnistRealDataTest {

  @Test
  void readsDebiansFashionMnist() {
    Path dir = Path.of(FashionMnist.DEBIAN_DIR);
    assumeTrue(FashionMnist.isPresent(dir), "dataset-fashion-mnist is not installed");
    DataSplits data = Datasets.load("fashion-mnist", null, 0);
    assertEquals(60000, data.train().size());
    assertEquals(10000, data.test().size());
    int[] counts = new int[10];
    for (int label : data.train().labels()) {
      assertTrue(label >= 0 && label < 10);
      counts[label]++;
    }
    for (int count : counts) {
      // Fashion-MNIST is balanced: 6000 images per class.
      assertEquals(6000, count);
    }
    for (int label : data.test().labels()) {
      assertTrue(label >= 0 && label < 10);
    }
    // The published constants are those of this training split.
    Normalization computed = Normalization.compute(data.train());
    assertEquals(Normalization.FASHION_MNIST.mean()[0], computed.mean()[0], 5e-4);
    assertEquals(Normalization.FASHION_MNIST.std()[0], computed.std()[0], 5e-4);
  }
}
