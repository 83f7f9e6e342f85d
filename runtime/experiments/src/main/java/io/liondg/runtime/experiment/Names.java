package io.liondg.runtime.experiment;

import java.util.Comparator;
import java.util.List;

/**
 * The order in which reports list datasets, architectures and strategies: the DESIGN's order
 * (the paper's, with He first as the baseline), then unknown names alphabetically, so tables
 * read the same way whatever order the runs finished in.
 */
final class Names {

  static final List<String> DATASETS = List.of("cifar10", "cifar100", "fashion-mnist",
      "synthetic");
  static final List<String> ARCHS = List.of("densenet-ds", "resnet-ds", "resnet-ds-embedded");
  static final List<String> INITS = List.of("he", "xavier", "lion-dg", "lsuv", "hybrid",
      "fixup", "rezero");

  static final Comparator<String> DATASET_ORDER = in(DATASETS);
  static final Comparator<String> ARCH_ORDER = in(ARCHS);
  static final Comparator<String> INIT_ORDER = in(INITS);

  private Names() {}

  private static Comparator<String> in(List<String> known) {
    return Comparator.<String>comparingInt(name -> {
      int i = known.indexOf(name);
      return i < 0 ? known.size() : i;
    }).thenComparing(Comparator.naturalOrder());
  }
}
