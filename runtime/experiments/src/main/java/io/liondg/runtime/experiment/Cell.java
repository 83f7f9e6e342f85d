package io.liondg.runtime.experiment;

import io.liondg.runtime.results.ResultJson;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One cell of an experiment grid: one independent training run.
 *
 * @param dataset dataset name, e.g. {@code fashion-mnist}
 * @param arch architecture name, e.g. {@code densenet-ds}
 * @param init strategy name, e.g. {@code lion-dg}
 * @param seed the run's seed
 * @param config every setting of the run
 */
public record Cell(String dataset, String arch, String init, long seed, RunConfig config) {

  public Cell {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(init, "init");
    Objects.requireNonNull(config, "config");
  }

  /**
   * The cell a finished run belongs to.
   *
   * @param result a run's result
   * @return its cell
   */
  public static Cell of(RunResult result) {
    return new Cell(result.dataset(), result.arch(), result.init(), result.seed(), result.config());
  }

  /**
   * The identity of this cell for resuming: dataset, arch, init, seed and every setting except
   * {@code threads}, e.g. {@code
   * fashion-mnist/densenet-ds/he/seed=42/aux_weight=0.3,batch_size=128,...}.
   *
   * <p>Threads are left out because they change speed, not the result's meaning: a grid rerun with
   * another {@code --jobs} must still skip the cells it already has. The settings are taken from
   * the JSON form of the config (snake_case names, sorted), so a setting added to {@link RunConfig}
   * later joins the key without anyone having to remember to add it here, and a key computed from a
   * cell equals the key computed from its result read back from {@code results.jsonl} (doubles
   * survive the JSON round trip exactly).
   *
   * @return a stable key string
   */
  public String key() {
    return dataset + "/" + arch + "/" + init + "/seed=" + seed + "/" + settingsKey(config);
  }

  /**
   * @param config a run's settings
   * @return the settings part of a cell key: {@code name=value} pairs without {@code threads},
   *     sorted by name
   */
  static String settingsKey(RunConfig config) {
    StringJoiner joined = new StringJoiner(",");
    settings(config).forEach((name, value) -> joined.add(name + "=" + value));
    return joined.toString();
  }

  /**
   * @param config a run's settings
   * @return the settings that tell cells apart: JSON name to value as text, without {@code
   *     threads}, sorted by name
   */
  static Map<String, String> settings(RunConfig config) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json = ResultJson.mapper().convertValue(config, TreeMap.class);
    json.remove("threads");
    Map<String, String> settings = new TreeMap<>();
    json.forEach((name, value) -> settings.put(name, String.valueOf(value)));
    return settings;
  }

  /**
   * @return a short human label, e.g. {@code fashion-mnist densenet-ds lion-dg seed 42}
   */
  public String label() {
    return dataset + " " + arch + " " + init + " seed " + seed;
  }
}
