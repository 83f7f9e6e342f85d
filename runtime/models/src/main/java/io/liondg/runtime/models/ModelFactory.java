package io.liondg.runtime.models;

import ai.djl.nn.Block;

/**
 * Makes fresh, uninitialized models of one kind: a built-in {@link Architecture} or a user's model
 * class. The model's forward pass returns {@code [main, aux_1, ..., aux_k]} logits, aux heads in
 * the order of its role tree.
 */
public interface ModelFactory {

  /**
   * @return the name results record as {@code arch}: a CLI name or a class name
   */
  String cliName();

  /**
   * @param inChannels image channels
   * @param classes number of classes
   * @return a new, uninitialized model
   */
  Block create(int inChannels, int classes);
}
