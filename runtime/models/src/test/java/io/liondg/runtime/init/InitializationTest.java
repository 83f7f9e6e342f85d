package io.liondg.runtime.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import io.liondg.runtime.models.Architecture;
import io.liondg.runtime.models.ParameterCount;
import io.liondg.runtime.nn.InPlace;
import io.liondg.runtime.nn.ParametricLayers;
import io.liondg.runtime.nn.Probe;
import io.liondg.runtime.nn.Scale;
import io.liondg.runtime.roles.Role;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.RoleTree;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class InitializationTest {

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
  void heStdIsSqrtTwoOverFanInOnALargeLayer() {
    Block layer = Linear.builder().setUnits(1024).build();
    Block model = new SequentialBlock().add(layer);
    RoleTree tree = RoleTree.builder().backbone("layer", layer).build();
    Initialization.apply(
        model, tree, Strategy.HE, new InitOptions(manager, new Shape(4, 2048), null, 1));
    Parameter w = ParametricLayers.parameter(layer, Parameter.Type.WEIGHT).orElseThrow();
    double expected = Math.sqrt(2.0 / 2048);
    assertEquals(expected, InPlace.std(w), 0.05 * expected);
  }

  @Test
  void xavierIsGlorotUniform() {
    Block layer = Linear.builder().setUnits(1024).build();
    Block model = new SequentialBlock().add(layer);
    RoleTree tree = RoleTree.builder().backbone("layer", layer).build();
    Initialization.apply(
        model, tree, Strategy.XAVIER, new InitOptions(manager, new Shape(4, 2048), null, 1));
    Parameter w = ParametricLayers.parameter(layer, Parameter.Type.WEIGHT).orElseThrow();
    double limit = Math.sqrt(6.0 / (2048 + 1024));
    assertEquals(limit / Math.sqrt(3), InPlace.std(w), 0.05 * limit / Math.sqrt(3));
    float[] v = w.getArray().toFloatArray();
    for (float x : v) {
      assertTrue(Math.abs(x) <= limit + 1e-6, "Glorot uniform stays within its limit");
    }
  }

  @Test
  void denseNetDsHasTheAdvertisedParameterCount() {
    InitFixture f = InitFixture.of(manager, Architecture.DENSENET_DS, Strategy.HE, 1, 8);
    assertEquals(81_678, ParameterCount.of(f.model()));
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void lionDgZeroesTheLastLayerOfEveryAuxHeadAndNothingElse(Architecture arch) {
    InitFixture f = InitFixture.of(manager, arch, Strategy.LION_DG, 1, 8);
    assertEquals(2, f.tree().auxHeads().size());
    for (RoleNode head : f.tree().auxHeads()) {
      Block last = ParametricLayers.last(head.block()).orElseThrow();
      for (Parameter p : last.getDirectParameters().values()) {
        assertTrue(allZero(p), head.path() + " " + p.getName() + " is zero");
      }
    }
    Block mainLast = ParametricLayers.last(f.tree().mainHead().block()).orElseThrow();
    assertTrue(InPlace.std(weight(mainLast)) > 0, "main head is not zeroed");
    for (Parameter p :
        io.liondg.runtime.checks.ParameterSets.backbone(f.model(), f.tree()).values()) {
      if (p.getType() == Parameter.Type.WEIGHT) {
        assertTrue(InPlace.std(p) > 0, p.getName() + " is not zeroed");
      }
    }
  }

  @Test
  void lsuvBringsEveryLayerToUnitVarianceAndLeavesBatchNormStatistics() {
    InitFixture f =
        InitFixture.of(
            manager, Architecture.DENSENET_DS, Strategy.LSUV, 1, InitFixture.CALIBRATION);
    List<InitReport.LayerReport> layers = f.report().layers();
    assertEquals(24, layers.size(), "stem + 18 dense + 2 transition convs + 3 linear heads");
    for (InitReport.LayerReport layer : layers) {
      assertTrue(
          Math.abs(layer.outputVariance() - 1.0) < 0.01 || layer.iterations() == 10,
          layer.path() + " variance " + layer.outputVariance());
    }
    for (var pair : f.model().getParameters()) {
      Parameter p = pair.getValue();
      if (p.getType() == Parameter.Type.RUNNING_MEAN) {
        assertTrue(allZero(p), "running mean untouched: " + pair.getKey());
      } else if (p.getType() == Parameter.Type.RUNNING_VAR) {
        float[] v = p.getArray().toFloatArray();
        for (float x : v) {
          assertEquals(1f, x, "running var untouched: " + pair.getKey());
        }
      }
    }
    // Measured again, independently of the calibration loop.
    for (double var : measuredVariances(f)) {
      assertEquals(1.0, var, 0.01);
    }
  }

  @Test
  void hybridIsACalibratedBackboneWithZeroAuxHeads() {
    InitFixture f = InitFixture.of(manager, Architecture.DENSENET_DS, Strategy.LION_LSUV, 1, 64);
    for (RoleNode head : f.tree().auxHeads()) {
      Block last = ParametricLayers.last(head.block()).orElseThrow();
      last.getDirectParameters().values().forEach(p -> assertTrue(allZero(p), head.path()));
    }
    long calibrated = f.report().layers().stream().filter(l -> l.iterations() > 0).count();
    assertTrue(calibrated >= 20, "backbone layers were calibrated: " + calibrated);
    for (InitReport.LayerReport layer : f.report().layers()) {
      if (!layer.path().startsWith("aux")) {
        assertEquals(1.0, layer.outputVariance(), 0.01, layer.path());
      }
    }
  }

  @Test
  void fixupScalesBranchConvsAndZeroesBranchEndsAndTheClassifier() {
    InitFixture he = InitFixture.of(manager, Architecture.RESNET_DS, Strategy.HE, 5, 8);
    InitFixture fixup = InitFixture.of(manager, Architecture.RESNET_DS, Strategy.FIXUP, 5, 8);
    List<RoleNode> branches = fixup.tree().withRole(Role.RESIDUAL_BRANCH);
    assertEquals(9, branches.size());
    double factor = Math.pow(9, -0.5); // L^(-1/(2m-2)) with m = 2 convs per branch
    List<RoleNode> heBranches = he.tree().withRole(Role.RESIDUAL_BRANCH);
    for (int b = 0; b < branches.size(); b++) {
      List<Probe> convs = ParametricLayers.probes(branches.get(b).block());
      List<Probe> heConvs = ParametricLayers.probes(heBranches.get(b).block());
      assertEquals(2, convs.size());
      for (int i = 0; i < convs.size(); i++) {
        float[] w = weight(convs.get(i).layer()).getArray().toFloatArray();
        float[] h = weight(heConvs.get(i).layer()).getArray().toFloatArray();
        for (int j = 0; j < w.length; j++) {
          assertEquals(h[j] * factor, w[j], 1e-6, "same draws as He, scaled by L^-1/2");
        }
      }
      List<Block> layers = ParametricLayers.of(branches.get(b).block());
      Block lastBn =
          layers.stream().filter(l -> l instanceof BatchNorm).reduce((a, c) -> c).orElseThrow();
      assertTrue(
          allZero(ParametricLayers.parameter(lastBn, Parameter.Type.GAMMA).orElseThrow()),
          "branch ends at zero");
    }
    Block classifier = ParametricLayers.last(fixup.tree().mainHead().block()).orElseThrow();
    classifier.getDirectParameters().values().forEach(p -> assertTrue(allZero(p)));
  }

  @Test
  void reZeroStartsEveryResidualScaleAtZero() {
    InitFixture f = InitFixture.of(manager, Architecture.RESNET_DS, Strategy.REZERO, 5, 8);
    int scales = 0;
    for (RoleNode branch : f.tree().withRole(Role.RESIDUAL_BRANCH)) {
      for (Block layer : ParametricLayers.of(branch.block())) {
        if (layer instanceof Scale scale) {
          assertTrue(allZero(scale.alpha()));
          scales++;
        }
      }
    }
    assertEquals(9, scales);
    InitFixture he = InitFixture.of(manager, Architecture.RESNET_DS, Strategy.HE, 5, 8);
    for (var pair : he.model().getParameters()) {
      if (pair.getValue().getName().equals("alpha")) {
        assertArrayEquals(new float[] {1f}, pair.getValue().getArray().toFloatArray());
      }
    }
  }

  @Test
  void reZeroOnDenseNetIsHe() {
    float[][] he = InitFixture.of(manager, Architecture.DENSENET_DS, Strategy.HE, 3, 8).snapshot();
    float[][] rezero =
        InitFixture.of(manager, Architecture.DENSENET_DS, Strategy.REZERO, 3, 8).snapshot();
    assertTrue(Arrays.deepEquals(he, rezero));
  }

  @ParameterizedTest
  @MethodSource("io.liondg.runtime.init.Strategy#builtIns")
  void theSameSeedGivesBitwiseIdenticalParameters(Strategy strategy) {
    int samples = strategy.calibrates() ? 16 : 8;
    float[][] a = InitFixture.of(manager, Architecture.RESNET_DS, strategy, 42, samples).snapshot();
    float[][] b = InitFixture.of(manager, Architecture.RESNET_DS, strategy, 42, samples).snapshot();
    float[][] c = InitFixture.of(manager, Architecture.RESNET_DS, strategy, 43, samples).snapshot();
    assertTrue(Arrays.deepEquals(a, b), "same seed, same parameters");
    assertFalse(Arrays.deepEquals(a, c), "another seed, other parameters");
  }

  @Test
  void initializingTwiceIsRefusedWithAClearMessage() {
    InitFixture f = InitFixture.of(manager, Architecture.DENSENET_DS, Strategy.HE, 1, 8);
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () ->
                Initialization.apply(
                    f.model(),
                    Strategy.LION_DG,
                    new InitOptions(manager, new Shape(8, 3, 32, 32), null, 1)));
    assertTrue(e.getMessage().contains("already exist"), e.getMessage());
  }

  private static double[] measuredVariances(InitFixture f) {
    try (NDManager scope = f.images().getManager().newSubManager();
        Probe.Session session = Probe.capture()) {
      NDArray x = f.images().duplicate();
      x.attach(scope);
      f.model().forward(new ParameterStore(scope, false), new NDList(x), true);
      return session.outputs().stream()
          .mapToDouble(
              o -> {
                NDArray y = o.output();
                return y.sub(y.mean()).square().mean().getFloat();
              })
          .toArray();
    }
  }

  private static Parameter weight(Block layer) {
    return ParametricLayers.parameter(layer, Parameter.Type.WEIGHT).orElseThrow();
  }

  private static boolean allZero(Parameter p) {
    for (float x : p.getArray().toFloatArray()) {
      if (x != 0f) {
        return false;
      }
    }
    return true;
  }
}
