package io.liondg.runtime.data;

/**
 * A dataset as training needs it: the train and test splits and the per-channel normalization that
 * turns their bytes into network inputs.
 *
 * @param name the dataset's name as used everywhere ({@code cifar10}, {@code cifar100}, {@code
 *     fashion-mnist}, {@code synthetic})
 * @param train the training split
 * @param test the test split (used for evaluation only)
 * @param normalization per-channel mean and std, from {@link Normalization} constants for the
 *     published datasets, computed from {@code train} for {@code synthetic} and {@code folder}
 * @param form the form the files were read in, as results record it: {@link #BINARY}, {@link #IDX},
 *     {@link #IMAGES} or {@link #GENERATED}
 */
public record DataSplits(
    String name, ImageSet train, ImageSet test, Normalization normalization, String form) {

  /** CIFAR's binary version. */
  public static final String BINARY = "binary";

  /** IDX files (Fashion-MNIST). */
  public static final String IDX = "idx";

  /** PNG or JPEG files in class folders. */
  public static final String IMAGES = "images";

  /** Generated in memory ({@code synthetic}). */
  public static final String GENERATED = "generated";

  /**
   * Checks that the parts fit together.
   *
   * @param name the dataset's name
   * @param train the training split
   * @param test the test split
   * @param normalization per-channel mean and std
   * @param form the form the files were read in
   * @throws IllegalArgumentException if the splits' shapes or class counts differ, or the
   *     normalization has a different number of channels (a programming error, not bad data)
   */
  public DataSplits {
    if (train.channels() != test.channels()
        || train.height() != test.height()
        || train.width() != test.width()
        || train.classes() != test.classes()) {
      throw new IllegalArgumentException(name + ": train is " + train + " but test is " + test);
    }
    if (normalization.channels() != train.channels()) {
      throw new IllegalArgumentException(
          name
              + ": normalization has "
              + normalization.channels()
              + " channels, images have "
              + train.channels());
    }
  }

  /**
   * @return channels per image
   */
  public int channels() {
    return train.channels();
  }

  /**
   * @return image height
   */
  public int height() {
    return train.height();
  }

  /**
   * @return image width
   */
  public int width() {
    return train.width();
  }

  /**
   * @return number of classes
   */
  public int classes() {
    return train.classes();
  }

  /**
   * The training split as a DJL dataset for {@code EasyTrain.fit}: shuffled batches (DJL's {@code
   * RandomSampler}; {@code Engine.getInstance().setRandomSeed} seeds it), each image mirrored at
   * random per epoch where {@link Datasets#flipsByDefault} says the dataset is (CIFAR, as the
   * paper's Appendix A.2 prescribes; a name it does not know is not flipped). For other settings
   * use {@link ImageSetDataset#builder()}.
   *
   * @param batchSize images per batch; the last batch of an epoch may be short
   * @param seed seeds the flips
   * @return the training dataset
   */
  public ImageSetDataset trainDataset(int batchSize, long seed) {
    ImageSetDataset.Builder builder =
        ImageSetDataset.builder().setImages(train, normalization).setSampling(batchSize, true);
    String flag = Datasets.flagName(name);
    if (Datasets.NAMES.contains(flag) && Datasets.flipsByDefault(flag)) {
      builder.optFlip(seed);
    }
    return builder.build();
  }

  /**
   * The test split as a DJL dataset, e.g. {@code EasyTrain.fit}'s validation set: in file order,
   * never mirrored.
   *
   * @param batchSize the most images per batch
   * @return the test dataset
   */
  public ImageSetDataset testDataset(int batchSize) {
    return ImageSetDataset.builder()
        .setImages(test, normalization)
        .setSampling(batchSize, false)
        .build();
  }
}
