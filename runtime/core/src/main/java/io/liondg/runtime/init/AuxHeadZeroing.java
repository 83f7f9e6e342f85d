package io.liondg.runtime.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import io.liondg.runtime.nn.InPlace;
import io.liondg.runtime.nn.ParametricLayers;
import io.liondg.runtime.roles.RoleNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What LION-DG and the Hybrid zero in an aux head: the parameters of its <b>last parametric
 * layer</b> that make the head's output exactly 0 at step 0, whatever that layer is.
 *
 * <ul>
 *   <li>a layer with a weight (Linear, any convolution): its weight and bias, so {@code W x + b =
 *       0};
 *   <li>a layer without a weight but with a gamma (BatchNorm, LayerNorm, lion-dg's {@link
 *       io.liondg.runtime.nn.Scale}): its gamma and beta, so {@code gamma * x_hat + beta = 0}.
 *       BatchNorm's running statistics are left alone.
 * </ul>
 *
 * <p>The zeroed multiplier must be trainable: its gradient is what lets the head wake up
 * (Proposition 2). A last layer of another kind, or one whose multiplier does not train (e.g.
 * {@code BatchNorm.builder().optScale(false)}), is refused with a one-line {@link
 * InitializationException} naming the head. After zeroing, {@link #verify} runs the head alone and
 * refuses a head whose output is still not 0 (a layer after the zeroed one that maps 0 to something
 * else, such as a sigmoid). The placement probe perturbs the same parameters.
 */
public final class AuxHeadZeroing {

  private AuxHeadZeroing() {}

  /**
   * @param head an aux head
   * @return the parameters LION-DG zeroes in it (they may not be initialized yet)
   * @throws InitializationException naming the head if its output cannot be zeroed this way
   */
  public static List<Parameter> parameters(RoleNode head) {
    List<Block> layers = ParametricLayers.of(head.block());
    if (layers.isEmpty()) {
      throw refuse(head, "it has no parameters, so nothing can make its output 0");
    }
    Block last = layers.get(layers.size() - 1);
    Parameter.Type scale;
    Parameter.Type shift;
    if (ParametricLayers.parameter(last, Parameter.Type.WEIGHT).isPresent()) {
      scale = Parameter.Type.WEIGHT;
      shift = Parameter.Type.BIAS;
    } else if (ParametricLayers.parameter(last, Parameter.Type.GAMMA).isPresent()) {
      scale = Parameter.Type.GAMMA;
      shift = Parameter.Type.BETA;
    } else {
      throw refuse(
          head,
          "its last parametric layer, "
              + describe(last)
              + ", has neither a"
              + " weight (Linear, Conv) nor a gamma (BatchNorm, LayerNorm); end the head with one of"
              + " those");
    }
    List<Parameter> out = new ArrayList<>();
    for (Parameter p : last.getDirectParameters().values()) {
      if (p.getType() == scale && !p.requiresGradient()) {
        throw refuse(
            head,
            "the "
                + p.getName()
                + " of its last parametric layer, "
                + describe(last)
                + ", is not trainable, so once zeroed the head could never learn"
                + " (e.g. a BatchNorm built with optScale(false)); make it trainable");
      }
      if (p.getType() == scale || p.getType() == shift) {
        out.add(p);
      }
    }
    return out;
  }

  /** Sets the zeros initializer on what {@link #parameters} names, before initialization. */
  static void setZeroInitializers(RoleNode head) {
    parameters(head).forEach(p -> p.setInitializer(Initializer.ZEROS));
  }

  /** Zeroes what {@link #parameters} names, in place, after initialization. */
  static void zeroInPlace(RoleNode head) {
    parameters(head).forEach(InPlace::zero);
  }

  /**
   * Runs the initialized head alone, in inference mode, on an all-ones input of the shapes it was
   * initialized with, and checks that every output value is exactly 0. A head whose input shapes
   * DJL cannot tell, or that cannot run alone, is not run (its zeroing was checked by {@link
   * #parameters}).
   *
   * @param head an aux head, zeroed
   * @param manager a manager on the model's device
   * @throws InitializationException naming the head if its output is not exactly 0
   */
  static void verify(RoleNode head, NDManager manager) {
    Shape[] shapes;
    try {
      shapes = head.block().getInputShapes();
    } catch (RuntimeException e) {
      return;
    }
    if (shapes == null || shapes.length == 0) {
      return;
    }
    double max = 0;
    try (NDManager scope = manager.newSubManager()) {
      NDList in = new NDList();
      for (Shape s : shapes) {
        in.add(scope.ones(s));
      }
      NDList out = head.block().forward(new ParameterStore(scope, false), in, false);
      for (NDArray o : out) {
        o.attach(scope);
        if (o.isEmpty()) {
          continue;
        }
        double m = o.abs().max().toType(DataType.FLOAT64, false).getDouble();
        max = Double.isNaN(m) || Double.isNaN(max) ? Double.NaN : Math.max(max, m);
      }
    } catch (RuntimeException e) {
      return; // a head that cannot run alone (it needs the model around it): not checked here
    }
    if (max != 0) {
      Block last = ParametricLayers.last(head.block()).orElseThrow();
      throw refuse(
          head,
          "with the "
              + names(parameters(head))
              + " of its last parametric"
              + " layer ("
              + describe(last)
              + ") zeroed its output is still not 0 (max |output| "
              + String.format(Locale.ROOT, "%.3g", max)
              + "): a layer after it maps 0 to"
              + " something else (a sigmoid, a softmax, a constant); end the head with its last"
              + " parametric layer and put such functions in the loss");
    }
  }

  private static InitializationException refuse(RoleNode head, String why) {
    return new InitializationException(
        "cannot zero-initialize aux head '"
            + head.path()
            + "' so that its output is exactly 0 at step 0: "
            + why);
  }

  private static String describe(Block layer) {
    return layer.getClass().getSimpleName()
        + " ("
        + layer.getDirectParameters().values().stream()
            .map(p -> p.getName() + ":" + p.getType().name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "))
        + ")";
  }

  private static String names(List<Parameter> parameters) {
    return parameters.stream().map(Parameter::getName).collect(Collectors.joining(" and "));
  }
}
