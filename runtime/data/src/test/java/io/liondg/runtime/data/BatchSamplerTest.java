package io.liondg.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {

  private static final int C = 2;
  private static final int H = 3;
  private static final int W = 5;

  /** Random images whose first pixel is the image's index; label = index % 7. */
  private static ImageSet numbered(int n) {
    Random rng = new Random(3);
    byte[] pixels = new byte[n * C * H * W];
    rng.nextBytes(pixels);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 7;
      // The first pixel identifies the image, for the order tests.
      pixels[i * C * H * W] = (byte) i;
    }
    return new ImageSet("t", C, H, W, 7, pixels, labels);
  }

  /** Leaves pixel values as they are (x / 255 / (1 / 255)), so tests can read images back. */
  private static final Normalization IDENTITY_ISH =
      new Normalization(new float[] {0f, 0f}, new float[] {1 / 255f, 1 / 255f});

  /** The image a slot holds: its id pixel is at column 0, or at column W - 1 if mirrored. */
  private static int source(ImageBatch batch, int slot, ImageSet set) {
    float[] f = batch.features();
    int base = slot * C * H * W;
    int plain = Math.round(f[base]);
    if (plain < set.size() && matches(batch, slot, set, plain, false)) {
      return plain;
    }
    return Math.round(f[base + W - 1]);
  }

  private static boolean matches(
      ImageBatch batch, int slot, ImageSet set, int index, boolean flip) {
    float[] f = batch.features();
    int base = slot * C * H * W;
    for (int c = 0; c < C; c++) {
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          int sx = flip ? W - 1 - x : x;
          float expected = (float) set.pixel(index, c, y, sx);
          if (Math.abs(f[base + (c * H + y) * W + x] - expected) > 1e-3) {
            return false;
          }
        }
      }
    }
    return true;
  }

  @Test
  void everyEpochIsAPermutation() {
    ImageSet set = numbered(100);
    BatchSampler sampler = new BatchSampler(set, IDENTITY_ISH, 10, 42, false);
    List<Integer> previous = null;
    for (int epoch = 0; epoch < 3; epoch++) {
      List<Integer> seen = new ArrayList<>();
      for (int b = 0; b < 10; b++) {
        ImageBatch batch = sampler.next();
        assertEquals(10, batch.size());
        for (int s = 0; s < 10; s++) {
          int i = source(batch, s, set);
          assertTrue(matches(batch, s, set, i, false));
          assertEquals(set.label(i), batch.labels()[s]);
          seen.add(i);
        }
      }
      List<Integer> sorted = new ArrayList<>(seen);
      sorted.sort(null);
      for (int i = 0; i < 100; i++) {
        assertEquals(i, sorted.get(i), "epoch " + epoch + " is not a permutation");
      }
      assertNotEquals(previous, seen, "each epoch has its own order");
      previous = seen;
    }
    assertEquals(3, sampler.epoch());
    assertEquals(30, sampler.batches());
    assertEquals(300, sampler.images());
  }

  @Test
  void batchesRunAcrossEpochBoundaries() {
    ImageSet set = numbered(10);
    BatchSampler sampler = new BatchSampler(set, IDENTITY_ISH, 4, 1, false);
    int[] counts = new int[10];
    for (int b = 0; b < 5; b++) {
      assertEquals(b * 4 / 10, sampler.epoch());
      ImageBatch batch = sampler.next();
      assertEquals(4, batch.size());
      for (int s = 0; s < 4; s++) {
        counts[source(batch, s, set)]++;
      }
    }
    // 20 images = exactly two epochs: everyone twice, nothing dropped.
    int[] twice = new int[10];
    Arrays.fill(twice, 2);
    assertArrayEquals(twice, counts);
  }

  @Test
  void sameSeedSameBatchesOtherSeedOtherOrder() {
    ImageSet set = numbered(64);
    BatchSampler a = new BatchSampler(set, IDENTITY_ISH, 16, 123, true);
    BatchSampler b = new BatchSampler(set, IDENTITY_ISH, 16, 123, true);
    BatchSampler c = new BatchSampler(set, IDENTITY_ISH, 16, 456, true);
    boolean differs = false;
    for (int step = 0; step < 12; step++) {
      ImageBatch x = a.next();
      float[] fx = x.features().clone();
      int[] lx = x.labels().clone();
      ImageBatch y = b.next();
      assertArrayEquals(fx, y.features());
      assertArrayEquals(lx, y.labels());
      differs |= !Arrays.equals(fx, c.next().features());
    }
    assertTrue(differs);
  }

  @Test
  void flipsAboutHalfPerSampleExactlyLeftRightAndOrderIsUnchangedByFlipping() {
    ImageSet set = numbered(200);
    BatchSampler plain = new BatchSampler(set, IDENTITY_ISH, 50, 9, false);
    BatchSampler flipping = new BatchSampler(set, IDENTITY_ISH, 50, 9, true);
    int flips = 0;
    int total = 0;
    for (int step = 0; step < 40; step++) {
      ImageBatch p = plain.next();
      float[] pf = p.features().clone();
      ImageBatch f = flipping.next();
      int inBatch = 0;
      for (int s = 0; s < 50; s++) {
        // Same image in the same slot: the order does not depend on flipping.
        int i = source(p, s, set);
        boolean same = matches(f, s, set, i, false);
        boolean mirrored = matches(f, s, set, i, true);
        assertTrue(same || mirrored, "slot " + s + " is neither image " + i + " nor its mirror");
        assertTrue(matches(p, s, set, i, false));
        assertEquals(set.label(i), f.labels()[s]);
        if (mirrored && !same) {
          flips++;
          inBatch++;
          // Exactly left-right: row y of channel c reversed, nothing else.
          int base = s * C * H * W;
          for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
              for (int x = 0; x < W; x++) {
                int row = base + (c * H + y) * W;
                assertEquals(pf[row + W - 1 - x], f.features()[row + x]);
              }
            }
          }
        }
        total++;
      }
      // Per sample, not per batch: a batch is neither all flipped nor all plain.
      assertTrue(inBatch > 0 && inBatch < 50, "batch " + step + " flipped " + inBatch + "/50");
    }
    double rate = flips / (double) total;
    assertTrue(Math.abs(rate - 0.5) < 0.05, "flip rate " + rate);
  }

  @Test
  void normalizesWithTheDatasetStatistics() {
    ImageSet set = numbered(8);
    Normalization n = new Normalization(new float[] {0.3f, 0.6f}, new float[] {0.2f, 0.4f});
    EvalBatches eval = new EvalBatches(set, n, 8);
    ImageBatch batch = eval.iterator().next();
    for (int i = 0; i < 8; i++) {
      for (int c = 0; c < C; c++) {
        for (int y = 0; y < H; y++) {
          for (int x = 0; x < W; x++) {
            double expected = (set.pixel(i, c, y, x) / 255.0 - n.mean()[c]) / n.std()[c];
            assertEquals(expected, batch.features()[((i * C + c) * H + y) * W + x], 1e-5);
          }
        }
      }
    }
  }

  @Test
  void evaluationIsInOrderUnflippedWithAShortLastBatch() {
    ImageSet set = numbered(23);
    EvalBatches eval = new EvalBatches(set, IDENTITY_ISH, 10);
    assertEquals(3, eval.count());
    int next = 0;
    List<Integer> sizes = new ArrayList<>();
    for (ImageBatch batch : eval) {
      sizes.add(batch.size());
      for (int s = 0; s < batch.size(); s++, next++) {
        assertTrue(matches(batch, s, set, next, false));
        assertEquals(set.label(next), batch.labels()[s]);
      }
    }
    assertEquals(List.of(10, 10, 3), sizes);
    assertEquals(23, next);
    // Iterable again, from the start.
    assertEquals(10, eval.iterator().next().size());
  }

  @Test
  void handOverPathMakesIndependentArraysToo() {
    ImageSet set = numbered(12);
    EvalBatches eval = new EvalBatches(set, IDENTITY_ISH, 5);
    try (NDManager manager = NDManager.newBaseManager()) {
      var it = eval.iterator();
      ImageBatch first = it.next();
      first.disableInPlace();
      NDArray x1 = first.features(manager);
      NDArray y1 = first.labels(manager);
      float[] expected1 = Arrays.copyOf(first.features(), 5 * C * H * W);
      ImageBatch second = it.next();
      NDArray x2 = second.features(manager);
      NDArray y2 = second.labels(manager);
      // The reused hand-over buffer was refilled; the first arrays must not have changed.
      assertArrayEquals(expected1, x1.toFloatArray());
      assertArrayEquals(new long[] {0, 1, 2, 3, 4}, y1.toLongArray());
      assertArrayEquals(Arrays.copyOf(second.features(), 5 * C * H * W), x2.toFloatArray());
      assertArrayEquals(new long[] {5, 6, 0, 1, 2}, y2.toLongArray());
      assertEquals(new Shape(5, C, H, W), x2.getShape());
    }
  }

  @Test
  void shortBatchMakesShortArrays() {
    ImageSet set = numbered(13);
    EvalBatches eval = new EvalBatches(set, IDENTITY_ISH, 10);
    try (NDManager manager = NDManager.newBaseManager()) {
      var it = eval.iterator();
      it.next().features(manager);
      ImageBatch last = it.next();
      NDArray x = last.features(manager);
      assertEquals(new Shape(3, C, H, W), x.getShape());
      assertArrayEquals(Arrays.copyOf(last.features(), 3 * C * H * W), x.toFloatArray());
      assertArrayEquals(new long[] {10 % 7, 11 % 7, 12 % 7}, last.labels(manager).toLongArray());
    }
  }

  @Test
  void makesNdArraysThatDjlSoftmaxCrossEntropyTakes() {
    ImageSet set = numbered(12);
    BatchSampler sampler = new BatchSampler(set, IDENTITY_ISH, 6, 5, true);
    ImageBatch batch = sampler.next();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = batch.features(manager);
      NDArray y = batch.labels(manager);
      assertEquals(new Shape(6, C, H, W), x.getShape());
      assertEquals(DataType.FLOAT32, x.getDataType());
      assertArrayEquals(Arrays.copyOf(batch.features(), 6 * C * H * W), x.toFloatArray());
      assertEquals(new Shape(6), y.getShape());
      long[] labels = y.toLongArray();
      for (int i = 0; i < 6; i++) {
        assertEquals(batch.labels()[i], labels[i]);
      }
      // The arrays are copies: refilling the batch and making the next arrays (through the
      // same reused hand-over buffers) leaves them alone.
      float[] before = x.toFloatArray();
      long[] labelsBefore = y.toLongArray();
      ImageBatch second = sampler.next();
      NDArray x2 = second.features(manager);
      NDArray y2 = second.labels(manager);
      assertArrayEquals(before, x.toFloatArray());
      assertArrayEquals(labelsBefore, y.toLongArray());
      assertArrayEquals(Arrays.copyOf(second.features(), 6 * C * H * W), x2.toFloatArray());
      assertFalse(Arrays.equals(before, x2.toFloatArray()));
      assertEquals(6, y2.size());

      // Sparse labels are DJL's default: loss = mean of -log softmax(pred)[label].
      NDArray logits = manager.randomNormal(new Shape(6, 7));
      float loss =
          Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits)).getFloat();
      float[] logit = logits.toFloatArray();
      double expected = 0;
      for (int i = 0; i < 6; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 7; k++) {
          max = Math.max(max, logit[i * 7 + k]);
        }
        double sum = 0;
        for (int k = 0; k < 7; k++) {
          sum += Math.exp(logit[i * 7 + k] - max);
        }
        expected += -(logit[i * 7 + (int) labels[i]] - max - Math.log(sum));
      }
      assertEquals(expected / 6, loss, 1e-4);
      assertFalse(Float.isNaN(loss));
      assertEquals(1, batch.data(manager).size());
    }
  }
}
