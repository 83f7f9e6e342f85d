package io.liondg.processor.model;

/**
 * Thrown while reading a role class when a type it depends on cannot be resolved yet: a field or
 * superclass type that another processor may generate in a later round. The processor then defers
 * the class by name to the next round (as Dagger and AutoValue do); if the type is still missing
 * when processing is over, javac reports it itself ("cannot find symbol").
 */
public final class UnresolvedTypeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param what the unresolved type as javac prints it, and where it was met
   */
  public UnresolvedTypeException(String what) {
    super(what, null, false, false);
  }
}
