package io.liondg.runtime.run;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.train.DeepSupervisionLoss;
import java.util.ArrayList;
import java.util.List;

/**
 * One training step, shared by training runs and {@code lion-dg bench}: forward, the
 * deep-supervision loss, backward, and DJL's decoupled AdamW on every trainable parameter.
 *
 * <p>We drive the optimizer ourselves instead of through DJL's {@code Trainer}: the trainer
 * would apply its own default initializer over our role initializers, and its first
 * {@code step()} throws when the gradient sum is exactly zero (which a zeroed head can
 * produce). DJL's PyTorch AdamW update zeroes each gradient after use. Like PyTorch's
 * {@code AdamW(model.parameters())}, weight decay applies to every parameter.
 */
public final class TrainStep {

  private final Block model;
  private final DeepSupervisionLoss loss;
  private final Optimizer optimizer;
  private final List<Parameter> trainable = new ArrayList<>();
  private final List<String> ids = new ArrayList<>();

  /**
   * @param model an initialized model
   * @param loss its deep-supervision loss
   * @param config learning rate, betas and weight decay
   */
  public TrainStep(Block model, DeepSupervisionLoss loss, RunConfig config) {
    this.model = model;
    this.loss = loss;
    this.optimizer = Optimizer.adamW()
        .optLearningRateTracker(Tracker.fixed((float) config.lr()))
        .optWeightDecays((float) config.weightDecay())
        .optBeta1((float) config.beta1())
        .optBeta2((float) config.beta2())
        .build();
    for (var pair : model.getParameters()) {
      if (pair.getValue().requiresGradient()) {
        trainable.add(pair.getValue());
        ids.add(pair.getValue().getId());
      }
    }
  }

  /**
   * What one step computed.
   *
   * @param loss the total loss of the batch
   * @param correct main-head correct predictions in the batch
   */
  public record Outcome(double loss, long correct) {}

  /** Forward and backward of the total loss; gradients are left in the parameters. */
  NDList backward(ParameterStore store, NDArray x, NDArray y, double[] lossOut) {
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDList out = model.forward(store, new NDList(x), true);
      NDArray total = loss.total(y, out);
      gc.backward(total);
      lossOut[0] = total.getFloat();
      return out;
    }
  }

  /** Applies AdamW to every trainable parameter with its accumulated gradient. */
  void update() {
    for (int i = 0; i < trainable.size(); i++) {
      NDArray weight = trainable.get(i).getArray();
      try (NDArray grad = weight.getGradient()) {
        optimizer.update(ids.get(i), weight, grad);
      }
    }
  }

  /**
   * A full step: forward, backward, update.
   *
   * @param store the parameter store
   * @param x inputs
   * @param y sparse labels
   * @return loss and main-head correct count
   */
  public Outcome run(ParameterStore store, NDArray x, NDArray y) {
    double[] l = new double[1];
    NDList out = backward(store, x, y, l);
    update();
    return new Outcome(l[0], correct(out.get(0), y));
  }

  /** @return how many rows of {@code logits} have their argmax at the label */
  static long correct(NDArray logits, NDArray labels) {
    try (NDArray pred = logits.argMax(1);
        NDArray same = pred.toType(labels.getDataType(), false).eq(labels);
        NDArray count = same.sum()) {
      return count.toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
    }
  }
}
