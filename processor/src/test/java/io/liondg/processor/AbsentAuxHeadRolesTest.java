package io.liondg.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liondg.processor.fixtures.OptionalHeadNet;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.RoleTree;
import io.liondg.runtime.roles.Roles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated roles of a model built without its aux heads (null {@code @AuxHead} fields, as
 * torchvision's GoogLeNet with {@code aux_logits=False}): absent heads, and what lies beneath them,
 * are left out of the tree and never handed to an init plan.
 */
class AbsentAuxHeadRolesTest {

  @Test
  void nullAuxHeadsAreAbsentFromTheTree() {
    OptionalHeadNet net = new OptionalHeadNet(false);
    RoleTree tree = Roles.tree(net);
    assertThat(tree.nodes().stream().map(RoleNode::path).toList())
        .containsExactly("stem", "head")
        .inOrder();
    assertThat(tree.auxHeads()).isEmpty();
    assertThat(tree.absentAuxHeads()).containsExactly("aux1", "aux2").inOrder();
  }

  @Test
  void presentAuxHeadsAreWalkedAsBefore() {
    OptionalHeadNet net = new OptionalHeadNet(true);
    RoleTree tree = Roles.tree(net);
    assertThat(tree.nodes().stream().map(RoleNode::path).toList())
        .containsExactly("stem", "aux1", "aux2", "aux2.hidden", "aux2.out", "head")
        .inOrder();
    assertThat(tree.absentAuxHeads()).isEmpty();
  }

  @Test
  void applyInitializersSkipsAbsentHeads() {
    List<String> visited = new ArrayList<>();
    OptionalHeadNet net = new OptionalHeadNet(false);
    Roles.of(net)
        .applyInitializers(
            net,
            (role, path, block) -> {
              assertThat(block).isNotNull();
              visited.add(path);
            });
    assertThat(visited).containsExactly("stem", "head").inOrder();
  }

  @Test
  void aNullRequiredFieldOfAHandBuiltSubtreeIsNamed() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                RoleTree.builder()
                    .subtree("stage", null, Roles.forClass(OptionalHeadNet.class), false));
    assertThat(e).hasMessageThat().startsWith("field 'stage' is null");
  }
}
