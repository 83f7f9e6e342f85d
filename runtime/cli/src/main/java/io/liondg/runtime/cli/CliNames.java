package io.liondg.runtime.cli;

import io.liondg.runtime.data.Datasets;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.Architecture;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The names of DESIGN's "Names used everywhere" as picocli converters and completion candidates: an
 * unknown name fails at parse time (exit status 2) with one line listing the valid names, before
 * any data is read or any engine starts.
 */
final class CliNames {

  /** {@code --device} values. */
  static final List<String> DEVICES = List.of("auto", "cpu", "gpu");

  private CliNames() {}

  private static TypeConversionException unknown(String what, String value, String names) {
    return new TypeConversionException(
        "unknown " + what + " '" + value + "'; expected one of " + names);
  }

  /** Architecture by its CLI name. */
  static final class ArchConverter implements ITypeConverter<Architecture> {
    @Override
    public Architecture convert(String value) {
      for (Architecture a : Architecture.values()) {
        if (a.cliName().equals(value)) {
          return a;
        }
      }
      throw unknown("architecture", value, Architecture.names());
    }
  }

  /** Strategy by its CLI name. */
  static final class StrategyConverter implements ITypeConverter<Strategy> {
    @Override
    public Strategy convert(String value) {
      return Strategy.builtIns().stream()
          .filter(s -> s.cliName().equals(value))
          .findFirst()
          .orElseThrow(() -> unknown("init strategy", value, Strategy.names()));
    }
  }

  /** A dataset name, checked against {@link Datasets#NAMES}. */
  static final class DatasetConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!Datasets.NAMES.contains(value)) {
        throw unknown("dataset", value, String.join(", ", Datasets.NAMES));
      }
      return value;
    }
  }

  /** A device name: auto, cpu or gpu. */
  static final class DeviceConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!DEVICES.contains(value)) {
        throw unknown("device", value, String.join(", ", DEVICES));
      }
      return value;
    }
  }

  /** Completion candidates, which {@code ${COMPLETION-CANDIDATES}} prints in help texts. */
  static final class ArchNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(Architecture.values()).map(Architecture::cliName).iterator();
    }
  }

  /** Strategy names for help texts. */
  static final class StrategyNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Strategy.builtIns().stream().map(Strategy::cliName).iterator();
    }
  }

  /** Dataset names for help texts. */
  static final class DatasetNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Datasets.NAMES.iterator();
    }
  }

  /** Device names for help texts. */
  static final class DeviceNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return DEVICES.iterator();
    }
  }
}
