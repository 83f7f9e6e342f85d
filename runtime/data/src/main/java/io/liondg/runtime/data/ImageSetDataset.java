package io.liondg.runtime.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import java.io.IOException;
import java.util.BitSet;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;

/**
 * An {@link ImageSet} as a DJL {@link RandomAccessDataset}, to hand to {@code
 * EasyTrain.fit(trainer, epochs, trainSet, validateSet)} (DESIGN, Runtime, {@code data}).
 *
 * <p>Record {@code i}: data {@code [image]}, float32 of shape {@code (C, H, W)}, normalized exactly
 * as {@link BatchSampler} and {@link EvalBatches} normalize it (the same float operations, so the
 * same bits); labels {@code [label]}, an int64 scalar, the sparse label DJL's {@code
 * SoftmaxCrossEntropyLoss} takes. DJL's default stack batchifier makes batches of shape {@code (B,
 * C, H, W)} and {@code (B)}.
 *
 * <p>Order is DJL's: {@code setSampling(batchSize, true)} shuffles with DJL's {@code
 * RandomSampler}, which draws from DJL's global generator ({@code
 * Engine.getInstance().setRandomSeed} seeds it).
 *
 * <p>Flips are per image and our own ({@link Builder#optFlip}): DJL's {@code RandomFlipLeftRight}
 * returns its input unchanged in DJL 0.32, and a DJL pipeline acts on a whole batch. Each pass over
 * the data (each {@code getData} call, as {@code EasyTrain.fit} makes one per epoch) has its own
 * draw of which images are mirrored, p = 0.5 each, from the seed alone: pass {@code e} uses the
 * {@code (e+1)}-th generator split from {@code new SplittableRandom(seed)}. So the flips of an
 * epoch depend on the seed and the epoch only, not on the order, the batch size or the threads that
 * read. {@link #get} uses the draw of the latest pass started (pass 0's before any).
 */
public final class ImageSetDataset extends RandomAccessDataset {

  private final ImageSet set;
  private final float[] scale;
  private final float[] offset;
  private final Shape shape;

  /** Splits one flip generator per pass; null if images are never flipped. */
  private final SplittableRandom flipSeeds;

  /** Which images the current pass mirrors; replaced, never changed, when a pass starts. */
  private volatile BitSet flips;

  private int epoch;
  private boolean started;

  private ImageSetDataset(Builder builder) {
    super(builder);
    this.set = builder.set;
    this.scale = builder.normalization.scales();
    this.offset = builder.normalization.offsets();
    this.shape = new Shape(set.channels(), set.height(), set.width());
    if (builder.flip) {
      this.flipSeeds = new SplittableRandom(builder.flipSeed);
      this.flips = draw(flipSeeds.split());
    } else {
      this.flipSeeds = null;
      this.flips = new BitSet();
    }
  }

  /**
   * @return a builder; {@link Builder#setImages} and {@code setSampling} are required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @param manager owns the new arrays
   * @param index image index, {@code 0 .. size() - 1}
   * @return data {@code [(C, H, W) float32]}, labels {@code [() int64]}
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  @Override
  public Record get(NDManager manager, long index) {
    int i = Objects.checkIndex(Math.toIntExact(index), set.size());
    float[] values = new float[set.sampleSize()];
    ImageBatch.normalize(set, i, flips.get(i), scale, offset, values, 0);
    NDArray image = manager.create(values, shape);
    NDArray label = manager.create((long) set.label(i));
    return new Record(new NDList(image), new NDList(label));
  }

  /**
   * Starts a pass: from the second call on, draws the next pass's flips. Every {@code getData}
   * overload of {@link RandomAccessDataset} comes here.
   */
  @Override
  public synchronized Iterable<Batch> getData(
      NDManager manager, Sampler sampler, ExecutorService executorService)
      throws IOException, TranslateException {
    if (started) {
      epoch++;
      if (flipSeeds != null) {
        flips = draw(flipSeeds.split());
      }
    }
    started = true;
    return super.getData(manager, sampler, executorService);
  }

  /**
   * @return the pass whose flips {@link #get} uses: 0 until a second pass starts
   */
  public synchronized int epoch() {
    return epoch;
  }

  /**
   * @return the images
   */
  public ImageSet images() {
    return set;
  }

  @Override
  protected long availableSize() {
    return set.size();
  }

  /** The images are in memory already. */
  @Override
  public void prepare(Progress progress) {}

  private BitSet draw(SplittableRandom rng) {
    BitSet mirrored = new BitSet(set.size());
    for (int i = 0; i < set.size(); i++) {
      if (rng.nextBoolean()) {
        mirrored.set(i);
      }
    }
    return mirrored;
  }

  /** Builds an {@link ImageSetDataset}, in the manner of DJL's own datasets. */
  public static final class Builder extends BaseBuilder<Builder> {

    private ImageSet set;
    private Normalization normalization;
    private boolean flip;
    private long flipSeed;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Required.
     *
     * @param set the images, e.g. {@link DataSplits#train()}
     * @param normalization the dataset's normalization, e.g. {@link DataSplits#normalization()}
     * @return this builder
     */
    public Builder setImages(ImageSet set, Normalization normalization) {
      this.set = set;
      this.normalization = normalization;
      return this;
    }

    /**
     * Mirrors each image left-right with probability 0.5, drawn anew for each pass (see the class
     * comment); off unless called.
     *
     * @param seed the same seed gives the same flips in every epoch
     * @return this builder
     */
    public Builder optFlip(long seed) {
      this.flip = true;
      this.flipSeed = seed;
      return this;
    }

    /**
     * @return the dataset
     * @throws IllegalArgumentException if no images were set, or the normalization's channels
     *     differ from the images'
     * @throws NullPointerException if no sampling was set (DJL's message)
     */
    public ImageSetDataset build() {
      if (set == null) {
        throw new IllegalArgumentException("no images; expected setImages(set, normalization)");
      }
      normalization.requireChannelsOf(set);
      return new ImageSetDataset(this);
    }
  }
}
