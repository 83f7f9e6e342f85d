package io.liondg.runtime.data;

import java.util.Arrays;

/**
 * One split of an image classification dataset, kept as bytes.
 *
 * <p>Pixels stay {@code uint8} in memory (CIFAR-10 train: 150 MB as bytes, 600 MB as floats); they
 * become normalized floats one batch at a time ({@link BatchSampler}, {@link EvalBatches}). Sample
 * {@code i} occupies {@code pixels[i * sampleSize() .. (i + 1) * sampleSize())} in channel-major
 * order (C x H x W), the layout of both the CIFAR binary files and of DJL's NCHW tensors, so a
 * batch is filled by straight copies.
 *
 * <p>The arrays are not copied (they are large) and must not be changed after construction; {@code
 * equals} is therefore identity on the arrays, as for any record with array components.
 *
 * @param name a label for messages, e.g. {@code cifar10/train}
 * @param channels channels per image (3 for CIFAR, 1 for Fashion-MNIST)
 * @param height image height in pixels
 * @param width image width in pixels
 * @param classes number of classes; every label is in {@code 0 .. classes - 1}
 * @param pixels {@code size() * channels * height * width} bytes, unsigned
 * @param labels one label per image
 */
public record ImageSet(
    String name, int channels, int height, int width, int classes, byte[] pixels, int[] labels) {

  /**
   * Checks sizes and labels. The readers check their files first and report bad data as {@link
   * DataException}; this guards everything else.
   *
   * @param name a label for messages
   * @param channels channels per image
   * @param height image height
   * @param width image width
   * @param classes number of classes
   * @param pixels the pixels, not copied
   * @param labels the labels, not copied
   * @throws IllegalArgumentException if the sizes disagree or a label is out of range
   */
  public ImageSet {
    if (channels <= 0 || height <= 0 || width <= 0 || classes <= 0) {
      throw new IllegalArgumentException(
          name
              + ": channels, height, width and classes must be "
              + "positive, got "
              + channels
              + "x"
              + height
              + "x"
              + width
              + ", "
              + classes
              + " classes");
    }
    long expected = (long) labels.length * channels * height * width;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          name
              + ": "
              + pixels.length
              + " pixel bytes for "
              + labels.length
              + " labels of "
              + channels
              + "x"
              + height
              + "x"
              + width
              + ", expected "
              + expected);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            name
                + ": label "
                + labels[i]
                + " of image "
                + i
                + " is out of range 0.."
                + (classes - 1));
      }
    }
  }

  /**
   * @return the number of images
   */
  public int size() {
    return labels.length;
  }

  /**
   * @return bytes per image, {@code channels * height * width}
   */
  public int sampleSize() {
    return channels * height * width;
  }

  /**
   * @param index image index
   * @return its label
   */
  public int label(int index) {
    return labels[index];
  }

  /**
   * @param index image index
   * @param channel channel
   * @param y row
   * @param x column
   * @return the pixel value, 0..255
   */
  public int pixel(int index, int channel, int y, int x) {
    return pixels[((index * channels + channel) * height + y) * width + x] & 0xFF;
  }

  /**
   * A copy of the first {@code n} images, e.g. for a quick evaluation on part of a test split.
   *
   * @param n how many images, at most {@link #size()}
   * @return a new set with copies of their pixels and labels
   */
  public ImageSet first(int n) {
    if (n < 0 || n > size()) {
      throw new IllegalArgumentException(name + ": cannot take " + n + " of " + size() + " images");
    }
    return new ImageSet(
        name,
        channels,
        height,
        width,
        classes,
        Arrays.copyOf(pixels, n * sampleSize()),
        Arrays.copyOf(labels, n));
  }

  /**
   * @return a summary; the arrays are too large to print
   */
  @Override
  public String toString() {
    return "ImageSet["
        + name
        + ": "
        + size()
        + " images "
        + channels
        + "x"
        + height
        + "x"
        + width
        + ", "
        + classes
        + " classes]";
  }
}
