package io.liondg.runtime.experiment;

import io.liondg.runtime.data.Datasets;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.Architecture;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which reports list datasets, architectures and strategies: the order of their
 * registries ({@link Datasets#NAMES}, {@link Architecture}, {@link Strategy#builtIns()}: the
 * paper's, with He first as the baseline), then unknown names alphabetically, so tables read the
 * same way whatever order the runs finished in.
 */
final class Names {

  static final List<String> DATASETS = Datasets.NAMES;
  static final List<String> ARCHS =
      Arrays.stream(Architecture.values()).map(Architecture::cliName).toList();
  static final List<String> INITS = Strategy.builtIns().stream().map(Strategy::cliName).toList();

  static final Comparator<String> DATASET_ORDER = in(DATASETS);
  static final Comparator<String> ARCH_ORDER = in(ARCHS);
  static final Comparator<String> INIT_ORDER = in(INITS);

  private Names() {}

  private static Comparator<String> in(List<String> known) {
    return Comparator.<String>comparingInt(
            name -> {
              int i = known.indexOf(name);
              return i < 0 ? known.size() : i;
            })
        .thenComparing(Comparator.naturalOrder());
  }
}
