package io.liondg.runtime.models;

import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** The architectures by their CLI names. */
public enum Architecture implements ModelFactory {
  /** The paper's DenseNet-DS. */
  DENSENET_DS("densenet-ds", DenseNetDS::new),
  /** ResNet-20 with side-tap aux heads. */
  RESNET_DS("resnet-ds", ResNetDS::new),
  /** ResNet-20 with aux heads embedded in residual branches (Theorem 1's bad case). */
  RESNET_DS_EMBEDDED("resnet-ds-embedded", ResNetDSEmbedded::new);

  private final String cliName;
  private final BiFunction<Integer, Integer, DeepSupervisionNet> factory;

  Architecture(String cliName, BiFunction<Integer, Integer, DeepSupervisionNet> factory) {
    this.cliName = cliName;
    this.factory = factory;
  }

  /**
   * @return the name used by the CLI, JSON and reports
   */
  @Override
  public String cliName() {
    return cliName;
  }

  /**
   * @param inChannels image channels
   * @param classes number of classes
   * @return a new, uninitialized model
   */
  @Override
  public DeepSupervisionNet create(int inChannels, int classes) {
    return factory.apply(inChannels, classes);
  }

  /**
   * @param name a CLI name such as {@code densenet-ds}
   * @return the architecture
   * @throws IllegalArgumentException naming the valid names
   */
  public static Architecture byName(String name) {
    for (Architecture a : values()) {
      if (a.cliName.equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown architecture '" + name + "': expected one of " + names());
  }

  /**
   * @param name a name
   * @return whether it names a built-in architecture
   */
  public static boolean isBuiltIn(String name) {
    return Arrays.stream(values()).anyMatch(a -> a.cliName.equals(name));
  }

  /**
   * @return the valid names, comma-separated
   */
  public static String names() {
    return Arrays.stream(values()).map(Architecture::cliName).collect(Collectors.joining(", "));
  }
}
