package io.liondg.runtime.roles;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Every role-annotated block of a live model, parents before their children, in declaration order.
 *
 * <p>Annotated models get theirs from the generated {@code Foo_Roles.tree(model)} (see {@link
 * Roles#of}); models that cannot be annotated, such as DJL model-zoo blocks, build one by hand:
 *
 * <pre>{@code
 * RoleTree tree = RoleTree.builder()
 *     .backbone("features", net.getChildren().get(0).getValue())
 *     .auxHead("aux1", aux1)
 *     .mainHead("classifier", head)
 *     .build();
 * }</pre>
 *
 * <p><b>Absent aux heads.</b> A model may be built without some of its aux heads (as torchvision's
 * GoogLeNet and Inception leave {@code aux1}/{@code aux2} null when built without aux logits). A
 * null {@code @AuxHead} is an <em>absent</em> head: it is not a node of the tree, so every
 * strategy, the loss (outputs {@code [main, present aux heads...]}), the checks and the reports see
 * only the heads that exist; {@link #absentAuxHeads()} names the missing ones. A null backbone,
 * main head or residual branch is an error naming the field.
 */
public final class RoleTree {

  private final List<RoleNode> nodes;
  private final List<String> absentAuxHeads;

  private RoleTree(List<RoleNode> nodes, List<String> absentAuxHeads) {
    this.nodes = Collections.unmodifiableList(nodes);
    this.absentAuxHeads = List.copyOf(absentAuxHeads);
  }

  /**
   * @return a builder for a tree written by hand or by generated code
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return every node, parents before children
   */
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

  /**
   * @return the aux heads the model has (absent ones left out), in tree order
   */
  public List<RoleNode> auxHeads() {
    return withRole(Role.AUX_HEAD);
  }

  /**
   * @return the dotted paths of the {@code @AuxHead} fields that were null when the tree was built
   *     (heads the model was built without), in declaration order
   */
  public List<String> absentAuxHeads() {
    return absentAuxHeads;
  }

  /**
   * @return the single main head
   * @throws IllegalStateException if the tree has none
   */
  public RoleNode mainHead() {
    List<RoleNode> heads = withRole(Role.MAIN_HEAD);
    if (heads.isEmpty()) {
      throw new IllegalStateException(
          "the role tree has no @MainHead: mark the classifier"
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
    for (String path : absentAuxHeads) {
      int depth = (int) path.chars().filter(c -> c == '.').count();
      out.append("  ".repeat(depth))
          .append(path)
          .append("  ")
          .append(Role.AUX_HEAD.label())
          .append("  (absent: built without it)\n");
    }
    return out.toString();
  }

  /** Collects nodes in tree order. Used by generated code and by hand. */
  public static final class Builder {
    private final List<RoleNode> nodes = new ArrayList<>();
    private final List<String> absent = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a {@link Role#BACKBONE} block.
     *
     * @throws IllegalStateException naming the field if {@code block} is null
     */
    public Builder backbone(String path, Block block) {
      return node(
          new RoleNode(
              path, Role.BACKBONE, required(Role.BACKBONE, path, block), "", Double.NaN, false));
    }

    /**
     * Adds the {@link Role#MAIN_HEAD}.
     *
     * @throws IllegalStateException naming the field if {@code block} is null
     */
    public Builder mainHead(String path, Block block) {
      return node(
          new RoleNode(
              path, Role.MAIN_HEAD, required(Role.MAIN_HEAD, path, block), "", Double.NaN, false));
    }

    /**
     * Adds a {@link Role#RESIDUAL_BRANCH} block.
     *
     * @throws IllegalStateException naming the field if {@code block} is null
     */
    public Builder residualBranch(String path, Block block) {
      return node(
          new RoleNode(
              path,
              Role.RESIDUAL_BRANCH,
              required(Role.RESIDUAL_BRANCH, path, block),
              "",
              Double.NaN,
              true));
    }

    private static Block required(Role role, String path, Block block) {
      if (block == null) {
        throw new IllegalStateException(RoleNode.nullBlock(role, path));
      }
      return block;
    }

    /**
     * Adds a side-tap aux head with no named tap and the run's aux weight; a null {@code block} is
     * an absent head (see {@link RoleTree}).
     */
    public Builder auxHead(String path, Block block) {
      return auxHead(path, block, "", Double.NaN, false);
    }

    /**
     * Adds an aux head, or records it as absent if {@code block} is null (a model built without
     * that head).
     *
     * @param path its dotted path
     * @param block the head, or null for an absent head
     * @param tap the path of the block it reads, or {@code ""}
     * @param weight its loss weight, or {@code NaN} for the run's
     * @param onResidualPath whether it is reached through a residual branch
     * @return this builder
     */
    public Builder auxHead(
        String path, Block block, String tap, double weight, boolean onResidualPath) {
      if (block == null) {
        absent.add(path);
        return this;
      }
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
      for (String path : subtree.absentAuxHeads) {
        absent.add(prefix + "." + path);
      }
      return this;
    }

    /**
     * Adds the nodes of a nested role class under {@code prefix}, read from {@code child} by its
     * generated roles; nothing if {@code child} is an aux head already recorded as absent.
     *
     * @param prefix the path of the field that holds the nested block
     * @param child the nested block, or null if it is an absent aux head
     * @param roles the nested class's generated roles
     * @param onResidualPath whether the field is (or lies in) a residual branch
     * @param <T> the nested role class
     * @return this builder
     * @throws IllegalStateException naming the field if {@code child} is null and not an absent aux
     *     head
     */
    public <T> Builder subtree(
        String prefix, T child, ModelRoles<? super T> roles, boolean onResidualPath) {
      if (child == null) {
        if (absent.contains(prefix)) {
          return this;
        }
        throw new IllegalStateException(
            "field '"
                + prefix
                + "' is null: build the model's"
                + " blocks before asking for its role tree (only an @AuxHead may be null: the model"
                + " was built without that head)");
      }
      return subtree(prefix, roles.tree(child), onResidualPath);
    }

    /** Adds one node as it is. */
    public Builder node(RoleNode node) {
      nodes.add(node);
      return this;
    }

    /**
     * @return the tree
     */
    public RoleTree build() {
      return new RoleTree(new ArrayList<>(nodes), absent);
    }
  }
}
