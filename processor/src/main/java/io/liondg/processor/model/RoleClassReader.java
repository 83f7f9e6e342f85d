package io.liondg.processor.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads a class's declaration, its superclasses' and its field types' into a {@link RoleClass}.
 *
 * <p>Which fields count: every field with a role annotation (even an invalid one, so the rules can
 * report it); every other non-static field whose type is a {@code Block} or a role class.
 * Superclass fields come first, and only from superclasses that are role classes themselves: fields
 * of plain superclasses (DJL's {@code AbstractBlock}, a user's utility base) are library machinery,
 * not part of the model's roles. A superclass field hidden by a subclass field of the same name is
 * left out, as {@code model.name} in generated code would not reach it. A record's components are
 * its (private) fields; the generated code reads them through their accessors.
 *
 * <p>One reader serves one round: it caches what it read, and a class whose types are not
 * resolvable yet throws {@link UnresolvedTypeException} so the caller can defer it.
 */
public final class RoleClassReader {

  private final Elements elements;
  private final Types types;
  private final TypeMirror block;
  private final Map<String, RoleClass> cache = new HashMap<>();
  private final Deque<String> reading = new ArrayDeque<>();

  /**
   * @param elements javac's element utilities
   * @param types javac's type utilities
   * @param blockType {@code ai.djl.nn.Block}, looked up by name
   */
  public RoleClassReader(Elements elements, Types types, TypeElement blockType) {
    this.elements = elements;
    this.types = types;
    this.block = types.erasure(blockType.asType());
  }

  /**
   * Whether a class gets its own generated {@code Foo_Roles}: it is a class or a record, and it
   * declares a role-annotated field (for a record: component), or it is itself annotated
   * {@code @ResidualBranch}.
   *
   * @param type a class
   * @return whether it is a role class in its own right
   */
  public static boolean declaresRoles(TypeElement type) {
    if (type.getKind() != ElementKind.CLASS && type.getKind() != ElementKind.RECORD) {
      return false;
    }
    if (Annotations.has(type, Annotations.RESIDUAL_BRANCH)) {
      return true;
    }
    return ElementFilter.fieldsIn(type.getEnclosedElements()).stream()
        .anyMatch(f -> !roleAnnotations(f).isEmpty());
  }

  /**
   * The class whose generated {@code _Roles} serves {@code type}: the type itself or its nearest
   * superclass that {@link #declaresRoles declares roles} (the same search that the runtime's
   * {@code Roles.of} makes).
   *
   * @param type a class
   * @return that class, or empty if {@code type} is no role class
   * @throws UnresolvedTypeException if a superclass cannot be resolved yet
   */
  public Optional<TypeElement> rolesOwner(TypeElement type) {
    for (TypeElement c : classChain(type)) {
      if (declaresRoles(c)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * @param type a class that declares roles
   * @return what the processor knows about it
   * @throws UnresolvedTypeException if a type it depends on cannot be resolved yet
   */
  public RoleClass read(TypeElement type) {
    String name = type.getQualifiedName().toString();
    RoleClass cached = cache.get(name);
    if (cached != null) {
      return cached;
    }
    reading.push(name);
    try {
      List<TypeElement> chain = classChain(type);
      List<List<RoleField>> perClass = new ArrayList<>();
      Set<String> seenNames = new HashSet<>();
      for (TypeElement c : chain) {
        boolean own = c.equals(type);
        List<RoleField> fields = new ArrayList<>();
        for (VariableElement field : ElementFilter.fieldsIn(c.getEnclosedElements())) {
          // A field hidden by a subclass's field of the same name is unreachable as model.name.
          boolean hidden = !seenNames.add(field.getSimpleName().toString());
          if ((own || declaresRoles(c)) && !hidden) {
            readField(type, c, field).ifPresent(fields::add);
          }
        }
        perClass.add(fields);
      }
      Collections.reverse(perClass);
      List<RoleField> fields = perClass.stream().flatMap(List::stream).toList();
      RoleClass result = new RoleClass(type, fields, chain);
      cache.put(name, result);
      return result;
    } finally {
      reading.pop();
    }
  }

  private Optional<RoleField> readField(
      TypeElement reader, TypeElement declaring, VariableElement field) {
    List<RoleAnnotation> annotations = roleAnnotations(field);
    boolean isStatic = field.getModifiers().contains(Modifier.STATIC);
    boolean isPrivate = field.getModifiers().contains(Modifier.PRIVATE);
    boolean inherited = !declaring.equals(reader);
    if (annotations.isEmpty()) {
      // Without a role annotation only fields the generated code could read can matter; an
      // unannotated private field is still read for the class that declares it, for a note.
      if (isStatic || (inherited && (isPrivate || !visible(field, reader)))) {
        return Optional.empty();
      }
    }
    TypeMirror type = field.asType();
    TypeMirror erased = types.erasure(type);
    if (erased.getKind() == TypeKind.ERROR) {
      throw new UnresolvedTypeException(
          type + " (type of " + declaring.getSimpleName() + "." + field.getSimpleName() + ")");
    }
    boolean isBlock = types.isAssignable(erased, block);
    Optional<RoleClass> nested = Optional.empty();
    boolean residualType = false;
    boolean recursive = false;
    if (erased.getKind() == TypeKind.DECLARED
        && ((DeclaredType) erased).asElement() instanceof TypeElement fieldType) {
      residualType =
          classChain(fieldType).stream()
              .anyMatch(c -> Annotations.has(c, Annotations.RESIDUAL_BRANCH));
      Optional<TypeElement> owner = rolesOwner(fieldType);
      if (owner.isPresent()) {
        // A class that holds itself (directly or further down) is not walked again: the
        // compile-time walk would never end. The field stays a plain node.
        recursive = reading.contains(owner.get().getQualifiedName().toString());
        if (!recursive) {
          nested = Optional.of(read(owner.get()));
        }
      }
    }
    if (annotations.isEmpty() && !isBlock && nested.isEmpty() && !recursive) {
      return Optional.empty();
    }
    String tap = "";
    double weight = Double.NaN;
    for (RoleAnnotation a : annotations) {
      if (a.role() == Role.AUX_HEAD) {
        tap = (String) Annotations.value(elements, a.mirror(), "tap");
        weight = (Double) Annotations.value(elements, a.mirror(), "weight");
      }
    }
    return Optional.of(
        new RoleField(
            field,
            declaring,
            annotations,
            isBlock,
            isPrivate,
            isStatic,
            nested,
            residualType,
            recursive,
            tap,
            weight,
            accessor(declaring, field)));
  }

  /**
   * The accessor of a record component: a record's instance fields are its components, private,
   * each read by a public method of the same name.
   */
  private static Optional<ExecutableElement> accessor(
      TypeElement declaring, VariableElement field) {
    if (declaring.getKind() != ElementKind.RECORD
        || field.getModifiers().contains(Modifier.STATIC)) {
      return Optional.empty();
    }
    return declaring.getRecordComponents().stream()
        .filter(c -> c.getSimpleName().equals(field.getSimpleName()))
        .map(RecordComponentElement::getAccessor)
        .filter(Objects::nonNull)
        .findFirst();
  }

  /** Whether code in {@code from}'s package can read the field as {@code model.name}. */
  private boolean visible(VariableElement field, TypeElement from) {
    if (field.getModifiers().contains(Modifier.PUBLIC)) {
      return true;
    }
    return elements.getPackageOf(field).equals(elements.getPackageOf(from));
  }

  /**
   * @param canonicalName a class's canonical name
   * @return whether the class exists, in the sources or on the class path
   */
  public boolean typeExists(String canonicalName) {
    return elements.getTypeElement(canonicalName) != null;
  }

  /**
   * @param field a field of {@code from}, declared or inherited
   * @param from the class whose generated code reads it
   * @return whether the generated class, in {@code from}'s package, can read the field
   */
  public boolean readableFrom(RoleField field, TypeElement from) {
    return visible(field.element(), from);
  }

  /** The class and its superclasses up to (not including) {@code Object}. */
  private List<TypeElement> classChain(TypeElement type) {
    List<TypeElement> chain = new ArrayList<>();
    for (TypeElement c = type; c != null; ) {
      if (c.getQualifiedName().contentEquals("java.lang.Object")) {
        break;
      }
      chain.add(c);
      TypeMirror superclass = c.getSuperclass();
      if (superclass.getKind() == TypeKind.ERROR) {
        throw new UnresolvedTypeException(
            superclass + " (superclass of " + c.getSimpleName() + ")");
      }
      c =
          superclass.getKind() == TypeKind.DECLARED
              ? (TypeElement) ((DeclaredType) superclass).asElement()
              : null;
    }
    return chain;
  }

  private static List<RoleAnnotation> roleAnnotations(VariableElement field) {
    List<RoleAnnotation> found = new ArrayList<>();
    for (AnnotationMirror mirror : field.getAnnotationMirrors()) {
      Role role = Role.forAnnotation(Annotations.name(mirror));
      if (role != null) {
        found.add(new RoleAnnotation(role, mirror));
      }
    }
    return found;
  }
}
