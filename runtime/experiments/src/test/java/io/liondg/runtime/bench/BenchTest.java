package io.liondg.runtime.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liondg.runtime.results.ResultJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTest {

  /** The keys of shared/bench/peer_densenet_ds.py's line, in its order. */
  static final List<String> PEER_KEYS =
      List.of(
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
          "params");

  @Test
  void jsonHasThePeersKeysInItsOrder() throws Exception {
    BenchResult r =
        new BenchResult(
            BenchResult.IMPL,
            "densenet-ds",
            4,
            2,
            1,
            12.5,
            320.0,
            400.0,
            401.0,
            "cpu",
            2,
            "djl 0.32.0 pytorch 2.5.1",
            81678);
    JsonNode json = ResultJson.mapper().readTree(r.toJson());
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(PEER_KEYS, keys);
    assertEquals(12.5, json.get("ms_per_step_median").asDouble());
    assertEquals("lion-dg-djl", json.get("impl").asText());
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(2.0, Bench.median(new double[] {3, 1, 2}));
    assertEquals(2.5, Bench.median(new double[] {4, 1, 2, 3}));
  }

  @Test
  void rssIsReadFromProc() {
    assertEquals(123456L, Rss.parseKilobytes("VmRSS:\t  123456 kB"));
    double mb = Rss.megabytes();
    assertTrue(Double.isNaN(mb) || mb > 1, "a JVM uses more than 1 MiB: " + mb);
  }
}
