package io.liondg.runtime.cli;

import io.liondg.runtime.models.Architecture;
import io.liondg.runtime.models.ModelFactory;
import io.liondg.runtime.train.ModelContractException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Which model a command builds: {@code --arch NAME}, or {@code --model-class CLASS} with {@code
 * --classpath PATH}. Shared by {@code train}, {@code bench} and {@code inspect}.
 */
final class ModelOptions {

  @Option(
      names = "--arch",
      converter = CliNames.ArchConverter.class,
      completionCandidates = CliNames.ArchNames.class,
      description = "A built-in architecture: ${COMPLETION-CANDIDATES}. Default: densenet-ds.")
  Architecture arch;

  @Option(
      names = "--model-class",
      paramLabel = "CLASS",
      description =
          "Your own model instead of --arch: the fully qualified name of a DJL block"
              + " with role annotations, compiled with the lion-dg processor, with a public"
              + " (int inputChannels, int classes) constructor.")
  String modelClass;

  @Option(
      names = "--classpath",
      paramLabel = "PATH",
      description =
          "Where --model-class is: class folders and jars separated by ':'."
              + " Default: lion-dg's class path (plus LION_DG_CLASSPATH).")
  String classpath;

  /**
   * @param spec the command, for errors
   * @param needsSizes whether a model class must have the {@code (int, int)} constructor
   * @return the chosen model; densenet-ds if none was given
   * @throws ParameterException (exit status 2) if both or a bad model class were given
   */
  ModelFactory resolve(CommandSpec spec, boolean needsSizes) {
    if (arch != null && modelClass != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--arch and --model-class are" + " alternatives; expected one of them");
    }
    if (modelClass == null) {
      if (classpath != null) {
        throw new ParameterException(
            spec.commandLine(),
            "--classpath is for --model-class;" + " expected it only with --model-class");
      }
      return arch != null ? arch : Architecture.DENSENET_DS;
    }
    return load(spec, modelClass, classpath, needsSizes);
  }

  /**
   * @return the name results record as {@code arch}, without loading a model class
   */
  String name() {
    return modelClass != null
        ? modelClass
        : (arch != null ? arch : Architecture.DENSENET_DS).cliName();
  }

  /**
   * @param spec the command
   * @param factory the model that broke the contract
   * @param e what it did
   * @return the exit-status-2 error naming the model
   */
  static ParameterException contractError(
      CommandSpec spec, ModelFactory factory, ModelContractException e) {
    return new ParameterException(
        spec.commandLine(),
        (factory instanceof ModelClass ? "--model-class " : "--arch ")
            + factory.cliName()
            + ": "
            + e.getMessage(),
        e,
        null,
        factory.cliName());
  }

  /**
   * @return the loaded class
   * @throws ParameterException (exit status 2) naming the class and what was expected
   */
  static ModelClass load(CommandSpec spec, String className, String classpath, boolean needsSizes) {
    try {
      return ModelClass.load(className, classpath, needsSizes);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, className);
    }
  }
}
