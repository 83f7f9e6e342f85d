package io.liondg.runtime.init;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import io.liondg.runtime.nn.InPlace;
import io.liondg.runtime.nn.ParametricLayers;
import io.liondg.runtime.roles.Role;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.RoleTree;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fixup (Zhang, Dauphin and Ma 2019), the initialization part, on nets that keep BatchNorm.
 *
 * <p>Fixup's rules: (1) initialize the classification layer and the last layer of each residual
 * branch to 0; (2) initialize the other layers with He and scale the weight layers inside residual
 * branches by {@code L^(-1/(2m-2))}, L the number of residual branches and m the number of weight
 * layers per branch; (3) add a scalar multiplier (1 at init) in every branch and scalar biases. Our
 * ResNet branches already end in a {@link io.liondg.runtime.nn.Scale} (rule 3's multiplier) and
 * keep their BatchNorm, whose affine shift plays the scalar biases' part. "The last layer" of a
 * branch is its last BatchNorm, whose gamma we zero: zeroing the conv before a training-mode
 * BatchNorm would leave it dividing a zero-variance input by sqrt(eps). The classification layer is
 * the main head's last layer; aux heads keep He. The weight layers are those with a weight
 * parameter, probed or not, so a user's plain DJL branch is scaled too. Composed with another base
 * ({@code Strategy.FIXUP.withBase(...)}), rule 2 scales that base's draws.
 *
 * <p><b>DenseNet-DS</b> has no residual branches: rule 2 has nothing to scale and rule 1 leaves
 * only the zeroed classification layer. That is our stated adaptation.
 */
final class Fixup {

  private Fixup() {}

  /** Applies the rules in place to an initialized model. */
  static void apply(RoleTree tree) {
    List<RoleNode> branches = tree.withRole(Role.RESIDUAL_BRANCH);
    Set<Block> heads = new HashSet<>();
    tree.auxHeads().forEach(h -> heads.addAll(ParametricLayers.of(h.block())));
    for (RoleNode branch : branches) {
      List<Block> weightLayers =
          ParametricLayers.weightLayers(branch.block()).stream()
              .filter(l -> !heads.contains(l))
              .toList();
      int m = weightLayers.size();
      if (m >= 2) {
        double factor = Math.pow(branches.size(), -1.0 / (2 * m - 2));
        for (Block layer : weightLayers) {
          ParametricLayers.parameter(layer, Parameter.Type.WEIGHT)
              .ifPresent(w -> InPlace.scale(w, factor));
        }
      }
      zeroLastLayer(branch.block(), heads);
    }
    ParametricLayers.last(tree.mainHead().block())
        .ifPresent(layer -> layer.getDirectParameters().values().forEach(InPlace::zero));
  }

  /** Zeroes the gamma of the branch's last BatchNorm, or else its last weight layer. */
  private static void zeroLastLayer(Block branch, Set<Block> heads) {
    List<Block> layers =
        ParametricLayers.of(branch).stream().filter(l -> !heads.contains(l)).toList();
    for (int i = layers.size() - 1; i >= 0; i--) {
      Block layer = layers.get(i);
      if (layer instanceof BatchNorm) {
        ParametricLayers.parameter(layer, Parameter.Type.GAMMA).ifPresent(InPlace::zero);
        return;
      }
    }
    for (int i = layers.size() - 1; i >= 0; i--) {
      var weight = ParametricLayers.parameter(layers.get(i), Parameter.Type.WEIGHT);
      if (weight.isPresent()) {
        InPlace.zero(weight.get());
        return;
      }
    }
  }
}
