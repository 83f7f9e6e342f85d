package io.liondg.runtime.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import io.liondg.runtime.nn.InPlace;
import io.liondg.runtime.nn.ParametricLayers;
import io.liondg.runtime.nn.Probe;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.Roles;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Strategies are open (DESIGN, Runtime, init): the seven built-ins by their CLI names, new ones
 * composed from their parts (LION-DG on a Glorot base) or implemented by a user.
 */
class StrategyTest {

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void theBuiltInsKeepTheirCliNames() {
    assertEquals(
        List.of("he", "xavier", "lion-dg", "lsuv", "hybrid", "fixup", "rezero"),
        Strategy.builtIns().stream().map(Strategy::cliName).toList());
    for (Strategy s : Strategy.builtIns()) {
      assertSame(s, Strategy.byName(s.cliName()));
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Strategy.byName("kaiming"));
    assertEquals(
        "unknown init strategy 'kaiming': expected one of he, xavier, lion-dg, lsuv,"
            + " hybrid, fixup, rezero",
        e.getMessage());
  }

  @Test
  void theBuiltInsAreCompositionsOfTheirParts() {
    assertEquals(Strategy.LION_LSUV, Strategy.LSUV.withAuxHeadsZeroed().named("hybrid"));
    assertEquals(Strategy.LION_LSUV, Strategy.LION_DG.withCalibration().named("hybrid"));
    assertEquals(Strategy.LION_DG, Strategy.HE.withAuxHeadsZeroed().named("lion-dg"));
    assertEquals("he+zero-aux", Strategy.HE.withAuxHeadsZeroed().cliName());
    assertEquals(
        "lion-dg+rezero", Strategy.LION_DG.withResidual(Strategy.Residual.REZERO).cliName());
  }

  @Test
  void lionDgOnAGlorotBaseZeroesTheAuxHeadsAndDrawsGlorotElsewhere() {
    Strategy lionGlorot = Strategy.LION_DG.withBase(Strategy.XAVIER);
    assertEquals("lion-dg+xavier", lionGlorot.cliName());
    assertSame(Strategy.XAVIER.base(), lionGlorot.base());

    HeadsNet composed = HeadsNet.of(true, true);
    InitReport report =
        Initialization.apply(
            composed, lionGlorot, new InitOptions(manager, HeadsNet.INPUT, null, 9));
    HeadsNet xavier = HeadsNet.of(true, true);
    Initialization.apply(
        xavier, Strategy.XAVIER, new InitOptions(manager, HeadsNet.INPUT, null, 9));

    assertEquals("lion-dg+xavier", report.strategy());
    for (RoleNode head : Roles.tree(composed).auxHeads()) {
      for (Parameter p :
          ParametricLayers.last(head.block()).orElseThrow().getDirectParameters().values()) {
        assertEquals(0f, p.getArray().abs().max().getFloat(), head.path() + " zeroed");
      }
    }
    // The stem is drawn first, so both runs drew the same Glorot values for it.
    assertArrayEquals(weight(xavier.stem).toFloatArray(), weight(composed.stem).toFloatArray());
  }

  @Test
  void aUsersOwnStrategyIsAppliedWithItsBase() {
    Strategy tiny =
        new Strategy() {
          @Override
          public String cliName() {
            return "tiny";
          }

          @Override
          public Initializer base() {
            return new NormalInitializer(0.001f);
          }
        };
    HeadsNet model = HeadsNet.of(true, true);
    InitReport report =
        Initialization.apply(
            model, tiny.withAuxHeadsZeroed(), new InitOptions(manager, HeadsNet.INPUT, null, 3));
    assertEquals("tiny+zero-aux", report.strategy());
    double std =
        InPlace.std(
            ParametricLayers.parameter(((Probe) model.stem).layer(), Parameter.Type.WEIGHT)
                .orElseThrow());
    assertEquals(0.001, std, 0.0003, "the user's base initializer drew the stem");
  }

  @Test
  void aStrategyWithoutAUsableNameOrBaseIsRefusedInOneLine() {
    IllegalArgumentException blank =
        assertThrows(IllegalArgumentException.class, () -> Strategy.HE.named("my he"));
    assertEquals(
        "bad strategy name 'my he': expected one word without blanks or '/', e.g."
            + " lion-dg+xavier",
        blank.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Strategy.of("a/b", Initializer.ONES));
    Strategy noBase =
        new Strategy() {
          @Override
          public String cliName() {
            return "nobase";
          }

          @Override
          public Initializer base() {
            return null;
          }
        };
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Initialization.apply(
                    HeadsNet.of(true, true),
                    noBase,
                    new InitOptions(manager, HeadsNet.INPUT, null, 3)));
    assertEquals(
        "strategy nobase has no base initializer: expected a DJL Initializer from" + " base()",
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  private static NDArray weight(Block probed) {
    return ParametricLayers.parameter(((Probe) probed).layer(), Parameter.Type.WEIGHT)
        .orElseThrow()
        .getArray();
  }
}
