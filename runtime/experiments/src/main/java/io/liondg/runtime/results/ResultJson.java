package io.liondg.runtime.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one JSON mapping of results: snake_case keys, records both ways. */
public final class ResultJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(SerializationFeature.INDENT_OUTPUT, false);

  private ResultJson() {}

  /**
   * @return the shared mapper (thread-safe once configured)
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * @param result a run result
   * @return one line of JSON, no trailing newline
   */
  public static String toLine(RunResult result) {
    try {
      return MAPPER.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write result as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * @param line one JSON object
   * @return the result
   * @throws JsonProcessingException if the line is not a complete result
   */
  public static RunResult fromLine(String line) throws JsonProcessingException {
    return MAPPER.readValue(line, RunResult.class);
  }
}
