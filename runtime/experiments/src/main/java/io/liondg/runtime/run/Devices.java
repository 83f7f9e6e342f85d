package io.liondg.runtime.run;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Resolves {@code --device auto|cpu|gpu}. */
public final class Devices {

  private Devices() {}

  /**
   * @param name {@code auto} (a GPU when DJL sees one), {@code cpu} or {@code gpu}
   * @return the device
   * @throws IllegalArgumentException for an unknown name, or {@code gpu} without a GPU
   */
  public static Device resolve(String name) {
    int gpus = Engine.getInstance().getGpuCount();
    return switch (name) {
      case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        if (gpus == 0) {
          throw new IllegalArgumentException(
              "--device gpu: DJL sees no GPU (PyTorch "
                  + Engine.getInstance().getVersion()
                  + " CPU natives?). Build with -Pcuda for CUDA"
                  + " natives, or use --device auto or cpu");
        }
        yield Device.gpu();
      }
      default ->
          throw new IllegalArgumentException(
              "unknown device '" + name + "': expected auto, cpu or gpu");
    };
  }
}
