package io.liondg.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalizationTest {

  @Test
  void publishedConstants() {
    assertArrayEquals(new float[] {0.4914f, 0.4822f, 0.4465f}, Normalization.CIFAR10.mean());
    assertArrayEquals(new float[] {0.2470f, 0.2435f, 0.2616f}, Normalization.CIFAR10.std());
    assertArrayEquals(new float[] {0.5071f, 0.4865f, 0.4409f}, Normalization.CIFAR100.mean());
    assertArrayEquals(new float[] {0.2673f, 0.2564f, 0.2762f}, Normalization.CIFAR100.std());
    assertArrayEquals(new float[] {0.2860f}, Normalization.FASHION_MNIST.mean());
    assertArrayEquals(new float[] {0.3530f}, Normalization.FASHION_MNIST.std());
  }

  @Test
  void constantsCannotBeChangedThroughTheirArrays() {
    Normalization.CIFAR10.mean()[0] = 99;
    assertEquals(0.4914f, Normalization.CIFAR10.mean()[0]);
    float[] mean = {0.5f};
    Normalization n = new Normalization(mean, new float[] {0.25f});
    mean[0] = 7;
    assertEquals(0.5f, n.mean()[0]);
  }

  @Test
  void appliesXOver255MinusMeanOverStd() {
    Normalization n = new Normalization(new float[] {0.5f, 0.25f}, new float[] {0.5f, 0.125f});
    assertEquals((0 / 255.0 - 0.5) / 0.5, n.apply(0, 0), 1e-6);
    assertEquals((255 / 255.0 - 0.5) / 0.5, n.apply(0, 255), 1e-6);
    assertEquals((100 / 255.0 - 0.25) / 0.125, n.apply(1, 100), 1e-5);
    // The fused form batching uses agrees with apply to within float rounding.
    float[] scale = n.scales();
    float[] offset = n.offsets();
    for (int c = 0; c < 2; c++) {
      for (int v = 0; v < 256; v++) {
        assertEquals(n.apply(c, v), v * scale[c] + offset[c], 1e-5);
      }
    }
  }

  @Test
  void computesExactPerChannelStatistics() {
    // Two 1x2 images with 2 channels: channel 0 holds 0, 255, 0, 255; channel 1 holds 51 x4.
    byte[] pixels = {0, (byte) 255, 51, 51, 0, (byte) 255, 51, 51};
    ImageSet set = new ImageSet("t", 2, 1, 2, 2, pixels, new int[] {0, 1});
    Normalization n = Normalization.compute(set);
    assertEquals(0.5f, n.mean()[0], 1e-7);
    assertEquals(0.5f, n.std()[0], 1e-7);
    assertEquals(0.2f, n.mean()[1], 1e-7);
    // A constant channel gets a floor instead of a zero std.
    assertEquals(1 / 255f, n.std()[1], 1e-7);
  }

  @Test
  void rejectsBadShapes() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Normalization(new float[] {0.5f}, new float[] {0.5f, 0.5f}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Normalization(new float[] {0.5f}, new float[] {0f}));
  }
}
