package io.liondg.runtime.init;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import io.liondg.runtime.nn.ParametricLayers;
import io.liondg.runtime.nn.Probe;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes the weight layers of a user's plain DJL model observable for LSUV, and puts the model back
 * exactly as it was.
 *
 * <p>DJL has no forward hooks, but a {@link SequentialBlock} runs its children as they are at the
 * time of the forward pass, and its public {@code removeLastBlock} and {@code add} change them. So
 * for the duration of the calibration each weight layer that is a direct child of a {@code
 * SequentialBlock} is replaced by a {@link Probe} around it; {@link #close} removes the probes and
 * adds the original children back, the same objects in the same order under the same names (so the
 * model's parameter names are unchanged), even after an error. {@code add} names a child by its
 * position and class ({@code 03Conv2d}); a {@code SequentialBlock} whose children have other names
 * (a subclass adding them under its own) could not be restored exactly and is not touched. Layers
 * already wrapped by a {@code Probe} (as in lion-dg's models) are observed as they are.
 */
final class ProbeSwaps implements AutoCloseable {

  /** One sequential block whose children from {@code from} on were taken out and re-added. */
  private record Swap(SequentialBlock block, List<Pair<String, Block>> original, int from) {}

  /**
   * What a walk of the model found.
   *
   * @param observed the layers a probe observes, or will once the wraps are made
   * @param wraps per restorable sequential block, the indices of the children to wrap
   */
  private record Plan(Set<Block> observed, Map<SequentialBlock, Set<Integer>> wraps) {}

  private final List<Swap> swaps = new ArrayList<>();

  private ProbeSwaps() {}

  /**
   * @param model a model
   * @param skip layers that need not be observed
   * @return its weight layers (not in {@code skip}) that neither a probe nor a sequential block can
   *     observe, depth first
   */
  static List<Block> unobservable(Block model, Set<Block> skip) {
    Set<Block> observed = plan(model, skip).observed();
    List<Block> out = new ArrayList<>();
    for (Block layer : ParametricLayers.weightLayers(model)) {
      if (!skip.contains(layer) && !observed.contains(layer)) {
        out.add(layer);
      }
    }
    return out;
  }

  /**
   * Puts a probe around every weight layer (not in {@code skip}) that is a direct child of a
   * restorable sequential block.
   *
   * @param model an initialized model
   * @param skip layers not to probe
   * @return the swaps, to {@link #close} when the calibration is over
   */
  static ProbeSwaps install(Block model, Set<Block> skip) {
    ProbeSwaps swaps = new ProbeSwaps();
    try {
      plan(model, skip).wraps().forEach(swaps::wrap);
    } catch (RuntimeException e) {
      swaps.close();
      throw e;
    }
    return swaps;
  }

  /** Puts the original children back, last swap first. */
  @Override
  public void close() {
    for (int i = swaps.size() - 1; i >= 0; i--) {
      restore(swaps.get(i));
    }
    swaps.clear();
  }

  private static Plan plan(Block model, Set<Block> skip) {
    Plan plan = new Plan(Collections.newSetFromMap(new IdentityHashMap<>()), new LinkedHashMap<>());
    walk(model, skip, plan);
    return plan;
  }

  private static void walk(Block block, Set<Block> skip, Plan plan) {
    if (block instanceof Probe probe) {
      plan.observed().add(probe.layer());
    } else if (block instanceof SequentialBlock sequential) {
      List<Pair<String, Block>> children = children(sequential);
      Set<Integer> wrap = new TreeSet<>();
      for (int i = 0; i < children.size(); i++) {
        Block child = children.get(i).getValue();
        if (ParametricLayers.hasWeight(child)
            && !(child instanceof Probe)
            && !skip.contains(child)) {
          wrap.add(i);
        }
      }
      if (!wrap.isEmpty() && restorable(children, wrap.iterator().next())) {
        plan.wraps().put(sequential, wrap);
        wrap.forEach(i -> plan.observed().add(children.get(i).getValue()));
      }
    }
    for (Pair<String, Block> child : block.getChildren()) {
      walk(child.getValue(), skip, plan);
    }
  }

  /** Whether {@code add} gives the children from {@code from} on the names they have now. */
  private static boolean restorable(List<Pair<String, Block>> children, int from) {
    for (int i = from; i < children.size(); i++) {
      if (!children.get(i).getKey().equals(addedName(i, children.get(i).getValue()))) {
        return false;
      }
    }
    return true;
  }

  /** The name {@code SequentialBlock.add} gives the child at {@code index}, e.g. 03Conv2d. */
  private static String addedName(int index, Block child) {
    return String.format(Locale.ROOT, "%02d%s", index + 1, child.getClass().getSimpleName());
  }

  private void wrap(SequentialBlock block, Set<Integer> indices) {
    List<Pair<String, Block>> original = children(block);
    int from = indices.iterator().next();
    // Recorded first, so that close() restores the block even if the re-adding fails.
    swaps.add(new Swap(block, original, from));
    for (int i = original.size() - 1; i >= from; i--) {
      block.removeLastBlock();
    }
    for (int i = from; i < original.size(); i++) {
      Block child = original.get(i).getValue();
      block.add(indices.contains(i) ? Probe.of(child) : child);
    }
  }

  private static void restore(Swap swap) {
    SequentialBlock block = swap.block();
    for (int i = block.getChildren().size() - 1; i >= swap.from(); i--) {
      block.removeLastBlock();
    }
    for (int i = swap.from(); i < swap.original().size(); i++) {
      block.add(swap.original().get(i).getValue());
    }
    List<Pair<String, Block>> now = children(block);
    boolean same = now.size() == swap.original().size();
    for (int i = 0; same && i < now.size(); i++) {
      Pair<String, Block> was = swap.original().get(i);
      same = now.get(i).getKey().equals(was.getKey()) && now.get(i).getValue() == was.getValue();
    }
    if (!same) {
      throw new IllegalStateException(
          "LSUV could not restore the children of a SequentialBlock"
              + " after probing them: expected "
              + swap.original()
              + ", found "
              + now);
    }
  }

  private static List<Pair<String, Block>> children(SequentialBlock block) {
    List<Pair<String, Block>> out = new ArrayList<>();
    block.getChildren().forEach(out::add);
    return out;
  }
}
