package io.liondg.runtime.data;

import java.util.Arrays;

/**
 * Per-channel normalization of pixels: {@code (x / 255 - mean[c]) / std[c]}.
 *
 * <p>The published datasets use fixed constants, the per-channel mean and standard deviation of all
 * pixels of the training split, scaled to [0, 1], so that every run, whatever its seed or subset,
 * feeds the network the same transform:
 *
 * <ul>
 *   <li>{@link #CIFAR10}: mean (0.4914, 0.4822, 0.4465), std (0.2470, 0.2435, 0.2616) over the
 *       50,000 training images. The mean is the usual one (e.g. kuangliu/pytorch-cifar); the
 *       often-copied std (0.2023, 0.1994, 0.2010) is the mean of per-image stds, not the std of the
 *       pixels, so we use the pixel std (0.24703, 0.24349, 0.26159), as reported in
 *       kuangliu/pytorch-cifar issue 19 and used by many CIFAR code bases.
 *   <li>{@link #CIFAR100}: mean (0.5071, 0.4865, 0.4409), std (0.2673, 0.2564, 0.2762) over the
 *       50,000 training images, the values of weiaicunzai/pytorch-cifar100 ({@code
 *       CIFAR100_TRAIN_MEAN}, {@code CIFAR100_TRAIN_STD}), rounded to 4 places.
 *   <li>{@link #FASHION_MNIST}: mean 0.2860, std 0.3530 over the 60,000 training images, the
 *       commonly cited values; {@code FashionMnistRealDataTest} recomputes them from Debian's
 *       {@code dataset-fashion-mnist} files.
 * </ul>
 *
 * <p>The {@code synthetic} dataset has no published values; its normalization is {@link #compute
 * computed} from its training split.
 *
 * @param mean per-channel mean of {@code x / 255}
 * @param std per-channel standard deviation of {@code x / 255}, positive
 */
public record Normalization(float[] mean, float[] std) {

  /** CIFAR-10 training-set statistics (see the class comment for the source). */
  public static final Normalization CIFAR10 =
      new Normalization(
          new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});

  /** CIFAR-100 training-set statistics (see the class comment for the source). */
  public static final Normalization CIFAR100 =
      new Normalization(
          new float[] {0.5071f, 0.4865f, 0.4409f}, new float[] {0.2673f, 0.2564f, 0.2762f});

  /** Fashion-MNIST training-set statistics (see the class comment for the source). */
  public static final Normalization FASHION_MNIST =
      new Normalization(new float[] {0.2860f}, new float[] {0.3530f});

  /**
   * Checks and copies the values.
   *
   * @param mean per-channel mean of {@code x / 255}
   * @param std per-channel standard deviation of {@code x / 255}
   * @throws IllegalArgumentException if the lengths differ or are zero, or a std is not positive
   */
  public Normalization {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "mean and std need one value per channel, got " + mean.length + " and " + std.length);
    }
    for (float s : std) {
      if (!(s > 0) || Float.isInfinite(s)) {
        throw new IllegalArgumentException(
            "std must be positive and finite: " + Arrays.toString(std));
      }
    }
    // Records are shallowly immutable; copy so the shared constants cannot be changed.
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * The exact per-channel mean and std of all pixels of a split (population std).
   *
   * @param set the training split
   * @return its statistics, in the [0, 1] pixel scale
   */
  public static Normalization compute(ImageSet set) {
    int channels = set.channels();
    int plane = set.height() * set.width();
    // Integer sums are exact: 255^2 * 2^31 pixels still fits in a long.
    long[] sum = new long[channels];
    long[] sumSq = new long[channels];
    byte[] px = set.pixels();
    for (int i = 0, p = 0; i < set.size(); i++) {
      for (int c = 0; c < channels; c++) {
        long s = 0;
        long q = 0;
        for (int k = 0; k < plane; k++, p++) {
          int v = px[p] & 0xFF;
          s += v;
          q += v * v;
        }
        sum[c] += s;
        sumSq[c] += q;
      }
    }
    double n = (double) set.size() * plane;
    float[] mean = new float[channels];
    float[] std = new float[channels];
    for (int c = 0; c < channels; c++) {
      double m = sum[c] / n;
      double var = Math.max(0, sumSq[c] / n - m * m);
      mean[c] = (float) (m / 255);
      // A constant channel would divide by zero; 1/255 leaves it at a harmless scale.
      std[c] = (float) Math.max(Math.sqrt(var) / 255, 1.0 / 255);
    }
    return new Normalization(mean, std);
  }

  /**
   * @return the number of channels
   */
  public int channels() {
    return mean.length;
  }

  /**
   * @param set the images this normalization will be applied to
   * @throws IllegalArgumentException if their channel counts differ
   */
  public void requireChannelsOf(ImageSet set) {
    if (channels() != set.channels()) {
      throw new IllegalArgumentException(
          set.name() + " has " + set.channels() + " channels, the normalization " + channels());
    }
  }

  /**
   * @return a copy of the per-channel means
   */
  @Override
  public float[] mean() {
    return mean.clone();
  }

  /**
   * @return a copy of the per-channel standard deviations
   */
  @Override
  public float[] std() {
    return std.clone();
  }

  /**
   * @param channel channel
   * @param value pixel value 0..255
   * @return the normalized value
   */
  public float apply(int channel, int value) {
    return (float) ((value / 255.0 - mean[channel]) / std[channel]);
  }

  /**
   * Per-channel factor of the fused form {@code x * scale[c] + offset[c]}, which batching uses
   * because the JIT vectorizes it (a lookup table was about 1.5x slower); it equals {@link #apply}
   * to within float rounding.
   *
   * @return {@code 1 / (255 * std[c])} per channel
   */
  float[] scales() {
    float[] scale = new float[std.length];
    for (int c = 0; c < std.length; c++) {
      scale[c] = (float) (1.0 / (255.0 * std[c]));
    }
    return scale;
  }

  /**
   * @return {@code -mean[c] / std[c]} per channel, the offset of {@link #scales()}' form
   */
  float[] offsets() {
    float[] offset = new float[std.length];
    for (int c = 0; c < std.length; c++) {
      offset[c] = (float) (-(double) mean[c] / std[c]);
    }
    return offset;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
