package io.liondg.runtime.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.liondg.runtime.nn.InPlace;
import io.liondg.runtime.nn.ParametricLayers;
import io.liondg.runtime.nn.Probe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Layer-sequential unit-variance initialization (Mishkin and Matas 2016), with the paper's settings
 * (Appendix A.3): orthogonal pre-init, then for each conv or linear layer in forward order, rescale
 * its weights until its output variance on the calibration batch (256 samples) is 1.0 within 0.01,
 * at most 10 passes per layer.
 *
 * <p>Layers are seen through {@link Probe}s (DJL has no forward hooks): the probes of lion-dg's
 * models, and for a user's plain DJL model probes put around the weight layers of its {@code
 * SequentialBlock}s for the duration of the calibration ({@link ProbeSwaps}); forward order is the
 * order in which the first calibration pass ran them. Each calibration forward pass records every
 * probe's output, so the pass that checks layer k after its rescaling also gives layer k+1's first
 * measurement: for bias-free layers one rescaling is exact and a model costs about one forward pass
 * per layer. BatchNorm runs with batch statistics, as in training, and its running statistics are
 * restored afterwards, so calibration leaves no trace but the rescaled weights.
 */
final class Lsuv {

  static final double TARGET = 1.0;
  static final double TOLERANCE = 0.01;
  static final int MAX_PASSES = 10;

  private Lsuv() {}

  /** What calibration did to one layer. */
  record Calibrated(int passes, double variance) {}

  /**
   * @param model an initialized model
   * @param skip layers not to calibrate (the Hybrid's aux heads, zeroed afterwards)
   * @param calibration the calibration batch, normalized like training inputs
   * @param seed seed of the orthogonal pre-init
   * @param paths readable paths of the model's parametric layers, for messages
   * @return per calibrated layer (the probe's inner layer), passes and final output variance
   * @throws InitializationException naming the layer if its output variance is NaN, infinite or 0
   *     on the calibration batch (no rescaling can bring it to 1)
   */
  static Map<Block, Calibrated> calibrate(
      Block model, Set<Block> skip, NDArray calibration, long seed, Map<Block, String> paths) {
    ProbeSwaps swaps = ProbeSwaps.install(model, skip);
    try {
      return calibrateProbed(model, skip, calibration, seed, paths);
    } finally {
      swaps.close(); // the model's SequentialBlocks as they were, even on a refusal
    }
  }

  /**
   * Refuses, before any work, a model with a weight layer LSUV would have to calibrate but cannot
   * observe.
   *
   * @param model a model
   * @param skip layers not to calibrate
   * @param paths readable paths of the model's parametric layers
   * @throws InitializationException naming the layers and how to make them observable
   */
  static void checkObservable(Block model, Set<Block> skip, Map<Block, String> paths) {
    List<Block> hidden = ProbeSwaps.unobservable(model, skip);
    if (!hidden.isEmpty()) {
      throw new InitializationException(
          "LSUV cannot observe the output of "
              + hidden.stream()
                  .map(
                      l ->
                          "'"
                              + paths.getOrDefault(l, "model")
                              + "' ("
                              + l.getClass().getSimpleName()
                              + ")")
                  .collect(Collectors.joining(", "))
              + ": it sees a layer only as a child of a"
              + " SequentialBlock (added with add) or inside io.liondg.runtime.nn.Probe.of(layer);"
              + " put "
              + (hidden.size() == 1 ? "it" : "each")
              + " in a SequentialBlock or wrap it"
              + " with Probe.of");
    }
  }

  private static Map<Block, Calibrated> calibrateProbed(
      Block model, Set<Block> skip, NDArray calibration, long seed, Map<Block, String> paths) {
    List<Probe> probes = new ArrayList<>();
    for (Probe p : ParametricLayers.probes(model)) {
      // A probe around a block without a weight of its own (a user's Probe.of(sequential)) has
      // nothing to rescale; the layers inside it are probed on their own.
      if (!skip.contains(p.layer()) && ParametricLayers.hasWeight(p.layer())) {
        probes.add(p);
      }
    }
    if (probes.isEmpty()) {
      throw new InitializationException(
          "LSUV found no conv or linear layer to calibrate in "
              + model.getClass().getSimpleName()
              + " (aux heads excluded when they are zeroed):"
              + " expected at least one layer with a weight");
    }
    Random random = new Random(seed);
    for (Probe p : probes) {
      orthogonal(weight(p), random);
    }
    Map<Parameter, NDArray> runningStats = saveRunningStats(model);
    Map<Block, Calibrated> result = new HashMap<>();
    try {
      List<Probe> order = null;
      Map<Probe, Double> variances = null;
      int k = 0;
      int passes = 0;
      while (true) {
        if (variances == null) {
          // Layer k after its rescaling, and k+1's first measurement, from one partial pass.
          Probe last = order == null ? null : order.get(Math.min(k + 1, order.size() - 1));
          variances = forward(model, calibration, last);
          if (order == null) {
            order = executionOrder(variances, probes, paths);
          }
        }
        if (k == order.size()) {
          break;
        }
        Probe probe = order.get(k);
        Double measured = variances.get(probe);
        if (measured == null) { // a partial pass stopped before it: measure again
          variances = null;
          continue;
        }
        double var = measured;
        if (!Double.isFinite(var) || var == 0) {
          throw new InitializationException(
              "LSUV: layer '"
                  + paths.getOrDefault(probe.layer(), probe.layer().getClass().getSimpleName())
                  + "' has output variance "
                  + var
                  + " on the calibration batch"
                  + (passes == 0
                      ? ""
                      : " after " + passes + " rescaling" + (passes == 1 ? "" : "s"))
                  + ", which no rescaling brings to "
                  + TARGET
                  + (var == 0 ? " (its output is constant)" : " (an overflow)")
                  + "; expected varied, normalized training samples as the calibration batch");
        }
        if (Math.abs(var - TARGET) < TOLERANCE || passes == MAX_PASSES) {
          result.put(probe.layer(), new Calibrated(passes, var));
          k++;
          passes = 0;
          continue; // the same forward pass already measured the next layer
        }
        InPlace.scale(weight(probe), Math.sqrt(TARGET / var));
        passes++;
        variances = null;
      }
    } finally {
      restore(runningStats);
    }
    return result;
  }

  private static Parameter weight(Probe probe) {
    return ParametricLayers.parameter(probe.layer(), Parameter.Type.WEIGHT).orElseThrow();
  }

  /**
   * Runs the model in training mode up to {@code last} (null: all of it); returns each probe's
   * output variance.
   */
  private static Map<Probe, Double> forward(Block model, NDArray calibration, Probe last) {
    Map<Probe, Double> variances = new java.util.LinkedHashMap<>();
    try (NDManager scope = calibration.getManager().newSubManager();
        Probe.Session session = Probe.capture()) {
      NDArray x = calibration.duplicate();
      x.attach(scope);
      session.runUntil(
          last, () -> model.forward(new ParameterStore(scope, false), new NDList(x), true));
      for (Probe.Output out : session.outputs()) {
        NDArray y = out.output().toType(DataType.FLOAT64, false);
        double var = y.sub(y.mean()).square().mean().getDouble();
        variances.put(out.probe(), var);
      }
    }
    return variances;
  }

  /**
   * The probes to calibrate, in the order the forward pass ran them.
   *
   * @throws InitializationException naming a layer that did not run: the forward pass calls it some
   *     other way than through the sequential block or probe that holds it (or not at all), so it
   *     cannot be calibrated
   */
  private static List<Probe> executionOrder(
      Map<Probe, Double> measured, List<Probe> wanted, Map<Block, String> paths) {
    List<Probe> order = new ArrayList<>();
    for (Probe p : measured.keySet()) {
      if (wanted.contains(p)) {
        order.add(p);
      }
    }
    for (Probe p : wanted) {
      if (!order.contains(p)) {
        throw new InitializationException(
            "LSUV saw no output of layer '"
                + paths.getOrDefault(p.layer(), "model")
                + "' ("
                + p.layer().getClass().getSimpleName()
                + ") in a forward"
                + " pass of the model: the model calls it other than through the SequentialBlock or"
                + " Probe that holds it, or not at all; call it through that block, or wrap it with"
                + " io.liondg.runtime.nn.Probe.of and call the probe");
      }
    }
    return order;
  }

  /**
   * Replaces the weight with an orthonormal matrix of the same shape, flattened to {@code out x
   * fan_in}: Q of the QR decomposition of a Gaussian matrix (Saxe et al. 2014).
   */
  static void orthogonal(Parameter weight, Random random) {
    Shape shape = weight.getArray().getShape();
    int rows = (int) shape.get(0);
    int cols = (int) (shape.size() / rows);
    boolean wide = rows <= cols;
    int m = wide ? cols : rows;
    int n = wide ? rows : cols;
    double[][] g = new double[m][n];
    for (double[] row : g) {
      for (int j = 0; j < n; j++) {
        row[j] = random.nextGaussian();
      }
    }
    RealMatrix q =
        new QRDecomposition(MatrixUtils.createRealMatrix(g))
            .getQ()
            .getSubMatrix(0, m - 1, 0, n - 1);
    RealMatrix w = wide ? q.transpose() : q;
    float[] values = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        values[i * cols + j] = (float) w.getEntry(i, j);
      }
    }
    NDManager manager = weight.getArray().getManager();
    try (NDArray src = manager.create(values, shape)) {
      InPlace.assign(weight, src);
    }
  }

  private static Map<Parameter, NDArray> saveRunningStats(Block model) {
    Map<Parameter, NDArray> saved = new HashMap<>();
    for (var pair : model.getParameters()) {
      Parameter p = pair.getValue();
      if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
        saved.put(p, p.getArray().duplicate());
      }
    }
    return saved;
  }

  private static void restore(Map<Parameter, NDArray> saved) {
    saved.forEach(
        (p, copy) -> {
          InPlace.assign(p, copy);
          copy.close();
        });
  }
}
