package io.liondg.runtime.experiment;

import java.nio.file.Path;

/** A separate process that appends results, for the cross-process locking test. */
public final class AppendProcess {

  private AppendProcess() {}

  /**
   * @param args results folder, first seed, count
   * @throws Exception on any failure (non-zero exit)
   */
  public static void main(String[] args) throws Exception {
    ResultsStore store = ResultsStore.inDirectory(Path.of(args[0]));
    long first = Long.parseLong(args[1]);
    int count = Integer.parseInt(args[2]);
    for (int i = 0; i < count; i++) {
      store.append(Fixtures.result(Fixtures.cell("he", first + i)));
    }
  }
}
