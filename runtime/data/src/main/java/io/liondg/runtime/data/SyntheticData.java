package io.liondg.runtime.data;

import java.util.Random;

/**
 * The {@code synthetic} dataset: seeded, generated in memory, learnable; for tests and smoke runs
 * where no real data is at hand.
 *
 * <p>Each class has a fixed random template per channel: the sum of three low-frequency plane waves
 * (1 or 2 cycles across the image in x and y, random phase and amplitude), scaled to unit RMS. An
 * image of class {@code k} is that template, circularly shifted by up to {@value #MAX_SHIFT} pixels
 * in x and y, times a random contrast in [0.7, 1.3], plus a random low-frequency distractor wave
 * (amplitude {@value #DISTRACTOR}) and a brightness offset per channel that carry no class
 * information, plus Gaussian pixel noise (std {@value #NOISE}), all in template units, mapped to
 * bytes as {@code 128 + 40 * value} and clipped to 0..255.
 *
 * <p>Why this shape: the class is in the spatial pattern, not in the mean colour, so the net must
 * learn filters; the shifts reward the translation tolerance of convolutions and pooling; noise and
 * distractors keep it from being solved in a handful of steps, while a small CNN still gets far
 * above chance within a few hundred steps of batch 128. The test split is drawn from the same
 * distribution, so test accuracy tracks learning.
 *
 * <p>Determinism: the templates depend only on the seed; image {@code i} of a split depends only on
 * the seed, the split and {@code i} (each image has its own {@link Random}, seeded from those
 * three), so the first 512 images are the same whatever the split's size. {@code java.util.Random}
 * is specified exactly, so the data are the same on every JVM. Labels cycle through the classes, so
 * every class has the same count (to within one).
 */
public final class SyntheticData {

  /** Largest circular shift, in pixels, along each axis. */
  public static final int MAX_SHIFT = 3;

  /** Amplitude of the class-independent distractor wave, in template RMS units. */
  public static final double DISTRACTOR = 0.7;

  /** Standard deviation of the pixel noise, in template RMS units. */
  public static final double NOISE = 0.6;

  private static final double GREY = 128;
  private static final double SCALE = 40;
  private static final int WAVES = 3;
  private static final int MAX_FREQ = 2;

  /**
   * Size of a synthetic dataset.
   *
   * @param channels channels per image
   * @param height image height
   * @param width image width
   * @param classes number of classes
   * @param trainCount images in the training split
   * @param testCount images in the test split
   */
  public record Spec(
      int channels, int height, int width, int classes, int trainCount, int testCount) {

    /** 3x32x32 (CIFAR's shape), 10 classes, 2048 train and 512 test images. */
    public static final Spec DEFAULT = new Spec(3, 32, 32, 10, 2048, 512);

    /**
     * Checks the sizes.
     *
     * @param channels channels per image
     * @param height image height
     * @param width image width
     * @param classes number of classes, at least 2
     * @param trainCount images in the training split
     * @param testCount images in the test split
     * @throws IllegalArgumentException if a size is not positive or the pixels of a split would not
     *     fit in one array
     */
    public Spec {
      if (channels <= 0
          || height <= 0
          || width <= 0
          || classes < 2
          || trainCount <= 0
          || testCount <= 0) {
        throw new IllegalArgumentException(
            "synthetic: sizes must be positive and classes >= 2, "
                + "got "
                + channels
                + "x"
                + height
                + "x"
                + width
                + ", "
                + classes
                + " classes, "
                + trainCount
                + "/"
                + testCount
                + " images");
      }
      if ((long) Math.max(trainCount, testCount) * channels * height * width
          > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("synthetic: too many pixels for one array");
      }
    }
  }

  private SyntheticData() {}

  /**
   * @param seed the seed; the same seed gives the same bytes
   * @return the default-size dataset ({@link Spec#DEFAULT})
   */
  public static DataSplits generate(long seed) {
    return generate(Spec.DEFAULT, seed);
  }

  /**
   * @param spec the size
   * @param seed the seed; the same spec and seed give the same bytes
   * @return train and test splits, normalized with statistics computed from the train split
   */
  public static DataSplits generate(Spec spec, long seed) {
    double[][] templates = templates(spec, seed);
    ImageSet train = split(spec, templates, seed, 1, spec.trainCount(), "synthetic/train");
    ImageSet test = split(spec, templates, seed, 2, spec.testCount(), "synthetic/test");
    return new DataSplits(
        Datasets.SYNTHETIC, train, test, Normalization.compute(train), DataSplits.GENERATED);
  }

  /**
   * The class templates, before shifts and noise.
   *
   * @param spec the size
   * @param seed the seed
   * @return per class, {@code channels * height * width} values of unit RMS per channel
   */
  static double[][] templates(Spec spec, long seed) {
    Random rng = new Random(mix(seed, 0, 0));
    int plane = spec.height() * spec.width();
    double[][] templates = new double[spec.classes()][spec.channels() * plane];
    double[] wave = new double[plane];
    for (double[] template : templates) {
      for (int c = 0; c < spec.channels(); c++) {
        double sumSq = 0;
        for (int w = 0; w < WAVES; w++) {
          double amplitude = 0.5 + 0.5 * rng.nextDouble();
          wave(spec, rng, wave);
          for (int p = 0; p < plane; p++) {
            template[c * plane + p] += amplitude * wave[p];
          }
        }
        for (int p = 0; p < plane; p++) {
          sumSq += template[c * plane + p] * template[c * plane + p];
        }
        double rms = Math.sqrt(sumSq / plane);
        for (int p = 0; p < plane; p++) {
          template[c * plane + p] /= rms;
        }
      }
    }
    return templates;
  }

  private static ImageSet split(
      Spec spec, double[][] templates, long seed, int splitId, int n, String name) {
    int h = spec.height();
    int w = spec.width();
    int plane = h * w;
    int sample = spec.channels() * plane;
    byte[] pixels = new byte[n * sample];
    int[] labels = new int[n];
    double[] distractor = new double[plane];
    for (int i = 0; i < n; i++) {
      Random rng = new Random(mix(seed, splitId, i + 1));
      int label = i % spec.classes();
      labels[i] = label;
      double[] template = templates[label];
      int dy = rng.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
      int dx = rng.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
      double contrast = 0.7 + 0.6 * rng.nextDouble();
      for (int c = 0; c < spec.channels(); c++) {
        wave(spec, rng, distractor);
        double brightness = 0.25 * rng.nextGaussian();
        int base = i * sample + c * plane;
        for (int y = 0; y < h; y++) {
          int row = c * plane + Math.floorMod(y + dy, h) * w;
          for (int x = 0; x < w; x++) {
            double v =
                contrast * template[row + Math.floorMod(x + dx, w)]
                    + DISTRACTOR * distractor[y * w + x]
                    + brightness
                    + NOISE * rng.nextGaussian();
            long b = Math.round(GREY + SCALE * v);
            pixels[base + y * w + x] = (byte) Math.max(0, Math.min(255, b));
          }
        }
      }
    }
    return new ImageSet(name, spec.channels(), h, w, spec.classes(), pixels, labels);
  }

  /**
   * Fills {@code out} with {@code cos(2 pi (fx x / W + fy y / H) + phase)} for random integer
   * frequencies in -2..2 (not both 0) and a random phase. Integer frequencies make the wave
   * periodic on the image, so circular shifts keep it smooth. Uses cos(a + b) = cos a cos b - sin a
   * sin b to need only H + W trigonometric calls; StrictMath so every JVM gives the same bytes.
   */
  private static void wave(Spec spec, Random rng, double[] out) {
    int fx;
    int fy;
    do {
      fx = rng.nextInt(2 * MAX_FREQ + 1) - MAX_FREQ;
      fy = rng.nextInt(2 * MAX_FREQ + 1) - MAX_FREQ;
    } while (fx == 0 && fy == 0);
    double phase = 2 * Math.PI * rng.nextDouble();
    int h = spec.height();
    int w = spec.width();
    double[] cosX = new double[w];
    double[] sinX = new double[w];
    for (int x = 0; x < w; x++) {
      double a = 2 * Math.PI * fx * x / w + phase;
      cosX[x] = StrictMath.cos(a);
      sinX[x] = StrictMath.sin(a);
    }
    for (int y = 0; y < h; y++) {
      double b = 2 * Math.PI * fy * y / h;
      double cosY = StrictMath.cos(b);
      double sinY = StrictMath.sin(b);
      for (int x = 0; x < w; x++) {
        out[y * w + x] = cosX[x] * cosY - sinX[x] * sinY;
      }
    }
  }

  /** SplitMix64's finalizer over the inputs: unrelated seeds for neighbouring images. */
  private static long mix(long seed, int split, int index) {
    long z = seed + 0x9E3779B97F4A7C15L * (((long) split << 32) + index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
