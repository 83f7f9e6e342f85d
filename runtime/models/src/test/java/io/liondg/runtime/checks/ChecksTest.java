package io.liondg.runtime.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.liondg.runtime.init.InitOptions;
import io.liondg.runtime.init.Initialization;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.Architecture;
import io.liondg.runtime.models.DeepSupervisionNet;
import io.liondg.runtime.roles.RoleTree;
import io.liondg.runtime.roles.Roles;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChecksTest {

  private NDManager manager;
  private NDArray images;
  private NDArray labels;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    manager.getEngine().setRandomSeed(3);
    images = manager.randomNormal(new Shape(32, 3, 32, 32));
    labels = manager.randomInteger(0, 10, new Shape(32), DataType.INT32);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private DeepSupervisionNet model(Architecture arch, Strategy strategy) {
    DeepSupervisionNet model = arch.create(3, 10);
    Initialization.apply(
        model, strategy, new InitOptions(manager, new Shape(8, 3, 32, 32), images, 11));
    return model;
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void auxGradientsOnTheBackboneAreExactlyZeroAfterLionDgAndHybridButNotHe(Architecture arch) {
    for (Strategy strategy : List.of(Strategy.LION_DG, Strategy.LION_LSUV)) {
      DeepSupervisionNet model = model(arch, strategy);
      GradientDecoupling.Result r =
          GradientDecoupling.check(model, Roles.tree(model), images, labels, 0.3);
      assertTrue(r.parameters() > 10, "checked the backbone");
      assertEquals(0.0, r.maxAbsGradient(), arch + " " + strategy);
      assertTrue(r.decoupled());
    }
    DeepSupervisionNet he = model(arch, Strategy.HE);
    GradientDecoupling.Result r = GradientDecoupling.check(he, Roles.tree(he), images, labels, 0.3);
    assertTrue(r.maxAbsGradient() > 0, "He: aux losses reach the backbone");
    assertFalse(r.decoupled());
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void theProbeFlagsOnlyTheEmbeddedAuxHeads(Architecture arch) {
    DeepSupervisionNet model = model(arch, Strategy.LION_DG);
    RoleTree tree = Roles.tree(model);
    float[] before = model.getParameters().get(0).getValue().getArray().toFloatArray();
    List<PlacementProbe.Finding> findings = PlacementProbe.run(model, tree, images);
    assertEquals(2, findings.size());
    boolean embedded = arch == Architecture.RESNET_DS_EMBEDDED;
    for (PlacementProbe.Finding f : findings) {
      assertEquals(embedded, f.onMainPath(), f.toString());
    }
    // the probe restores what it touched: LION-DG's aux heads are still zero
    assertTrue(GradientDecoupling.check(model, tree, images, labels, 0.3).decoupled());
    assertEquals(
        before.length, model.getParameters().get(0).getValue().getArray().toFloatArray().length);
  }
}
