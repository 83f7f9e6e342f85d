package io.liondg.processor.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NearestNameTest {

  private static final List<String> FIELDS = List.of("stem", "stage1", "stage2", "head");

  @Test
  void distanceCountsInsertionsDeletionsAndSubstitutions() {
    assertEquals(0, NearestName.distance("stage1", "stage1"));
    assertEquals(1, NearestName.distance("stag1", "stage1"));
    assertEquals(1, NearestName.distance("stage11", "stage1"));
    assertEquals(1, NearestName.distance("stage3", "stage1"));
    assertEquals(3, NearestName.distance("kitten", "sitting"));
    assertEquals(4, NearestName.distance("", "stem"));
  }

  @Test
  void suggestsTheClosestTypo() {
    assertEquals(Optional.of("stage1"), NearestName.of("stag1", FIELDS));
    assertEquals(Optional.of("stage2"), NearestName.of("stage_2", FIELDS));
    assertEquals(Optional.of("stem"), NearestName.of("steam", FIELDS));
  }

  @Test
  void ignoresCase() {
    assertEquals(Optional.of("stage1"), NearestName.of("Stage1", FIELDS));
  }

  @Test
  void suggestsNothingWhenNothingIsClose() {
    assertEquals(Optional.empty(), NearestName.of("classifier", FIELDS));
    assertEquals(Optional.empty(), NearestName.of("x", List.of("y")));
    assertEquals(Optional.empty(), NearestName.of("stem", List.of()));
  }

  @Test
  void prefersTheFirstOfEquallyCloseNames() {
    assertEquals(Optional.of("stage1"), NearestName.of("stage", FIELDS));
  }
}
