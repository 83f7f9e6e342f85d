package io.liondg.processor.validation;

import java.util.Locale;
import java.util.Optional;
import javax.tools.Diagnostic;

/** How {@code [lion:aux-on-residual-path]} is reported: the option {@code -Alion.placement}. */
public enum PlacementMode {
  /** A warning (the default): the build goes on. */
  WARNING(Diagnostic.Kind.WARNING),
  /** An error: a misplaced aux head fails the build. */
  ERROR(Diagnostic.Kind.ERROR);

  /** The processor option's name. */
  public static final String OPTION = "lion.placement";

  private final Diagnostic.Kind kind;

  PlacementMode(Diagnostic.Kind kind) {
    this.kind = kind;
  }

  /**
   * @return the kind an aux head on a residual path is reported with
   */
  public Diagnostic.Kind kind() {
    return kind;
  }

  /**
   * @param value the option's value, or {@code null} when it is not given
   * @return the mode, or empty if the value is not one
   */
  public static Optional<PlacementMode> parse(String value) {
    if (value == null) {
      return Optional.of(WARNING);
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "warning" -> Optional.of(WARNING);
      case "error" -> Optional.of(ERROR);
      default -> Optional.empty();
    };
  }
}
