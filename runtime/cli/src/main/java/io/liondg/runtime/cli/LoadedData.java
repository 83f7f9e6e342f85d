package io.liondg.runtime.cli;

import io.liondg.runtime.data.DataSplits;
import io.liondg.runtime.data.Datasets;
import io.liondg.runtime.results.RunResult.DataSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A dataset loaded for a command, with where it came from and how long loading took; loading prints
 * one line saying so.
 *
 * @param splits the data
 * @param source its form, path and load time, as results record them
 */
record LoadedData(DataSplits splits, DataSource source) {

  /**
   * Loads {@code name} (see {@link Datasets#load}) and prints one line to {@code err}, e.g. {@code
   * data: cifar10 (images) from data/cifar10-images.tar.gz: 50,000 train + 10,000 test images,
   * 3x32x32, 10 classes, loaded in 4.1 s}.
   *
   * @param name a dataset name
   * @param dataDir the folder or archive given, or null for the default location
   * @param seed the seed (for {@code synthetic})
   * @param imageSize {@code --image-size} (folder datasets), or 0
   * @param err where to print the line
   * @return the data and its source
   */
  static LoadedData load(String name, Path dataDir, long seed, int imageSize, PrintWriter err) {
    long start = System.nanoTime();
    DataSplits splits = DemoData.load(name, dataDir, seed, imageSize);
    double seconds = (System.nanoTime() - start) / 1e9;
    Path path = dataDir != null ? dataDir : Datasets.defaultDir(name);
    err.printf(
        Locale.ROOT,
        "data: %s (%s)%s: %,d train + %,d test images, %dx%dx%d, %d classes,"
            + " loaded in %.1f s%n",
        splits.name(),
        splits.form(),
        path == null ? "" : " from " + path,
        splits.train().size(),
        splits.test().size(),
        splits.channels(),
        splits.height(),
        splits.width(),
        splits.classes(),
        seconds);
    err.flush();
    return new LoadedData(
        splits, new DataSource(splits.form(), path == null ? null : path.toString(), seconds));
  }
}
