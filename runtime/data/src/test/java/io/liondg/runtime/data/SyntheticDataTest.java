package io.liondg.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.data.SyntheticData.Spec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticDataTest {

  @Test
  void defaultShape() {
    DataSplits data = SyntheticData.generate(42);
    assertEquals("synthetic", data.name());
    assertEquals(2048, data.train().size());
    assertEquals(512, data.test().size());
    assertEquals(3, data.channels());
    assertEquals(32, data.height());
    assertEquals(32, data.width());
    assertEquals(10, data.classes());
    int[] counts = new int[10];
    for (int label : data.train().labels()) {
      counts[label]++;
    }
    for (int count : counts) {
      assertTrue(count == 204 || count == 205, Arrays.toString(counts));
    }
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() {
    Spec spec = new Spec(3, 16, 16, 4, 64, 32);
    DataSplits a = SyntheticData.generate(spec, 7);
    DataSplits b = SyntheticData.generate(spec, 7);
    DataSplits c = SyntheticData.generate(spec, 8);
    assertArrayEquals(a.train().pixels(), b.train().pixels());
    assertArrayEquals(a.test().pixels(), b.test().pixels());
    assertArrayEquals(a.train().labels(), b.train().labels());
    assertEquals(a.normalization(), b.normalization());
    assertFalse(Arrays.equals(a.train().pixels(), c.train().pixels()));
    // Train and test are different images.
    assertFalse(Arrays.equals(Arrays.copyOf(a.train().pixels(), 32 * 768), a.test().pixels()));
  }

  @Test
  void imagesDoNotDependOnTheSplitSize() {
    DataSplits small = SyntheticData.generate(new Spec(1, 8, 8, 3, 10, 5), 1);
    DataSplits large = SyntheticData.generate(new Spec(1, 8, 8, 3, 40, 20), 1);
    assertArrayEquals(small.train().pixels(), large.train().first(10).pixels());
    assertArrayEquals(small.test().pixels(), large.test().first(5).pixels());
  }

  @Test
  void normalizationIsComputedFromTheTrainSplit() {
    DataSplits data = SyntheticData.generate(new Spec(3, 16, 16, 4, 200, 50), 3);
    assertEquals(Normalization.compute(data.train()), data.normalization());
    // Centred near mid-grey with a spread of about 40 / 255 * sqrt(1.7).
    for (int c = 0; c < 3; c++) {
      assertEquals(0.5, data.normalization().mean()[c], 0.05);
      assertTrue(data.normalization().std()[c] > 0.15 && data.normalization().std()[c] < 0.35);
    }
  }

  @Test
  void classTemplatesDiffer() {
    Spec spec = Spec.DEFAULT;
    double[][] templates = SyntheticData.templates(spec, 42);
    for (int a = 0; a < templates.length; a++) {
      for (int b = a + 1; b < templates.length; b++) {
        double cosine =
            dot(templates[a], templates[b])
                / Math.sqrt(dot(templates[a], templates[a]) * dot(templates[b], templates[b]));
        assertTrue(cosine < 0.6, "classes " + a + " and " + b + " look alike: " + cosine);
      }
    }
  }

  @Test
  void learnableInPrinciple() {
    // A nearest-class-mean classifier on raw pixels, fitted on train, scored on test: if this
    // simple linear rule is far above chance (10 %), a CNN has signal to learn. It must not be
    // perfect either, or the dataset would say nothing about convergence speed.
    DataSplits data = SyntheticData.generate(42);
    ImageSet train = data.train();
    int d = train.sampleSize();
    double[][] means = new double[10][d];
    int[] counts = new int[10];
    for (int i = 0; i < train.size(); i++) {
      int k = train.label(i);
      counts[k]++;
      for (int p = 0; p < d; p++) {
        means[k][p] += train.pixels()[i * d + p] & 0xFF;
      }
    }
    for (int k = 0; k < 10; k++) {
      for (int p = 0; p < d; p++) {
        means[k][p] /= counts[k];
      }
    }
    ImageSet test = data.test();
    int correct = 0;
    for (int i = 0; i < test.size(); i++) {
      int best = -1;
      double bestDistance = Double.MAX_VALUE;
      for (int k = 0; k < 10; k++) {
        double distance = 0;
        for (int p = 0; p < d; p++) {
          double diff = (test.pixels()[i * d + p] & 0xFF) - means[k][p];
          distance += diff * diff;
        }
        if (distance < bestDistance) {
          bestDistance = distance;
          best = k;
        }
      }
      correct += best == test.label(i) ? 1 : 0;
    }
    double accuracy = correct / (double) test.size();
    assertTrue(accuracy > 0.5, "nearest-mean accuracy " + accuracy);
  }

  @Test
  void rejectsBadSpecs() {
    assertThrows(IllegalArgumentException.class, () -> new Spec(3, 32, 32, 1, 10, 10));
    assertThrows(IllegalArgumentException.class, () -> new Spec(3, 32, 32, 10, 0, 10));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
