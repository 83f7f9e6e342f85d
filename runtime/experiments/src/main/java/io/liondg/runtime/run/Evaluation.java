package io.liondg.runtime.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.liondg.runtime.data.EvalBatches;
import io.liondg.runtime.data.ImageBatch;
import io.liondg.runtime.train.CorrectPredictions;

/** Accuracy of the main head and of every aux head on a test split, in inference mode. */
final class Evaluation {

  private Evaluation() {}

  /**
   * @return accuracies {@code [main, aux_1, ..., aux_k]}, 0..1
   */
  static double[] accuracies(Block model, NDManager manager, EvalBatches batches, int heads) {
    long[] correct = new long[heads];
    long seen = 0;
    for (ImageBatch batch : batches) {
      StopRequest.check("during evaluation");
      try (NDManager scope = manager.newSubManager()) {
        NDArray x = batch.features(scope);
        NDArray y = batch.labels(scope);
        NDList out = model.forward(new ParameterStore(scope, false), new NDList(x), false);
        for (int h = 0; h < heads; h++) {
          correct[h] += CorrectPredictions.count(out.get(h), y);
        }
        seen += batch.size();
      }
    }
    double[] acc = new double[heads];
    for (int h = 0; h < heads; h++) {
      acc[h] = seen == 0 ? 0 : (double) correct[h] / seen;
    }
    return acc;
  }
}
