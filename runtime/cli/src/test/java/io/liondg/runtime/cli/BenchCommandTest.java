package io.liondg.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liondg.runtime.results.ResultJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

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
  void printsOneJsonLineWithThePeersKeys() throws Exception {
    Cli.Run run =
        Cli.run(
            "bench",
            "--steps",
            "2",
            "--warmup",
            "1",
            "--batch-size",
            "4",
            "--device",
            "cpu",
            "--no-progress");
    assertEquals(0, run.status(), run.err());
    List<String> lines = run.out().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), run.out());
    JsonNode json = ResultJson.mapper().readTree(lines.get(0));
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(PEER_KEYS, keys);
    assertEquals("densenet-ds", json.get("arch").asText());
    assertEquals(4, json.get("batch_size").asInt());
    assertEquals(2, json.get("steps").asInt());
    assertEquals(1, json.get("warmup").asInt());
    assertEquals("cpu", json.get("device").asText());
    assertEquals(81_678, json.get("params").asLong(), "the peer's DenseNet-DS");
    assertTrue(json.get("ms_per_step_median").asDouble() > 0);
    assertTrue(json.get("images_per_second").asDouble() > 0);
    assertTrue(json.get("rss_mb_start").asDouble() > 0);
    assertTrue(json.get("threads").asInt() >= 1);
    assertTrue(json.get("engine").asText().contains("pytorch"), json.get("engine").asText());
  }
}
