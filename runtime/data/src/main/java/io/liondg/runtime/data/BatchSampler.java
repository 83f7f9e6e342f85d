package io.liondg.runtime.data;

import java.util.SplittableRandom;

/**
 * Training batches: an endless stream of seeded per-epoch shuffles, each image normalized and, with
 * probability 0.5, mirrored left-right.
 *
 * <p>The flip is our own, decided per image: DJL 0.32's {@code RandomFlipLeftRight} computes {@code
 * flip(1)} and discards the result, so it returns its input unchanged (and axis 1 of a CHW image is
 * the height anyway), and a DJL pipeline applied to a batch would flip all of its images or none.
 *
 * <p>Every epoch is a fresh permutation of all images; batches run on across epoch boundaries, so
 * every batch is full and no image is dropped. Order and flips come from two independent generators
 * split from the seed: the same seed gives the same batches, and turning flips off leaves the order
 * unchanged.
 *
 * <p>{@link #next()} refills one {@link ImageBatch}: no allocation per step. Not thread-safe.
 */
public final class BatchSampler {

  private final ImageSet set;
  private final float[] scale;
  private final float[] offset;
  private final boolean flip;
  private final SplittableRandom orderRng;
  private final SplittableRandom flipRng;
  private final int[] order;
  private final ImageBatch batch;
  private int position;
  private long images;
  private long batches;

  /**
   * @param set the training split
   * @param normalization its normalization
   * @param batchSize images per batch
   * @param seed seeds the shuffles and the flips
   * @param flip whether to mirror images at random (p = 0.5)
   */
  public BatchSampler(
      ImageSet set, Normalization normalization, int batchSize, long seed, boolean flip) {
    normalization.requireChannelsOf(set);
    if (set.size() == 0) {
      throw new DataException(set.name() + " has no images; expected at least one to train on");
    }
    this.set = set;
    this.scale = normalization.scales();
    this.offset = normalization.offsets();
    this.flip = flip;
    SplittableRandom root = new SplittableRandom(seed);
    this.orderRng = root.split();
    this.flipRng = root.split();
    this.order = new int[set.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    shuffle();
    this.batch = new ImageBatch(batchSize, set.channels(), set.height(), set.width());
  }

  /**
   * The next batch. The returned object is reused: its contents are replaced by the next call.
   *
   * @return a full batch of {@code batchSize} images
   */
  public ImageBatch next() {
    int n = batch.capacity();
    for (int slot = 0; slot < n; slot++) {
      if (position == order.length) {
        position = 0;
        shuffle();
      }
      // The flip draw happens whether or not flips are on, so that the two modes see the same
      // stream and the cost per image does not depend on the setting.
      boolean mirror = flipRng.nextBoolean() && flip;
      batch.put(slot, set, order[position++], mirror, scale, offset);
    }
    batch.setSize(n);
    batches++;
    images += n;
    return batch;
  }

  /**
   * @return full passes over the training split completed so far
   */
  public long epoch() {
    return images / order.length;
  }

  /**
   * @return images returned so far, {@code batches() * batchSize()}
   */
  public long images() {
    return images;
  }

  /**
   * @return batches returned so far
   */
  public long batches() {
    return batches;
  }

  /**
   * @return images per batch
   */
  public int batchSize() {
    return batch.capacity();
  }

  /**
   * @return the training split
   */
  public ImageSet set() {
    return set;
  }

  /** Fisher-Yates, in place: the permutation of this epoch. */
  private void shuffle() {
    for (int i = order.length - 1; i > 0; i--) {
      int j = orderRng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
