package io.liondg.runtime.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Evaluation batches: every image of a split once, in file order, normalized, never flipped; the
 * last batch holds the remainder and may be short.
 *
 * <p>Each iterator refills its own {@link ImageBatch}, so a returned batch is valid until the next
 * call to that iterator's {@code next()}.
 */
public final class EvalBatches implements Iterable<ImageBatch> {

  private final ImageSet set;
  private final float[] scale;
  private final float[] offset;
  private final int batchSize;

  /**
   * @param set the split to evaluate on (normally the test split)
   * @param normalization the dataset's normalization
   * @param batchSize the most images per batch
   */
  public EvalBatches(ImageSet set, Normalization normalization, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    normalization.requireChannelsOf(set);
    this.set = set;
    this.scale = normalization.scales();
    this.offset = normalization.offsets();
    this.batchSize = batchSize;
  }

  /**
   * @return the number of batches, {@code ceil(size / batchSize)}
   */
  public int count() {
    return (set.size() + batchSize - 1) / batchSize;
  }

  /**
   * @return the number of images
   */
  public int images() {
    return set.size();
  }

  @Override
  public Iterator<ImageBatch> iterator() {
    ImageBatch batch = new ImageBatch(batchSize, set.channels(), set.height(), set.width());
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < set.size();
      }

      @Override
      public ImageBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int n = Math.min(batchSize, set.size() - next);
        for (int slot = 0; slot < n; slot++) {
          batch.put(slot, set, next + slot, false, scale, offset);
        }
        batch.setSize(n);
        next += n;
        return batch;
      }
    };
  }
}
