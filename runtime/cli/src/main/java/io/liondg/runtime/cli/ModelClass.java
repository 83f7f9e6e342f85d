package io.liondg.runtime.cli;

import ai.djl.nn.Block;
import io.liondg.runtime.models.ModelFactory;
import io.liondg.runtime.roles.Roles;
import io.liondg.runtime.train.ModelContractException;
import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's model class given by {@code --model-class CLASS --classpath PATH}: a DJL {@link Block}
 * with a public {@code (int inputChannels, int classes)} constructor (or, for {@code inspect} only,
 * a no-argument one) and generated roles ({@code _Roles}, from the lion-dg processor). Loaded from
 * {@code PATH} (class folders and jars) in front of lion-dg's own class path, so the model sees the
 * same DJL and roles classes as lion-dg.
 *
 * @param className the fully qualified class name, which results record as {@code arch}
 * @param type the loaded class
 */
record ModelClass(String className, Class<? extends Block> type) implements ModelFactory {

  /**
   * Loads and checks a model class.
   *
   * @param className a fully qualified class name
   * @param classpath class folders and jars separated by {@link File#pathSeparator}, or null to use
   *     lion-dg's class path only (the launcher adds {@code LION_DG_CLASSPATH} to it)
   * @param needsSizes whether the {@code (int, int)} constructor is required
   * @return the model class
   * @throws IllegalArgumentException with one line naming the class and what was expected
   */
  static ModelClass load(String className, String classpath, boolean needsSizes) {
    ClassLoader loader = loader(classpath);
    Class<?> raw;
    try {
      raw = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          "--model-class "
              + className
              + ": no such class"
              + (classpath == null ? " on the class path" : " in --classpath " + classpath)
              + "; expected a fully qualified class name (e.g. com.example.MyNet) of a compiled"
              + " class there");
    }
    if (!Block.class.isAssignableFrom(raw)) {
      throw new IllegalArgumentException(
          "--model-class "
              + className
              + " is not an"
              + " ai.djl.nn.Block; expected a DJL block whose fields carry lion-dg's role"
              + " annotations");
    }
    if (Modifier.isAbstract(raw.getModifiers()) || !Modifier.isPublic(raw.getModifiers())) {
      throw new IllegalArgumentException(
          "--model-class "
              + className
              + " is abstract or not"
              + " public; expected a public, concrete class");
    }
    @SuppressWarnings("unchecked")
    Class<? extends Block> type = (Class<? extends Block>) raw;
    ModelClass model = new ModelClass(className, type);
    if (needsSizes && model.sizesConstructor() == null) {
      throw new IllegalArgumentException(
          "--model-class "
              + className
              + " has no public"
              + " (int inputChannels, int classes) constructor; expected one, so that lion-dg can"
              + " build it for the data's channels and classes");
    }
    try {
      Roles.forClass(type);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(
          "--model-class "
              + className
              + " has no generated"
              + " roles: expected "
              + Roles.generatedName(type)
              + " beside it; compile it with the"
              + " lion-dg processor on the annotation processor path, with role-annotated fields");
    }
    return model;
  }

  @Override
  public String cliName() {
    return className;
  }

  /**
   * @throws ModelContractException if the constructor throws, naming the class
   */
  @Override
  public Block create(int inChannels, int classes) {
    Constructor<? extends Block> sized = sizesConstructor();
    try {
      return sized != null
          ? sized.newInstance(inChannels, classes)
          : type.getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new ModelContractException(
          "its constructor threw "
              + Errors.oneLine(String.valueOf(e.getCause()))
              + " for "
              + inChannels
              + " input channels and "
              + classes
              + " classes",
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new ModelContractException(
          "it cannot be instantiated ("
              + Errors.oneLine(String.valueOf(e))
              + "); expected a public"
              + " (int inputChannels, int classes) or no-argument constructor",
          e);
    }
  }

  private Constructor<? extends Block> sizesConstructor() {
    try {
      return type.getConstructor(int.class, int.class);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static ClassLoader loader(String classpath) {
    ClassLoader parent = ModelClass.class.getClassLoader();
    if (classpath == null || classpath.isBlank()) {
      return parent;
    }
    List<URL> urls = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry);
      if (!Files.exists(path)) {
        throw new IllegalArgumentException(
            "--classpath: "
                + entry
                + " does not exist; expected"
                + " class folders and jars separated by '"
                + File.pathSeparator
                + "'");
      }
      try {
        urls.add(path.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException(
            "--classpath: " + entry + " is not a usable path (" + e.getMessage() + ")", e);
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), parent);
  }
}
