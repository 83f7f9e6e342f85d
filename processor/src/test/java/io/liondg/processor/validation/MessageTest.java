package io.liondg.processor.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.processor.model.Annotations;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

class MessageTest {

  @Test
  void tagsAndKindsAreThoseOfTheDesignTable() {
    assertEquals(Diagnostic.Kind.ERROR, Message.NOT_A_BLOCK.kind());
    assertEquals("[lion:not-a-block]", Message.NOT_A_BLOCK.tag());
    assertEquals("[lion:multiple-roles]", Message.MULTIPLE_ROLES.tag());
    assertEquals("[lion:inaccessible]", Message.INACCESSIBLE.tag());
    assertEquals("[lion:multiple-main-heads]", Message.MULTIPLE_MAIN_HEADS.tag());
    assertEquals("[lion:unknown-tap]", Message.UNKNOWN_TAP.tag());
    assertEquals("[lion:tap-not-backbone]", Message.TAP_NOT_BACKBONE.tag());
    assertEquals("[lion:aux-on-residual-path]", Message.AUX_ON_RESIDUAL_PATH.tag());
    assertEquals(Diagnostic.Kind.WARNING, Message.AUX_ON_RESIDUAL_PATH.kind());
    assertEquals("[lion:no-aux-heads]", Message.NO_AUX_HEADS.tag());
    assertEquals(Diagnostic.Kind.WARNING, Message.NO_AUX_HEADS.kind());
    assertEquals("[lion:unassigned-block]", Message.UNASSIGNED_BLOCK.tag());
    assertEquals(Diagnostic.Kind.NOTE, Message.UNASSIGNED_BLOCK.kind());
    assertEquals("[lion:internal]", Message.INTERNAL.tag());
  }

  @Test
  void everyMessageStartsWithItsTagAndWarningsSayHowToSilenceThem() {
    for (Message m : Message.values()) {
      Object[] args = new Object[] {"a", "b", "c", "d", "e"};
      String text = m.format(args);
      assertTrue(text.startsWith(m.tag() + " "), text);
      if (m.kind() == Diagnostic.Kind.WARNING) {
        assertTrue(text.contains("@SuppressWarnings(\"" + m.suppressionKey() + "\")"), text);
      }
    }
  }

  @Test
  void theModelRecordsSuppressionUnderTheWarningsOwnKey() {
    assertEquals(
        Message.AUX_ON_RESIDUAL_PATH.suppressionKey(), Annotations.AUX_ON_RESIDUAL_PATH_KEY);
  }

  @Test
  void placementModeParsesTheOption() {
    assertEquals(Optional.of(PlacementMode.WARNING), PlacementMode.parse(null));
    assertEquals(Optional.of(PlacementMode.WARNING), PlacementMode.parse("warning"));
    assertEquals(Optional.of(PlacementMode.ERROR), PlacementMode.parse("ERROR"));
    assertEquals(Optional.empty(), PlacementMode.parse("fatal"));
    assertEquals(Diagnostic.Kind.ERROR, PlacementMode.ERROR.kind());
  }

  @Test
  void tagsAreFewAndStable() {
    Set<String> tags =
        Arrays.stream(Message.values()).map(Message::tag).collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "[lion:not-a-block]",
            "[lion:multiple-roles]",
            "[lion:inaccessible]",
            "[lion:auxiliary-class]",
            "[lion:multiple-main-heads]",
            "[lion:unknown-tap]",
            "[lion:tap-not-backbone]",
            "[lion:aux-on-residual-path]",
            "[lion:no-aux-heads]",
            "[lion:unassigned-block]",
            "[lion:internal]",
            "[lion:nested-errors]",
            "[lion:bad-option]",
            "[lion:no-djl]",
            "[lion:name-clash]",
            "[lion:not-processed]",
            "[lion:bad-aux-weight]"),
        tags);
  }
}
