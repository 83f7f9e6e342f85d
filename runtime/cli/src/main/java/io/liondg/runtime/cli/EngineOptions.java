package io.liondg.runtime.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.liondg.runtime.run.Devices;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where training runs: {@code --device} and {@code --threads}, shared by {@code train}, {@code
 * grid}, {@code bench} and {@code demo}.
 */
final class EngineOptions {

  /** Set before the engine starts; the PyTorch engine reads it once at start-up. */
  static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

  @Option(
      names = "--device",
      defaultValue = "auto",
      converter = CliNames.DeviceConverter.class,
      completionCandidates = CliNames.DeviceNames.class,
      description =
          "${COMPLETION-CANDIDATES}: auto uses a GPU when DJL sees one (build with"
              + " the Maven profile cuda for the CUDA natives). Default: ${DEFAULT-VALUE}.")
  String device = "auto";

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "CPU threads of the engine (PyTorch intra-op threads); 0 = the engine's"
              + " default (one per physical core). The count used is recorded in the result."
              + " Default: ${DEFAULT-VALUE}.")
  int threads = 0;

  /**
   * @param spec the command, for the error
   * @throws ParameterException if {@code --threads} is negative
   */
  void validate(CommandSpec spec) {
    if (threads < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--threads must be at least 0 (0 = the" + " engine's default), got " + threads);
    }
  }

  /**
   * Starts the engine with the requested thread count.
   *
   * @return the intra-op threads the engine now uses
   */
  int startEngine() {
    return configureThreads(threads);
  }

  /**
   * @return the device to run on
   * @throws UserException if {@code gpu} was asked for and DJL sees none
   */
  Device resolveDevice() {
    try {
      return Devices.resolve(device);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  /**
   * Sets PyTorch's intra-op threads (before the engine starts where possible, else on the live
   * engine) and reads back the count in use.
   *
   * @param requested threads, or 0 for the engine's default
   * @return the threads in use, or {@code requested} if the engine cannot say
   */
  static int configureThreads(int requested) {
    if (requested > 0 && System.getProperty(THREADS_PROPERTY) == null) {
      System.setProperty(THREADS_PROPERTY, Integer.toString(requested));
    }
    Engine.getInstance();
    try {
      if (requested > 0 && JniUtils.getNumThreads() != requested) {
        JniUtils.setNumThreads(requested);
      }
      return JniUtils.getNumThreads();
    } catch (LinkageError | RuntimeException e) {
      // Another engine, or natives without these entry points: report what was asked for.
      return requested;
    }
  }
}
