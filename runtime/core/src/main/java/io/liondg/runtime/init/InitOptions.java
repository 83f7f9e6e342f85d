package io.liondg.runtime.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * What initialization needs besides the model and the strategy.
 *
 * @param manager the manager the parameters will live in (the model's)
 * @param inputShape the input shape, batch dimension included, e.g. {@code (128, 3, 32, 32)}
 * @param calibration the calibration batch (256 normalized training samples) for {@code lsuv} and
 *     {@code hybrid}; may be null for the other strategies
 * @param seed the seed: the same seed gives bitwise-identical parameters
 */
public record InitOptions(NDManager manager, Shape inputShape, NDArray calibration, long seed) {}
