package io.liondg.runtime.roles;

/**
 * Finds the generated {@code Foo_Roles} of a model.
 *
 * <p>This is the one place that uses reflection: it loads the {@link #generatedName generated
 * class} ({@code <package>.Outer__Inner_Roles} for {@code Outer.Inner}) from the model's class
 * loader, once per class, as Dagger and AutoFactory users load their generated components.
 * Everything after that is generated code.
 */
public final class Roles {

  private static final ClassValue<ModelRoles<?>> CACHE =
      new ClassValue<>() {
        @Override
        protected ModelRoles<?> computeValue(Class<?> type) {
          return load(type);
        }
      };

  private Roles() {}

  /**
   * @param model an instance of a class with role annotations (or a subclass of one)
   * @param <T> its type
   * @return its generated roles
   * @throws IllegalStateException if no generated class exists
   */
  @SuppressWarnings("unchecked")
  public static <T> ModelRoles<T> of(T model) {
    return (ModelRoles<T>) CACHE.get(model.getClass());
  }

  /**
   * The generated roles of a class, found without an instance (e.g. to check a model class before
   * building it).
   *
   * @param type a role class (or a subclass of one)
   * @param <T> its type
   * @return its generated roles
   * @throws IllegalStateException if no generated class exists
   */
  @SuppressWarnings("unchecked")
  public static <T> ModelRoles<T> forClass(Class<T> type) {
    return (ModelRoles<T>) CACHE.get(type);
  }

  /**
   * @param model an annotated model
   * @return {@code Roles.of(model).tree(model)}
   */
  public static <T> RoleTree tree(T model) {
    return of(model).tree(model);
  }

  /**
   * The name the lion-dg processor gives the generated class of {@code type}: the class's binary
   * name within its package, each {@code $} written {@code __} and each {@code _} written {@code
   * _u}, then {@code _Roles}, in the class's package. The encoding is injective, so no two role
   * classes share a generated class ({@code Outer.Inner} gets {@code Outer__Inner_Roles}, a
   * top-level {@code Outer_Inner} gets {@code Outer_uInner_Roles}); the processor's {@code
   * GeneratedNames.rolesClass} computes the same name.
   *
   * @param type a role class
   * @return the binary name of its generated class, e.g. {@code com.x.Outer__Inner_Roles}
   */
  public static String generatedName(Class<?> type) {
    String pkg = type.getPackageName();
    String binary = type.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1);
    StringBuilder simple = new StringBuilder(binary.length() + 8);
    for (int i = 0; i < binary.length(); i++) {
      char c = binary.charAt(i);
      switch (c) {
        case '$' -> simple.append("__");
        case '_' -> simple.append("_u");
        default -> simple.append(c);
      }
    }
    return (pkg.isEmpty() ? "" : pkg + ".") + simple + "_Roles";
  }

  private static ModelRoles<?> load(Class<?> type) {
    // A subclass without role fields of its own uses its nearest annotated ancestor's roles.
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        Class<?> generated = Class.forName(generatedName(c), true, c.getClassLoader());
        if (!ModelRoles.class.isAssignableFrom(generated)) {
          throw new IllegalStateException(
              generatedName(c)
                  + " is not the lion-dg roles of "
                  + c.getName()
                  + ": it does not implement "
                  + ModelRoles.class.getName());
        }
        return (ModelRoles<?>) generated.getDeclaredConstructor().newInstance();
      } catch (ClassNotFoundException e) {
        // try the superclass
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot instantiate " + generatedName(c) + ": " + e, e);
      }
    }
    throw new IllegalStateException(
        "no generated roles for "
            + type.getName()
            + ": expected "
            + generatedName(type)
            + ". Was the lion-dg processor on the annotation processor path,"
            + " and does the class have @Backbone/@MainHead/@AuxHead/@ResidualBranch fields?");
  }
}
