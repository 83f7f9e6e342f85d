package io.liondg.runtime.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.liondg.runtime.checks.GradientDecoupling;
import io.liondg.runtime.checks.PlacementProbe;
import io.liondg.runtime.data.SyntheticData;
import io.liondg.runtime.init.HeadsNet;
import io.liondg.runtime.init.InitOptions;
import io.liondg.runtime.init.InitReport;
import io.liondg.runtime.init.Initialization;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.ModelFactory;
import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.RoleTree;
import io.liondg.runtime.roles.Roles;
import io.liondg.runtime.train.AwakeningSample;
import io.liondg.runtime.train.DeepSupervisionLoss;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A null {@code @AuxHead} is an absent head (a model built without aux logits, as torchvision's
 * GoogLeNet): the role tree, every strategy, the loss, the checks and a training run agree on the
 * heads the model has. A null backbone or main head is one clear error naming it.
 */
class AbsentAuxHeadTest {

  private NDManager manager;
  private NDArray images;
  private NDArray labels;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    manager.getEngine().setRandomSeed(5);
    images = manager.randomNormal(new Shape(32, 3, 8, 8));
    labels = manager.randomInteger(0, HeadsNet.CLASSES, new Shape(32), DataType.INT32);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void theRoleTreeLeavesAnAbsentAuxHeadOutAndNamesIt() {
    RoleTree tree = Roles.tree(HeadsNet.of(false, true));
    assertEquals(List.of("aux2"), tree.auxHeads().stream().map(RoleNode::path).toList());
    assertEquals(List.of("aux1"), tree.absentAuxHeads());
    assertTrue(tree.toString().contains("aux1  aux-head  (absent"), tree.toString());
    RoleTree none = Roles.tree(HeadsNet.of(false, false));
    assertTrue(none.auxHeads().isEmpty());
    assertEquals(List.of("aux1", "aux2"), none.absentAuxHeads());
    assertEquals("head", none.mainHead().path());
  }

  @ParameterizedTest
  @MethodSource("io.liondg.runtime.init.Strategy#builtIns")
  void everyStrategyInitializesAModelBuiltWithoutAnAuxHead(Strategy strategy) {
    HeadsNet model = HeadsNet.of(false, true);
    InitReport report =
        Initialization.apply(model, strategy, new InitOptions(manager, HeadsNet.INPUT, images, 3));
    assertFalse(report.layers().isEmpty());
    assertTrue(
        report.layers().stream().noneMatch(l -> l.path().startsWith("aux1")),
        report.layers().toString());
    RoleTree tree = Roles.tree(model);
    NDList out = forward(model);
    assertEquals(2, out.size(), "[main, aux2]");
    DeepSupervisionLoss loss = new DeepSupervisionLoss(tree, 0.3);
    assertEquals(1, loss.auxWeights().length);
    assertTrue(Float.isFinite(loss.total(labels, out).getFloat()));
    float[] aux2 = out.get(1).toFloatArray();
    boolean zero = true;
    for (float v : aux2) {
      zero &= v == 0f;
    }
    assertEquals(strategy.zeroesAuxHeads(), zero, "aux2 is zero exactly under LION-DG/Hybrid");
  }

  @ParameterizedTest
  @MethodSource("io.liondg.runtime.init.Strategy#builtIns")
  void everyStrategyInitializesAModelBuiltWithoutAnyAuxHead(Strategy strategy) {
    HeadsNet model = HeadsNet.of(false, false);
    Initialization.apply(model, strategy, new InitOptions(manager, HeadsNet.INPUT, images, 3));
    NDList out = forward(model);
    assertEquals(1, out.size(), "[main]");
    DeepSupervisionLoss loss = new DeepSupervisionLoss(Roles.tree(model), 0.3);
    assertEquals(0f, loss.aux(labels, out).getFloat());
  }

  @Test
  void theChecksSeeOnlyThePresentHeads() {
    HeadsNet model = HeadsNet.of(false, true);
    Initialization.apply(
        model, Strategy.LION_DG, new InitOptions(manager, HeadsNet.INPUT, null, 3));
    RoleTree tree = Roles.tree(model);
    GradientDecoupling.Result r = GradientDecoupling.check(model, tree, images, labels, 0.3);
    assertTrue(r.decoupled());
    assertTrue(r.parameters() > 0);
    List<PlacementProbe.Finding> findings = PlacementProbe.run(model, tree, images);
    assertEquals(1, findings.size());
    assertEquals("aux2", findings.get(0).path());
    assertFalse(findings.get(0).onMainPath());

    HeadsNet none = HeadsNet.of(false, false);
    Initialization.apply(none, Strategy.HE, new InitOptions(manager, HeadsNet.INPUT, null, 3));
    RoleTree noneTree = Roles.tree(none);
    assertTrue(GradientDecoupling.check(none, noneTree, images, labels, 0.3).decoupled());
    assertTrue(PlacementProbe.run(none, noneTree, images).isEmpty());
  }

  @Test
  void aTrainingRunRecordsOnlyThePresentHeads() {
    RunConfig config = new RunConfig(1e-3, 0.05, 0.9, 0.999, 16, 0.3, 3, 0.5, 2, 1, false, 0);
    var data = SyntheticData.generate(new SyntheticData.Spec(3, 8, 8, HeadsNet.CLASSES, 64, 32), 4);
    for (boolean aux2 : new boolean[] {true, false}) {
      ModelFactory factory =
          new ModelFactory() {
            @Override
            public String cliName() {
              return "heads-net";
            }

            @Override
            public Block create(int inChannels, int classes) {
              return HeadsNet.of(false, aux2);
            }
          };
      RunResult result =
          TrainingRun.run(
              new TrainRequest(factory, Strategy.LION_DG, 1, config, "cpu"), data, false);
      assertEquals(RunResult.OK, result.status());
      int heads = aux2 ? 1 : 0;
      assertEquals(heads, result.auxValAcc().size());
      AwakeningSample first = result.awakening().get(0);
      assertEquals(0.0, first.auxGradRatio());
      assertArrayEquals(aux2 ? new double[] {0.0} : new double[0], first.auxWeightNorms());
    }
  }

  @Test
  void aNullMainHeadOrBackboneIsOneClearErrorNamingTheField() {
    HeadsNet noHead = new HeadsNet(null, null, HeadsNet.CLASSES, false, false);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Roles.tree(noHead));
    assertTrue(e.getMessage().startsWith("main-head 'head' is null"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    IllegalStateException init =
        assertThrows(
            IllegalStateException.class,
            () ->
                Initialization.apply(
                    noHead, Strategy.LION_DG, new InitOptions(manager, HeadsNet.INPUT, null, 1)));
    assertEquals(e.getMessage(), init.getMessage());

    IllegalStateException backbone =
        assertThrows(
            IllegalStateException.class, () -> RoleTree.builder().backbone("features", null));
    assertTrue(
        backbone.getMessage().startsWith("backbone 'features' is null"), backbone.getMessage());
    RoleTree handBuilt =
        RoleTree.builder()
            .backbone("features", HeadsNet.of(true, true).stem)
            .auxHead("aux", null)
            .mainHead("head", HeadsNet.of(true, true).head)
            .build();
    assertEquals(List.of("aux"), handBuilt.absentAuxHeads());
    assertTrue(handBuilt.auxHeads().isEmpty());
  }

  private NDList forward(Block model) {
    NDList out = model.forward(new ParameterStore(manager, false), new NDList(images), true);
    return out;
  }
}
