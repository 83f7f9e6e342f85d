package io.liondg.processor.validation;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every text the processor prints, in one place (as MapStruct's {@code Message}). Each starts with
 * a stable tag such as {@code [lion:unknown-tap]}, names the field, says the rule in one sentence,
 * and for warnings says how to silence them. Names are quoted.
 */
public enum Message {

  /** A role annotation on a field whose type is not a block. */
  NOT_A_BLOCK(
      Diagnostic.Kind.ERROR,
      "not-a-block",
      "field '%1$s' has %2$s, but its type %3$s is not an ai.djl.nn.Block: role annotations"
          + " mark the child blocks of a model. Give the field a Block type, or remove %2$s."),

  /** Two role annotations on one field. */
  MULTIPLE_ROLES(
      Diagnostic.Kind.ERROR,
      "multiple-roles",
      "field '%1$s' has both %2$s and %3$s: a block has exactly one role. Keep the one that"
          + " says what the block does."),

  /** A role annotation on a private or static field. */
  INACCESSIBLE(
      Diagnostic.Kind.ERROR,
      "inaccessible",
      "field '%1$s' has %2$s but is %3$s: role fields must be non-private and non-static,"
          + " because the generated %4$s reads them from the model instance."),

  /** A private field whose type is a role class: its roles would silently go missing. */
  INACCESSIBLE_ROLE_CLASS_FIELD(
      Diagnostic.Kind.ERROR,
      "inaccessible",
      "field '%1$s' holds the role class %2$s but is private: fields whose roles are walked"
          + " into must be non-private, because the generated %3$s reads them; as it is, the"
          + " roles of %2$s would be missing from the role tree."),

  /** An inherited role field that the generated class, in the subclass's package, cannot read. */
  INACCESSIBLE_INHERITED(
      Diagnostic.Kind.ERROR,
      "inaccessible",
      "field '%1$s', which %2$s inherits, is not visible in package '%3$s': inherited role"
          + " fields must be readable by the generated %4$s there. Make the field public, or"
          + " put %2$s in the package of %5$s."),

  /** A private role class: its generated class cannot name it. */
  INACCESSIBLE_CLASS(
      Diagnostic.Kind.ERROR,
      "inaccessible",
      "class %1$s is private: a role class must be visible to its generated %2$s. Make it"
          + " package-private or wider."),

  /** An aux head tapping a private block with no role, which the generated code cannot read. */
  INACCESSIBLE_TAP(
      Diagnostic.Kind.ERROR,
      "inaccessible",
      "field '%1$s' has @AuxHead(tap = \"%2$s\"), but '%2$s' is a private Block with no role:"
          + " an aux head taps a field that the generated %3$s can read. Make '%2$s'"
          + " non-private and annotate it @Backbone."),

  /** A role class whose generated class's name is taken. */
  NAME_CLASH(
      Diagnostic.Kind.ERROR,
      "name-clash",
      "class %1$s needs its generated class %2$s, but %3$s: the name of a role class's"
          + " generated class is reserved for lion-dg's roles of that class. Rename one of the"
          + " two classes."),

  /** A role class from the class path that was compiled without the processor. */
  NOT_PROCESSED(
      Diagnostic.Kind.ERROR,
      "not-processed",
      "field '%1$s' holds the role class %2$s, but its generated %3$s is not on the class path:"
          + " %2$s was compiled without the lion-dg processor, and every role class must be"
          + " compiled with it, because the generated %4$s calls %3$s. Put"
          + " io.liondg:lion-dg-processor on the annotation processor path of the build that"
          + " compiles %2$s."),

  /** A per-head loss weight that is negative, infinite, or an explicit NaN. */
  BAD_AUX_WEIGHT(
      Diagnostic.Kind.ERROR,
      "bad-aux-weight",
      "field '%1$s' has @AuxHead(weight = %2$s), but an aux head's loss weight must be finite"
          + " and at least 0, as --aux-weight must be. Leave weight out (its default, NaN) to"
          + " use the run's aux weight."),

  /** More than one main head in a model's role tree. */
  MULTIPLE_MAIN_HEADS(
      Diagnostic.Kind.ERROR,
      "multiple-main-heads",
      "field '%1$s' adds a second @MainHead ('%2$s') to the role tree of model %3$s, which"
          + " already has '%4$s': a model has exactly one main head. Make the others @AuxHead."),

  /** A tap that names no field of the class. */
  UNKNOWN_TAP(
      Diagnostic.Kind.ERROR,
      "unknown-tap",
      "field '%1$s' has @AuxHead(tap = \"%2$s\"), but %3$s has no block field '%2$s': tap"
          + " names a @Backbone or @ResidualBranch field of the same class. %4$s"),

  /** A tap that names a head. */
  TAP_NOT_BACKBONE(
      Diagnostic.Kind.ERROR,
      "tap-not-backbone",
      "field '%1$s' has @AuxHead(tap = \"%2$s\"), but '%2$s' is %3$s: an aux head taps the"
          + " output of a @Backbone or @ResidualBranch field, not of a head. %4$s"),

  /** An aux head reached through a residual branch (Theorem 1). */
  AUX_ON_RESIDUAL_PATH(
      Diagnostic.Kind.WARNING,
      "aux-on-residual-path",
      "field '%1$s' is an @AuxHead on a residual path (reached through %2$s, path '%3$s' in"
          + " %4$s): zero-initializing an aux head there cuts the gradient to the layers before"
          + " it in the branch (LION-DG Theorem 1), so make it a side tap that reads a"
          + " @Backbone block instead. Silence this with"
          + " @SuppressWarnings(\"lion:aux-on-residual-path\") on the field or its class.%5$s"),

  /** A model with no aux heads. */
  NO_AUX_HEADS(
      Diagnostic.Kind.WARNING,
      "no-aux-heads",
      "model %1$s (main head '%2$s') has no @AuxHead in its role tree: LION-DG then zeroes"
          + " nothing and is plain He initialization. Add a side-tap @AuxHead, or silence this"
          + " with @SuppressWarnings(\"lion:no-aux-heads\") on the class or on '%2$s'."),

  /** A role class in (or nested in) a top-level class of a file named for another class. */
  AUXILIARY_CLASS(
      Diagnostic.Kind.NOTE,
      "auxiliary-class",
      "class %1$s is %2$s %3$s, a file named for another class (an auxiliary class): the"
          + " generated %4$s names it from its own file, so with -Xlint:auxiliaryclass (or"
          + " -Xlint:all) javac warns there, where no @SuppressWarnings reaches, and -Werror"
          + " fails the build. Move %5$s to a file %5$s.java of its own, or nest it in the class"
          + " that %3$s is named for. Silence this with"
          + " @SuppressWarnings(\"lion:auxiliary-class\") on the class."),

  /** A public or package-private block field with no role. */
  UNASSIGNED_BLOCK(
      Diagnostic.Kind.NOTE,
      "unassigned-block",
      "field '%1$s' is a Block with no role annotation: it will be treated as @Backbone."
          + " Annotate it to say its role."),

  /** A private block field with no role: the generated code cannot reach it. */
  UNASSIGNED_PRIVATE_BLOCK(
      Diagnostic.Kind.NOTE,
      "unassigned-block",
      "field '%1$s' is a private Block with no role annotation: the generated %2$s cannot"
          + " read it, so it is left out of the role tree. Make it non-private and annotate it"
          + " to give it a role."),

  /**
   * A nested role class in this compilation has errors of its own, which it reports itself. Never
   * printed: it only keeps the outer class from generating code that would call the nested class's
   * missing {@code _Roles}.
   */
  NESTED_ERRORS(
      Diagnostic.Kind.ERROR,
      "nested-errors",
      "field '%1$s' holds the role class %2$s, which has errors: no roles are generated for"
          + " %3$s until they are fixed."),

  /** DJL is not on the class path at all. */
  NO_DJL(
      Diagnostic.Kind.ERROR,
      "no-djl",
      "ai.djl.nn.Block is not on the compile class path, so the role annotations of %1$s"
          + " cannot be checked: role annotations mark DJL blocks. Add the dependency"
          + " ai.djl:api."),

  /** An unknown value of {@code -Alion.placement}. */
  BAD_OPTION(
      Diagnostic.Kind.ERROR,
      "bad-option",
      "-Alion.placement=%1$s is not a placement mode: use 'warning' (the default) or"
          + " 'error'."),

  /** An unexpected exception: a bug in the processor, reported instead of crashing javac. */
  INTERNAL(
      Diagnostic.Kind.ERROR,
      "internal",
      "lion-dg failed while processing %1$s. This is a bug in lion-dg; please report it"
          + " with this stack trace:%n%2$s");

  private final Diagnostic.Kind kind;
  private final String tag;
  private final String template;

  Message(Diagnostic.Kind kind, String tag, String template) {
    this.kind = kind;
    this.tag = tag;
    this.template = template;
  }

  /**
   * @return the kind the message is printed with unless an option changes it
   */
  public Diagnostic.Kind kind() {
    return kind;
  }

  /**
   * @return the stable tag, e.g. {@code [lion:unknown-tap]}
   */
  public String tag() {
    return "[lion:" + tag + "]";
  }

  /**
   * @return the {@code @SuppressWarnings} key, e.g. {@code lion:no-aux-heads}
   */
  public String suppressionKey() {
    return "lion:" + tag;
  }

  /**
   * @param args the template's arguments
   * @return the full text: tag, a space, the sentence
   */
  public String format(Object... args) {
    return tag() + " " + String.format(Locale.ROOT, template, args);
  }
}
