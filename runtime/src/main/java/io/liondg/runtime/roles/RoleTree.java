package io.liondg.runtime.roles;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Every role-annotated block of a live model, parents before their children, in declaration
 * order.
 *
 * <p>Annotated models get theirs from the generated {@code Foo_Roles.tree(model)} (see
 * {@link Roles#of}); models that cannot be annotated, such as DJL model-zoo blocks, build
 * one by hand:
 *
 * <pre>{@code
 * RoleTree tree = RoleTree.builder()
 *     .backbone("features", net.getChildren().get(0).getValue())
 *     .auxHead("aux1", aux1)
 *     .mainHead("classifier", head)
 *     .build();
 * }</pre>
 */
public final class RoleTree {

  private final List<RoleNode> nodes;

  private RoleTree(List<RoleNode> nodes) {
    this.nodes = Collections.unmodifiableList(nodes);
  }

  /** @return a builder for a tree written by hand or by generated code */
  public static Builder builder() {
    return new Builder();
  }

  /** @return every node, parents before children */
  public List<RoleNode> nodes() {
    return nodes;
  }

  /**
   * @param role a role
   * @return the nodes with that role, in tree order
   */
  public List<RoleNode> withRole(Role role) {
    return nodes.stream().filter(n -> n.role() == role).toList();
  }

  /** @return the aux heads, in tree order */
  public List<RoleNode> auxHeads() {
    return withRole(Role.AUX_HEAD);
  }

  /**
   * @return the single main head
   * @throws IllegalStateException if the tree has none
   */
  public RoleNode mainHead() {
    List<RoleNode> heads = withRole(Role.MAIN_HEAD);
    if (heads.isEmpty()) {
      throw new IllegalStateException("the role tree has no @MainHead: mark the classifier"
          + " block with @MainHead (or call mainHead(...) on the builder)");
    }
    return heads.get(0);
  }

  /**
   * @param path a dotted path
   * @return the node at that path
   */
  public Optional<RoleNode> find(String path) {
    return nodes.stream().filter(n -> n.path().equals(path)).findFirst();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (RoleNode n : nodes) {
      int depth = (int) n.path().chars().filter(c -> c == '.').count();
      out.append("  ".repeat(depth)).append(n.path()).append("  ").append(n.role().label());
      if (!n.tap().isEmpty()) {
        out.append("  tap=").append(n.tap());
      }
      if (n.onResidualPath()) {
        out.append("  (on residual path)");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Collects nodes in tree order. Used by generated code and by hand. */
  public static final class Builder {
    private final List<RoleNode> nodes = new ArrayList<>();

    private Builder() {}

    /** Adds a {@link Role#BACKBONE} block. */
    public Builder backbone(String path, Block block) {
      return node(new RoleNode(path, Role.BACKBONE, block, "", Double.NaN, false));
    }

    /** Adds the {@link Role#MAIN_HEAD}. */
    public Builder mainHead(String path, Block block) {
      return node(new RoleNode(path, Role.MAIN_HEAD, block, "", Double.NaN, false));
    }

    /** Adds a {@link Role#RESIDUAL_BRANCH} block. */
    public Builder residualBranch(String path, Block block) {
      return node(new RoleNode(path, Role.RESIDUAL_BRANCH, block, "", Double.NaN, true));
    }

    /** Adds a side-tap aux head with no named tap and the run's aux weight. */
    public Builder auxHead(String path, Block block) {
      return auxHead(path, block, "", Double.NaN, false);
    }

    /**
     * Adds an aux head.
     *
     * @param path its dotted path
     * @param block the head
     * @param tap the path of the block it reads, or {@code ""}
     * @param weight its loss weight, or {@code NaN} for the run's
     * @param onResidualPath whether it is reached through a residual branch
     * @return this builder
     */
    public Builder auxHead(String path, Block block, String tap, double weight,
        boolean onResidualPath) {
      return node(new RoleNode(path, Role.AUX_HEAD, block, tap, weight, onResidualPath));
    }

    /**
     * Adds the nodes of a nested role class under {@code prefix}.
     *
     * @param prefix the path of the field that holds the nested block
     * @param subtree the nested block's own tree
     * @param onResidualPath whether the field is (or lies in) a residual branch
     * @return this builder
     */
    public Builder subtree(String prefix, RoleTree subtree, boolean onResidualPath) {
      for (RoleNode n : subtree.nodes) {
        node(n.under(prefix, onResidualPath));
      }
      return this;
    }

    /** Adds one node as it is. */
    public Builder node(RoleNode node) {
      nodes.add(node);
      return this;
    }

    /** @return the tree */
    public RoleTree build() {
      return new RoleTree(new ArrayList<>(nodes));
    }
  }
}
