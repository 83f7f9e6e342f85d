package io.liondg.processor;

import static com.google.common.truth.Truth.assertThat;

import ai.djl.nn.Block;
import io.liondg.processor.fixtures.FixtureNet;
import io.liondg.runtime.roles.ModelRoles;
import io.liondg.runtime.roles.Placement;
import io.liondg.runtime.roles.Role;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.RoleTree;
import io.liondg.runtime.roles.Roles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model compiled by the real processor in this module's test build (see {@code fixtures/}), built
 * from real DJL blocks, seen through its generated roles.
 */
class RealBlocksRolesTest {

  private final FixtureNet net = new FixtureNet();

  /** path, role, tap, on residual path: what the tree must list, in this order. */
  private static final List<String> EXPECTED =
      List.of(
          "stem BACKBONE - false",
          "stage1 BACKBONE - false",
          "stage1.conv BACKBONE - false",
          "stage1.unit RESIDUAL_BRANCH - true",
          "stage1.unit.conv1 BACKBONE - true",
          "stage1.unit.probe AUX_HEAD stage1.unit.conv1 true",
          "stage1.unit.conv2 BACKBONE - true",
          "aux1 AUX_HEAD stage1 false",
          "stage2 BACKBONE - false",
          "stage2.conv BACKBONE - false",
          "stage2.unit RESIDUAL_BRANCH - true",
          "stage2.unit.conv1 BACKBONE - true",
          "stage2.unit.probe AUX_HEAD stage2.unit.conv1 true",
          "stage2.unit.conv2 BACKBONE - true",
          "aux2 AUX_HEAD stage2 false",
          "head MAIN_HEAD - false");

  @Test
  void treeListsEveryRoleWithItsPathTapAndResidualFlag() {
    RoleTree tree = Roles.of(net).tree(net);

    List<String> nodes =
        tree.nodes().stream()
            .map(
                n ->
                    n.path()
                        + " "
                        + n.role()
                        + " "
                        + (n.tap().isEmpty() ? "-" : n.tap())
                        + " "
                        + n.onResidualPath())
            .toList();
    assertThat(nodes).containsExactlyElementsIn(EXPECTED).inOrder();
  }

  @Test
  void treeNodesAreTheModelsOwnBlocks() {
    RoleTree tree = Roles.tree(net);

    assertThat(block(tree, "stem")).isSameInstanceAs(net.stem);
    assertThat(block(tree, "stage1")).isSameInstanceAs(net.stage1);
    assertThat(block(tree, "stage2.unit")).isSameInstanceAs(net.stage2.unit);
    assertThat(block(tree, "stage2.unit.conv2")).isSameInstanceAs(net.stage2.unit.conv2);
    assertThat(block(tree, "aux1")).isSameInstanceAs(net.aux1);
    assertThat(tree.mainHead().block()).isSameInstanceAs(net.head);
    assertThat(tree.find("aux2").orElseThrow().weight()).isEqualTo(0.5);
    assertThat(tree.find("aux1").orElseThrow().weight()).isNaN();
  }

  @Test
  void applyInitializersVisitsEveryNodeParentsFirstWithFullPaths() {
    RoleTree tree = Roles.tree(net);
    List<String> calls = new ArrayList<>();
    List<Block> blocks = new ArrayList<>();

    Roles.of(net)
        .applyInitializers(
            net,
            (role, path, block) -> {
              calls.add(path + " " + role);
              blocks.add(block);
            });

    assertThat(calls)
        .containsExactlyElementsIn(
            tree.nodes().stream().map(n -> n.path() + " " + n.role()).toList())
        .inOrder();
    for (int i = 0; i < blocks.size(); i++) {
      assertThat(blocks.get(i)).isSameInstanceAs(tree.nodes().get(i).block());
    }
  }

  @Test
  void placementHasEveryAuxHeadWithItsCompileTimeFacts() {
    Placement placement = Roles.of(net).placement();

    assertThat(placement.model()).isEqualTo("io.liondg.processor.fixtures.FixtureNet");
    assertThat(placement.auxHeads())
        .containsExactly(
            new Placement.AuxHeadPlacement("stage1.unit.probe", "stage1.unit.conv1", true, true),
            new Placement.AuxHeadPlacement("aux1", "stage1", false, false),
            new Placement.AuxHeadPlacement("stage2.unit.probe", "stage2.unit.conv1", true, true),
            new Placement.AuxHeadPlacement("aux2", "stage2", false, false))
        .inOrder();
    // The same facts the live tree has.
    assertThat(placement.auxHeads().stream().map(Placement.AuxHeadPlacement::path).toList())
        .containsExactlyElementsIn(tree().auxHeads().stream().map(RoleNode::path).toList())
        .inOrder();
  }

  @Test
  void nestedRoleClassHasOuterInnerRoles() {
    ModelRoles<FixtureNet.Stage> stageRoles = Roles.of(net.stage1);

    assertThat(stageRoles.getClass().getName())
        .isEqualTo("io.liondg.processor.fixtures.FixtureNet__Stage_Roles");
    assertThat(stageRoles.tree(net.stage1).withRole(Role.RESIDUAL_BRANCH).get(0).path())
        .isEqualTo("unit");
  }

  private RoleTree tree() {
    return Roles.tree(net);
  }

  private static Block block(RoleTree tree, String path) {
    return tree.find(path).orElseThrow(() -> new AssertionError("no node " + path)).block();
  }
}
