package io.liondg.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageSetDatasetTest {

  private static final SyntheticData.Spec SPEC = new SyntheticData.Spec(3, 6, 5, 4, 40, 13);

  private static ImageSetDataset dataset(ImageSet set, Normalization n, Long flipSeed) {
    ImageSetDataset.Builder builder =
        ImageSetDataset.builder().setImages(set, n).setSampling(8, false);
    if (flipSeed != null) {
      builder.optFlip(flipSeed);
    }
    return builder.build();
  }

  /** Record {@code i}'s pixels, checking its shapes and label on the way. */
  private static float[] pixels(ImageSetDataset dataset, NDManager manager, int i) {
    ImageSet set = dataset.images();
    Record record = dataset.get(manager, i);
    NDArray image = record.getData().singletonOrThrow();
    NDArray label = record.getLabels().singletonOrThrow();
    assertEquals(new Shape(set.channels(), set.height(), set.width()), image.getShape());
    assertEquals(DataType.FLOAT32, image.getDataType());
    assertEquals(new Shape(), label.getShape());
    assertEquals(DataType.INT64, label.getDataType());
    assertEquals(set.label(i), label.getLong());
    return image.toFloatArray();
  }

  /** A CHW image mirrored left-right. */
  private static float[] mirror(float[] chw, ImageSet set) {
    float[] out = new float[chw.length];
    int w = set.width();
    for (int row = 0; row < chw.length / w; row++) {
      for (int x = 0; x < w; x++) {
        out[row * w + x] = chw[row * w + w - 1 - x];
      }
    }
    return out;
  }

  /** Which records of the flipping dataset are mirrored, checking each is plain or mirrored. */
  private static BitSet mirrored(
      ImageSetDataset flipping, ImageSetDataset plain, NDManager manager) {
    BitSet mirrored = new BitSet();
    ImageSet set = plain.images();
    for (int i = 0; i < set.size(); i++) {
      float[] p = pixels(plain, manager, i);
      float[] f = pixels(flipping, manager, i);
      if (!Arrays.equals(p, f)) {
        assertArrayEquals(mirror(p, set), f, "record " + i + " is neither plain nor mirrored");
        mirrored.set(i);
      }
    }
    return mirrored;
  }

  @Test
  void recordsAreTheImagesEvalBatchesFeed() {
    DataSplits data = SyntheticData.generate(SPEC, 3);
    ImageSetDataset test = data.testDataset(8);
    assertEquals(13, test.size());
    try (NDManager manager = NDManager.newBaseManager()) {
      int next = 0;
      for (ImageBatch batch : new EvalBatches(data.test(), data.normalization(), 5)) {
        int sample = data.test().sampleSize();
        for (int s = 0; s < batch.size(); s++, next++) {
          float[] fed = Arrays.copyOfRange(batch.features(), s * sample, (s + 1) * sample);
          assertArrayEquals(fed, pixels(test, manager, next), "image " + next);
        }
      }
      assertEquals(13, next);
    }
  }

  @Test
  void recordsAreTheImagesBatchSamplerFeedsAndItsMirrorsAreOurs() {
    DataSplits data = SyntheticData.generate(SPEC, 4);
    ImageSet set = data.train();
    int sample = set.sampleSize();
    ImageSetDataset plain = dataset(set, data.normalization(), null);
    try (NDManager manager = NDManager.newBaseManager()) {
      List<float[]> records = new ArrayList<>();
      for (int i = 0; i < set.size(); i++) {
        records.add(pixels(plain, manager, i));
      }
      // One batch of the whole set: every image once, in a shuffled order, some mirrored.
      ImageBatch batch = new BatchSampler(set, data.normalization(), set.size(), 9, true).next();
      BitSet seen = new BitSet();
      int mirroredSlots = 0;
      for (int s = 0; s < batch.size(); s++) {
        float[] fed = Arrays.copyOfRange(batch.features(), s * sample, (s + 1) * sample);
        int found = -1;
        for (int i = 0; i < records.size() && found < 0; i++) {
          if (Arrays.equals(fed, records.get(i))) {
            found = i;
          } else if (Arrays.equals(fed, mirror(records.get(i), set))) {
            found = i;
            mirroredSlots++;
          }
        }
        assertTrue(found >= 0, "slot " + s + " is no record, plain or mirrored");
        assertEquals(set.label(found), batch.labels()[s]);
        seen.set(found);
      }
      assertEquals(set.size(), seen.cardinality());
      assertTrue(mirroredSlots > 0 && mirroredSlots < set.size(), mirroredSlots + " mirrored");

      // Our mirrored records are exactly those mirrors.
      BitSet ours = mirrored(dataset(set, data.normalization(), 9L), plain, manager);
      assertTrue(
          ours.cardinality() > 0 && ours.cardinality() < set.size(),
          ours.cardinality() + " of " + set.size() + " mirrored");
    }
  }

  @Test
  void flipsDependOnTheSeedAndTheEpochOnly() throws Exception {
    SyntheticData.Spec spec = new SyntheticData.Spec(1, 4, 4, 2, 200, 2);
    DataSplits data = SyntheticData.generate(spec, 5);
    ImageSetDataset plain = dataset(data.train(), data.normalization(), null);
    ImageSetDataset a = dataset(data.train(), data.normalization(), 11L);
    // Another batch size and a shuffled order: the flips must not depend on them.
    ImageSetDataset b =
        ImageSetDataset.builder()
            .setImages(data.train(), data.normalization())
            .setSampling(7, true)
            .optFlip(11)
            .build();
    ImageSetDataset other = dataset(data.train(), data.normalization(), 12L);
    try (NDManager manager = NDManager.newBaseManager()) {
      List<BitSet> epochs = new ArrayList<>();
      for (int epoch = 0; epoch < 3; epoch++) {
        for (ImageSetDataset d : List.of(a, b, other)) {
          // A pass, as EasyTrain.fit makes one per epoch.
          for (Batch batch : d.getData(manager)) {
            batch.close();
          }
          assertEquals(epoch, d.epoch());
        }
        BitSet flipsA = mirrored(a, plain, manager);
        assertEquals(flipsA, mirrored(b, plain, manager), "epoch " + epoch);
        assertNotEquals(flipsA, mirrored(other, plain, manager), "epoch " + epoch);
        assertTrue(Math.abs(flipsA.cardinality() - 100) < 30, flipsA.cardinality() + "/200");
        epochs.add(flipsA);
      }
      assertNotEquals(epochs.get(0), epochs.get(1));
      assertNotEquals(epochs.get(1), epochs.get(2));
      // Without optFlip nothing is ever mirrored.
      for (Batch batch : plain.getData(manager)) {
        batch.close();
      }
      assertTrue(
          mirrored(plain, dataset(data.train(), data.normalization(), null), manager).isEmpty());
    }
  }

  @Test
  void trainSplitFlipsWhereTheDatasetDoesByDefault() {
    DataSplits synthetic = SyntheticData.generate(SPEC, 3);
    DataSplits cifarLike =
        new DataSplits(
            "cifar10",
            synthetic.train(),
            synthetic.test(),
            synthetic.normalization(),
            DataSplits.GENERATED);
    ImageSetDataset plain = dataset(synthetic.train(), synthetic.normalization(), null);
    ImageSetDataset plainTest = dataset(synthetic.test(), synthetic.normalization(), null);
    try (NDManager manager = NDManager.newBaseManager()) {
      assertTrue(mirrored(synthetic.trainDataset(8, 1), plain, manager).isEmpty());
      assertFalse(mirrored(cifarLike.trainDataset(8, 1), plain, manager).isEmpty());
      assertTrue(mirrored(cifarLike.testDataset(8), plainTest, manager).isEmpty());
    }
  }

  @Test
  void rejectsWhatItCannotServe() {
    DataSplits data = SyntheticData.generate(SPEC, 3);
    ImageSetDataset test = data.testDataset(4);
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThrows(IndexOutOfBoundsException.class, () -> test.get(manager, 13));
    }
    Normalization gray = new Normalization(new float[] {0.5f}, new float[] {0.2f});
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ImageSetDataset.builder()
                    .setImages(data.test(), gray)
                    .setSampling(4, false)
                    .build());
    assertTrue(e.getMessage().contains("3 channels, the normalization 1"), e.getMessage());
  }

  /** Counts what DJL's loop feeds the net. */
  private static final class Fed extends TrainingListenerAdapter {
    final List<Shape> trainShapes = new ArrayList<>();
    final List<Shape> labelShapes = new ArrayList<>();
    int validationBatches;

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
      trainShapes.add(batchData.getBatch().getData().head().getShape());
      labelShapes.add(batchData.getBatch().getLabels().head().getShape());
    }

    @Override
    public void onValidationBatch(Trainer trainer, BatchData batchData) {
      validationBatches++;
    }
  }

  @Test
  void easyTrainFitsAPlainDjlModelOnIt() throws Exception {
    DataSplits data = SyntheticData.generate(new SyntheticData.Spec(1, 8, 8, 3, 64, 20), 6);
    SequentialBlock net =
        new SequentialBlock()
            .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
            .add(Activation::relu)
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(3).build());
    Fed fed = new Fed();
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(new SoftmaxCrossEntropyLoss())
            .addEvaluator(new Accuracy())
            .addTrainingListeners(TrainingListener.Defaults.basic())
            .addTrainingListeners(fed);
    try (Model model = Model.newInstance("tiny")) {
      model.setBlock(net);
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, 1, 8, 8));
        EasyTrain.fit(trainer, 1, data.trainDataset(16, 2), data.testDataset(16));
        TrainingResult result = trainer.getTrainingResult();
        assertEquals(1, result.getEpoch());
        assertTrue(Float.isFinite(result.getTrainLoss()), result.toString());
        assertTrue(Float.isFinite(result.getValidateLoss()), result.toString());
      }
    }
    assertEquals(
        List.of(
            new Shape(16, 1, 8, 8),
            new Shape(16, 1, 8, 8),
            new Shape(16, 1, 8, 8),
            new Shape(16, 1, 8, 8)),
        fed.trainShapes);
    assertEquals(
        List.of(new Shape(16), new Shape(16), new Shape(16), new Shape(16)), fed.labelShapes);
    // 20 test images in batches of 16: one full, one of 4.
    assertEquals(2, fed.validationBatches);
  }
}
