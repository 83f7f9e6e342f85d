package com.example.custommodel;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import java.util.Random;

/**
 * A small learnable image set made in memory, so the sample runs anywhere: class {@code c} is a
 * bright horizontal band in the {@code c}-th quarter of the image, under Gaussian noise. Put
 * your own {@code RandomAccessDataset} here instead (e.g. DJL's {@code ImageFolder}).
 */
public final class Stripes {

  /** Classes: one per quarter of the image's height. */
  public static final int CLASSES = 4;

  private Stripes() {}

  /**
   * @param manager where the arrays live
   * @param size images
   * @param imageSize height and width, at least {@link #CLASSES}
   * @param batchSize batch size of the dataset's (shuffled) sampling
   * @param seed the same seed gives the same images
   * @return {@code (size, 3, imageSize, imageSize)} float images, labels in {@code [0, 4)}
   */
  public static ArrayDataset dataset(NDManager manager, int size, int imageSize, int batchSize,
      long seed) {
    NDList arrays = arrays(manager, size, imageSize, seed);
    return new ArrayDataset.Builder()
        .setData(arrays.get(0))
        .optLabels(arrays.get(1))
        .setSampling(batchSize, true)
        .build();
  }

  /**
   * @param manager where the arrays live
   * @param size images
   * @param imageSize height and width, at least {@link #CLASSES}
   * @param seed the same seed gives the same images
   * @return the images {@code (size, 3, imageSize, imageSize)} and their labels {@code (size)}
   */
  public static NDList arrays(NDManager manager, int size, int imageSize, long seed) {
    Random random = new Random(seed);
    int pixels = 3 * imageSize * imageSize;
    float[] images = new float[size * pixels];
    long[] labels = new long[size];
    for (int i = 0; i < size; i++) {
      int label = random.nextInt(CLASSES);
      labels[i] = label;
      for (int p = 0; p < pixels; p++) {
        int row = p / imageSize % imageSize;
        boolean inBand = row * CLASSES / imageSize == label;
        images[i * pixels + p] = (inBand ? 2f : 0f) + 0.5f * (float) random.nextGaussian();
      }
    }
    return new NDList(manager.create(images, new Shape(size, 3, imageSize, imageSize)),
        manager.create(labels, new Shape(size)));
  }
}
