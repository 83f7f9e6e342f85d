package io.liondg.runtime.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.liondg.runtime.models.Architecture;
import io.liondg.runtime.models.DeepSupervisionNet;
import io.liondg.runtime.roles.RoleTree;
import io.liondg.runtime.roles.Roles;

/** A model of one architecture, initialized with one strategy, with a batch to probe it. */
record InitFixture(
    DeepSupervisionNet model, RoleTree tree, InitReport report, NDArray images, NDArray labels) {

  static final int CALIBRATION = 256;

  static InitFixture of(
      NDManager manager, Architecture arch, Strategy strategy, long seed, int calibrationSamples) {
    DeepSupervisionNet model = arch.create(3, 10);
    manager.getEngine().setRandomSeed(7);
    NDArray images = manager.randomNormal(new Shape(calibrationSamples, 3, 32, 32));
    NDArray labels = manager.randomInteger(0, 10, new Shape(calibrationSamples), DataType.INT32);
    InitReport report =
        Initialization.apply(
            model, strategy, new InitOptions(manager, new Shape(8, 3, 32, 32), images, seed));
    return new InitFixture(model, Roles.tree(model), report, images, labels);
  }

  /**
   * @return all values of every parameter, in order, for bitwise comparison
   */
  float[][] snapshot() {
    return model.getParameters().values().stream()
        .map(Parameter::getArray)
        .map(NDArray::toFloatArray)
        .toArray(float[][]::new);
  }
}
