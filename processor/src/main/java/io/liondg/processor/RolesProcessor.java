package io.liondg.processor;

import com.google.auto.service.AutoService;
import io.liondg.processor.generation.GeneratedNames;
import io.liondg.processor.generation.RolesWriter;
import io.liondg.processor.model.Annotations;
import io.liondg.processor.model.Role;
import io.liondg.processor.model.RoleClass;
import io.liondg.processor.model.RoleClassReader;
import io.liondg.processor.model.RoleTreeWalk;
import io.liondg.processor.model.TreeNode;
import io.liondg.processor.model.UnresolvedTypeException;
import io.liondg.processor.validation.Message;
import io.liondg.processor.validation.PlacementMode;
import io.liondg.processor.validation.ValidationContext;
import io.liondg.processor.validation.ValidationReport;
import io.liondg.processor.validation.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * The lion-dg annotation processor: checks the placement of role annotations ({@code @Backbone},
 * {@code @MainHead}, {@code @AuxHead}, {@code @ResidualBranch}) and writes a {@code Foo_Roles} for
 * each role class {@code Foo}.
 *
 * <p>This class only runs rounds; the work is split by phase: {@code model} reads a class into
 * records, {@code validation} applies one rule per class and reports, {@code generation} writes
 * code with JavaPoet. A class whose types are not resolvable yet (another processor may generate
 * them) is deferred by name to the next round; one still unresolvable when processing is over is
 * left to javac, which reports the missing symbol itself. Unexpected exceptions become one {@code
 * [lion:internal]} error, never a compiler crash. The processor claims the four role annotations
 * (they are lion-dg's own), and {@code @Generated} in rounds where only its own classes carry it,
 * so that javac's {@code -Xlint:processing} has no unclaimed annotation of lion-dg's to warn about.
 *
 * <p>Option {@code -Alion.placement=warning|error} chooses how an aux head on a residual path is
 * reported (default {@code warning}).
 *
 * <p>Declared <em>isolating</em> for Gradle ({@code
 * META-INF/gradle/incremental.annotation.processors}), although a {@code Foo_Roles} depends on
 * other types' role facts (the roles, residual types and suppressions of the role classes it walks
 * into). Isolating is still honest: each generated file has exactly one originating element, {@code
 * Foo}, and every fact it uses is reachable from {@code Foo}'s declaration through the types of its
 * non-private fields and its superclasses, transitively. Those are accessible (ABI) dependencies of
 * {@code Foo}, so Gradle recompiles {@code Foo}, and regenerates its roles, whenever one of their
 * source files changes, even for a change that leaves their class files alike, such as a
 * {@code @SuppressWarnings}. Which classes a run compiles only decides where a diagnostic is
 * attached, never what a valid class generates. Aggregating would make Gradle reprocess every
 * annotated class on every change, for no fact it would catch.
 */
@AutoService(Processor.class)
public final class RolesProcessor extends AbstractProcessor {

  /** The DJL type every role-annotated field must be; looked up by name, never loaded. */
  private static final String BLOCK = "ai.djl.nn.Block";

  /** The interface every generated class implements. */
  private static final String MODEL_ROLES = GeneratedNames.RUNTIME_PACKAGE + ".ModelRoles";

  private final Validator validator = new Validator();

  /** Classes to look at again next round, by qualified name (elements do not outlive a round). */
  private final Set<String> deferred = new LinkedHashSet<>();

  /** Classes already reported on or generated for, by qualified name. */
  private final Set<String> done = new HashSet<>();

  /** Generated files, by qualified name: each is created once per compilation. */
  private final Set<String> written = new HashSet<>();

  /** Top-level types compiled from source in this compilation, by qualified name. */
  private final Set<String> sourceTypes = new HashSet<>();

  private PlacementMode placement = PlacementMode.WARNING;
  private Function<Element, Optional<JavaFileObject>> sourceFileOf = element -> Optional.empty();
  private boolean missingDjlReported;

  /**
   * The four role annotations, and {@code @Generated}: the generated classes carry it, and javac's
   * {@code -Xlint:processing} warns about every annotation of a round that no processor claims, so
   * a {@code -Werror} build would fail in the round that compiles them.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> names =
        Arrays.stream(Role.values())
            .map(Role::annotationName)
            .collect(Collectors.toCollection(HashSet::new));
    names.add(GeneratedNames.GENERATED.canonicalName());
    return names;
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(PlacementMode.OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    sourceFileOf = SourceFiles.of(processingEnv);
    String option = processingEnv.getOptions().get(PlacementMode.OPTION);
    PlacementMode.parse(option)
        .ifPresentOrElse(
            mode -> placement = mode,
            () ->
                processingEnv
                    .getMessager()
                    .printMessage(Diagnostic.Kind.ERROR, Message.BAD_OPTION.format(option)));
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    boolean claim = true;
    try {
      claim = onlyOurGenerated(round);
      for (Element root : round.getRootElements()) {
        if (root instanceof TypeElement type) {
          sourceTypes.add(type.getQualifiedName().toString());
        }
      }
      if (round.processingOver()) {
        // Still unresolvable: javac reports the missing type itself; adding to it would be noise.
        deferred.clear();
        return claim;
      }
      Set<String> names = new LinkedHashSet<>(deferred);
      deferred.clear();
      names.addAll(roleClassesIn(round));
      names.removeAll(done);
      if (!names.isEmpty()) {
        processRound(names);
      }
    } catch (RuntimeException | Error e) {
      // A failure outside any one class (reading the round itself): report, never crash javac.
      processingEnv
          .getMessager()
          .printMessage(
              Diagnostic.Kind.ERROR, Message.INTERNAL.format("this round", stackTrace(e)));
    }
    // Claimed: the role annotations are lion-dg's own, and this processor handles them all.
    // (Unclaimed, javac's -Xlint:processing warns "No processor claimed any of these
    // annotations", which fails a -Werror build.)
    return claim;
  }

  /**
   * Whether every {@code @Generated} of the round is on a class this processor generated. Claiming
   * a round's annotations claims them all, {@code @Generated} included; another tool's
   * {@code @Generated} is not ours to claim, so in such a (rare) round nothing is claimed.
   */
  private boolean onlyOurGenerated(RoundEnvironment round) {
    TypeElement generated =
        processingEnv.getElementUtils().getTypeElement(GeneratedNames.GENERATED.canonicalName());
    if (generated == null) {
      return true;
    }
    for (Element e : round.getElementsAnnotatedWith(generated)) {
      boolean ours =
          e.getAnnotationMirrors().stream()
              .filter(m -> Annotations.name(m).equals(GeneratedNames.GENERATED.canonicalName()))
              .anyMatch(
                  m ->
                      Annotations.value(processingEnv.getElementUtils(), m, "value")
                              instanceof List<?> values
                          && values.stream()
                              .anyMatch(
                                  v ->
                                      v instanceof AnnotationValue a
                                          && GeneratedNames.GENERATOR.equals(a.getValue())));
      if (!ours) {
        return false;
      }
    }
    return true;
  }

  private void processRound(Set<String> names) {
    TypeElement block = processingEnv.getElementUtils().getTypeElement(BLOCK);
    if (block == null) {
      // Without DJL nothing can be checked: one error for the compilation, not one per class.
      if (!missingDjlReported) {
        missingDjlReported = true;
        String first = names.iterator().next();
        TypeElement type = processingEnv.getElementUtils().getTypeElement(first);
        processingEnv
            .getMessager()
            .printMessage(
                Diagnostic.Kind.ERROR,
                Message.NO_DJL.format(type == null ? first : type.getSimpleName()),
                type);
      }
      done.addAll(names);
      return;
    }
    // One reader per round: what it caches is made of this round's elements.
    RoleClassReader reader =
        new RoleClassReader(processingEnv.getElementUtils(), processingEnv.getTypeUtils(), block);
    for (String name : names) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        processClass(type, reader);
      }
    }
  }

  private void processClass(TypeElement type, RoleClassReader reader) {
    String name = type.getQualifiedName().toString();
    try {
      RoleClass roleClass = reader.read(type);
      List<TreeNode> tree = RoleTreeWalk.nodes(roleClass);
      String generated = GeneratedNames.rolesClass(type).simpleName();
      ValidationReport report =
          validator.validate(
              new ValidationContext(
                  roleClass, tree, generated, placement, reader, this::inSources, sourceFileOf));
      report.printTo(processingEnv.getMessager());
      done.add(name);
      // As AutoValue: no code for a class with errors, it would only provoke more errors.
      if (!report.hasErrors()) {
        write(type, roleClass, tree);
      }
    } catch (UnresolvedTypeException e) {
      deferred.add(name);
    } catch (Exception | Error e) {
      // Anything else is a bug here (StackOverflowError and LinkageError included): one
      // tagged error with the trace, and the other classes still get processed.
      done.add(name);
      processingEnv
          .getMessager()
          .printMessage(Diagnostic.Kind.ERROR, Message.INTERNAL.format(name, stackTrace(e)), type);
    }
  }

  /**
   * Writes the generated class, unless its name is taken: then one {@code [lion:name-clash]} error
   * on the class, never a silent skip. Names are injective (see {@link GeneratedNames}), so two
   * role classes never need the same one; a clash is a class of the user's (or of another
   * processor) that bears the generated name.
   */
  private void write(TypeElement type, RoleClass roleClass, List<TreeNode> tree)
      throws IOException {
    String file = GeneratedNames.rolesClass(type).canonicalName();
    String clash = null;
    if (written.contains(file)) {
      clash = "it was already generated in this compilation";
    } else {
      TypeElement existing = processingEnv.getElementUtils().getTypeElement(file);
      if (existing != null && sourceTypes.contains(file)) {
        clash = "a class " + file + " is already declared in this compilation";
      } else if (existing != null && !isRolesOf(existing, type)) {
        // A class file of a previous build's generated roles may be on the class path; it is
        // replaced. Any other class of that name is not ours to replace.
        clash =
            "the class "
                + file
                + " on the class path is not lion-dg's roles of "
                + type.getSimpleName();
      }
    }
    if (clash == null) {
      written.add(file);
      try {
        new RolesWriter(processingEnv.getFiler(), processingEnv.getElementUtils())
            .write(roleClass, tree);
        return;
      } catch (FilerException e) {
        clash = file + " could not be created (" + e.getMessage() + ")";
      }
    }
    processingEnv
        .getMessager()
        .printMessage(
            Diagnostic.Kind.ERROR,
            Message.NAME_CLASH.format(type.getQualifiedName(), file, clash),
            type);
  }

  /** Whether {@code existing} implements {@code ModelRoles<type>}: generated roles of it. */
  private boolean isRolesOf(TypeElement existing, TypeElement type) {
    Types types = processingEnv.getTypeUtils();
    for (TypeMirror i : existing.getInterfaces()) {
      if (i instanceof DeclaredType d
          && d.asElement() instanceof TypeElement t
          && t.getQualifiedName().contentEquals(MODEL_ROLES)
          && d.getTypeArguments().size() == 1
          && types.isSameType(
              types.erasure(d.getTypeArguments().get(0)), types.erasure(type.asType()))) {
        return true;
      }
    }
    return false;
  }

  /** The classes with role-annotated fields, and the classes annotated {@code @ResidualBranch}. */
  private Set<String> roleClassesIn(RoundEnvironment round) {
    Set<String> names = new LinkedHashSet<>();
    for (Role role : Role.values()) {
      TypeElement annotation =
          processingEnv.getElementUtils().getTypeElement(role.annotationName());
      if (annotation == null) {
        continue;
      }
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        if (e.getKind() == ElementKind.FIELD && e.getEnclosingElement() instanceof TypeElement t) {
          names.add(t.getQualifiedName().toString());
        } else if (e.getKind() == ElementKind.CLASS) {
          names.add(((TypeElement) e).getQualifiedName().toString());
        }
      }
    }
    return names;
  }

  /** Whether the element is compiled from source here, so a diagnostic on it has a position. */
  private boolean inSources(Element element) {
    Element e = element;
    while (e.getEnclosingElement() instanceof TypeElement outer) {
      e = outer;
    }
    return e instanceof TypeElement top && sourceTypes.contains(top.getQualifiedName().toString());
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
