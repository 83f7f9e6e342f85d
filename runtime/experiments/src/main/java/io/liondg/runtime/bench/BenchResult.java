package io.liondg.runtime.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.liondg.runtime.results.ResultJson;

/**
 * What {@code lion-dg bench} prints: one JSON line with the keys of the PyTorch eager peer ({@code
 * shared/bench/peer_densenet_ds.py}), in its order, so the two can be compared line by line.
 *
 * @param impl {@code lion-dg-djl} (the peer says {@code pytorch-eager})
 * @param arch architecture name
 * @param batchSize images per step
 * @param steps timed steps
 * @param warmup untimed steps before them
 * @param msPerStepMedian median wall time of one timed step, in milliseconds
 * @param imagesPerSecond {@code batchSize * 1000 / msPerStepMedian}
 * @param rssMbStart resident set size in MiB after the warm-up, before the first timed step
 * @param rssMbEnd resident set size in MiB after the last timed step
 * @param device {@code cpu} or {@code gpu(N)}
 * @param threads the engine's intra-op CPU threads
 * @param engine engine and version, e.g. {@code djl 0.32.0 pytorch 2.5.1}
 * @param params trainable parameters of the model
 */
@JsonPropertyOrder({
  "impl",
  "arch",
  "batch_size",
  "steps",
  "warmup",
  "ms_per_step_median",
  "images_per_second",
  "rss_mb_start",
  "rss_mb_end",
  "device",
  "threads",
  "engine",
  "params"
})
public record BenchResult(
    String impl,
    String arch,
    int batchSize,
    int steps,
    int warmup,
    double msPerStepMedian,
    double imagesPerSecond,
    double rssMbStart,
    double rssMbEnd,
    String device,
    int threads,
    String engine,
    long params) {

  /** The {@code impl} of this implementation. */
  public static final String IMPL = "lion-dg-djl";

  /**
   * @return the result as one line of JSON (snake_case keys), no trailing newline
   */
  public String toJson() {
    try {
      return ResultJson.mapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write bench result as JSON: " + e.getMessage(), e);
    }
  }
}
