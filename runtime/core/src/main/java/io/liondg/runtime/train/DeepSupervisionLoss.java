package io.liondg.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.RoleTree;
import java.util.List;

/**
 * The deep-supervision loss as a DJL {@link Loss}: main cross-entropy + sum over aux heads of (head
 * weight x aux cross-entropy), the paper's training objective (Section 3, Appendix A.2). A head's
 * weight is its {@code @AuxHead(weight)} or, when unset, the run's aux weight (0.3 in the paper's
 * protocol). Use it as DJL's own losses are used:
 *
 * <pre>{@code
 * Trainer trainer = model.newTrainer(new DefaultTrainingConfig(
 *     new DeepSupervisionLoss(Roles.tree(net), 0.3)));
 * }</pre>
 *
 * <p>Labels are {@code [labels]}, sparse class indices of shape (batch). Predictions are the
 * model's outputs {@code [main, aux_1, ..., aux_k]}, logits of shape (batch, classes), aux heads in
 * role-tree order ({@link RoleTree#auxHeads()}). An absent aux head (a null {@code @AuxHead} field:
 * the model was built without it) is not in the role tree, so it has no entry: a model with {@code
 * aux1} absent returns {@code [main, aux2]}. Outputs that break this contract are refused with a
 * {@link ModelContractException}.
 *
 * <p><b>Why the weights are multiplied as tensors.</b> DJL 0.32's PyTorch {@code
 * NDArray.mul(Number)} wraps the number in a tensor over a Java direct buffer and closes it at
 * once, while PyTorch's autograd keeps that tensor for the backward pass. When a garbage collection
 * frees the buffer between forward and backward, the backward reads freed memory: the aux gradient
 * is scaled by garbage (in a standalone reproduction: -1.6e13, -1.7e-37) instead of 0.3. In
 * training this happened only when a young collection fell in that window, so about one run in
 * seven left its bitwise-reproducible trajectory late, the aux heads first (and one grid run ended
 * at 35 % accuracy, as a huge factor would do). A 0-d tensor from {@code NDManager.full} lives in
 * PyTorch's own memory, which autograd keeps alive. Avoid DJL's {@code Number} overloads ({@code
 * mul}, {@code div}, {@code pow}, ...) on arrays that a backward pass will go through.
 */
public final class DeepSupervisionLoss extends Loss {

  private final Loss crossEntropy = new SoftmaxCrossEntropyLoss("ce");
  private final RoleTree tree;
  private final double[] weights;

  /**
   * @param tree the model's roles; its aux heads, in order, give the predictions after the main one
   * @param auxWeight the loss weight of every aux head whose {@code @AuxHead} sets none
   * @throws IllegalArgumentException naming the head if a weight is negative, NaN or infinite
   */
  public DeepSupervisionLoss(RoleTree tree, double auxWeight) {
    super("deep_supervision_loss");
    this.tree = tree;
    List<RoleNode> auxHeads = tree.auxHeads();
    weights = auxHeads.stream().mapToDouble(h -> h.weightOr(auxWeight)).toArray();
    for (int i = 0; i < weights.length; i++) {
      if (!Double.isFinite(weights[i]) || weights[i] < 0) {
        RoleNode head = auxHeads.get(i);
        throw new IllegalArgumentException(
            "aux head '"
                + head.path()
                + "' has loss weight "
                + weights[i]
                + (Double.isNaN(head.weight()) ? " (the run's aux weight)" : "")
                + ": expected a finite weight of at least 0");
      }
    }
  }

  /**
   * @return the role tree this loss was built for (its aux heads give the outputs' order)
   */
  public RoleTree tree() {
    return tree;
  }

  /**
   * @return each aux head's loss weight, in role-tree order
   */
  public double[] auxWeights() {
    return weights.clone();
  }

  /**
   * The total loss, for DJL's trainer ({@code EasyTrain.trainBatch} backpropagates it).
   *
   * @param labels {@code [labels]}: sparse class labels, shape (batch)
   * @param predictions the model's outputs {@code [main, aux_1, ..., aux_k]}
   * @return {@link #total}: main + weighted aux losses (scalar)
   * @throws ModelContractException if the outputs do not match the role tree
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return total(labels.head(), predictions);
  }

  /**
   * @param labels sparse class labels
   * @param outputs the model's outputs
   * @return main cross-entropy (scalar)
   */
  public NDArray main(NDArray labels, NDList outputs) {
    checkOutputs(labels, outputs);
    return crossEntropy.evaluate(new NDList(labels), new NDList(outputs.get(0)));
  }

  /**
   * @param labels sparse class labels
   * @param outputs the model's outputs
   * @return the weighted sum of the aux cross-entropies (scalar); a constant 0 without aux heads
   */
  public NDArray aux(NDArray labels, NDList outputs) {
    checkOutputs(labels, outputs);
    NDArray sum = null;
    for (int i = 0; i < weights.length; i++) {
      NDArray ce = crossEntropy.evaluate(new NDList(labels), new NDList(outputs.get(i + 1)));
      NDArray term = ce.mul(ce.getManager().full(new Shape(), (float) weights[i]));
      sum = sum == null ? term : sum.add(term);
    }
    return sum == null ? labels.getManager().zeros(new Shape()) : sum;
  }

  /**
   * @param labels sparse class labels
   * @param outputs the model's outputs
   * @return main + weighted aux losses (scalar)
   */
  public NDArray total(NDArray labels, NDList outputs) {
    return main(labels, outputs).add(aux(labels, outputs));
  }

  /** Metadata only (no tensor work): the model keeps the {@code [main, aux...]} contract. */
  private void checkOutputs(NDArray labels, NDList outputs) {
    if (outputs.size() != weights.length + 1) {
      throw new ModelContractException(
          "the model returned "
              + outputs.size()
              + " output"
              + (outputs.size() == 1 ? "" : "s")
              + " but its role tree has "
              + weights.length
              + " aux head"
              + (weights.length == 1 ? "" : "s")
              + "; expected "
              + (weights.length + 1)
              + ": [main, aux_1, ...] logits in role-tree order");
    }
    long batch = labels.getShape().get(0);
    for (int i = 0; i < outputs.size(); i++) {
      Shape shape = outputs.get(i).getShape();
      if (shape.dimension() != 2 || shape.get(0) != batch) {
        throw new ModelContractException(
            "the model's output "
                + i
                + " ("
                + (i == 0 ? "main" : "aux " + i)
                + ") has shape "
                + shape
                + "; expected ("
                + batch
                + ", classes) logits for a batch of "
                + batch);
      }
    }
  }
}
