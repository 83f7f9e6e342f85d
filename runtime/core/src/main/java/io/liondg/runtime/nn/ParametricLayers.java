package io.liondg.runtime.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds layers inside a block: the ones with parameters, the ones with weights, the probed ones,
 * their weights.
 */
public final class ParametricLayers {

  private ParametricLayers() {}

  /**
   * @param block any block
   * @return the blocks under it (itself included) that own parameters directly, depth first in
   *     child order (which is forward order for our models and DJL's sequential blocks)
   */
  public static List<Block> of(Block block) {
    List<Block> out = new ArrayList<>();
    collect(block, out);
    return out;
  }

  private static void collect(Block block, List<Block> out) {
    if (!block.getDirectParameters().isEmpty()) {
      out.add(block);
    }
    for (Pair<String, Block> child : block.getChildren()) {
      collect(child.getValue(), out);
    }
  }

  /**
   * @param block an aux head
   * @return its last parametric layer, the one LION-DG zeroes
   */
  public static Optional<Block> last(Block block) {
    List<Block> layers = of(block);
    return layers.isEmpty() ? Optional.empty() : Optional.of(layers.get(layers.size() - 1));
  }

  /**
   * @param block any block
   * @return the blocks under it (itself included) that own a weight directly (conv, linear, or any
   *     layer with a {@link Parameter.Type#WEIGHT} parameter), depth first in child order: the
   *     layers the base initializer, LSUV and Fixup act on
   */
  public static List<Block> weightLayers(Block block) {
    return of(block).stream().filter(ParametricLayers::hasWeight).toList();
  }

  /**
   * @param layer any block
   * @return whether it owns a weight directly
   */
  public static boolean hasWeight(Block layer) {
    return parameter(layer, Parameter.Type.WEIGHT).isPresent();
  }

  /**
   * @return every {@link Probe} under {@code block} (itself included), depth first
   */
  public static List<Probe> probes(Block block) {
    List<Probe> out = new ArrayList<>();
    collectProbes(block, out);
    return out;
  }

  private static void collectProbes(Block block, List<Probe> out) {
    if (block instanceof Probe probe) {
      out.add(probe);
    }
    for (Pair<String, Block> child : block.getChildren()) {
      collectProbes(child.getValue(), out);
    }
  }

  /**
   * @param layer a block that owns parameters
   * @param type a parameter type
   * @return its first direct parameter of that type
   */
  public static Optional<Parameter> parameter(Block layer, Parameter.Type type) {
    return layer.getDirectParameters().values().stream()
        .filter(p -> p.getType() == type)
        .findFirst();
  }
}
