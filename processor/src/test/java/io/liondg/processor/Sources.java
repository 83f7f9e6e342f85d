package io.liondg.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Fixture sources and compilation helpers for the processor's compile-testing tests. */
final class Sources {

  /** What every fixture imports: real DJL blocks and the four role annotations. */
  private static final String IMPORTS =
      """
      import ai.djl.nn.Block;
      import ai.djl.nn.SequentialBlock;
      import ai.djl.nn.convolutional.Conv2d;
      import ai.djl.nn.core.Linear;
      import io.liondg.annotations.AuxHead;
      import io.liondg.annotations.Backbone;
      import io.liondg.annotations.MainHead;
      import io.liondg.annotations.ResidualBranch;
      """;

  private Sources() {}

  /**
   * @param qualifiedName the top-level class, e.g. {@code test.Net}
   * @param body the file after the package and import lines
   * @return the source file
   */
  static JavaFileObject source(String qualifiedName, String body) {
    int dot = qualifiedName.lastIndexOf('.');
    String text = "package " + qualifiedName.substring(0, dot) + ";\n\n" + IMPORTS + "\n" + body;
    return com.google.testing.compile.JavaFileObjects.forSourceString(qualifiedName, text);
  }

  /** What the processor wrote in each compilation, also when it failed. */
  private static final Map<Compilation, List<String>> WRITTEN =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Compiles with the lion-dg processor and the given javac options. */
  static Compilation compile(List<String> options, JavaFileObject... files) {
    FilerSpy spy = FilerSpy.recording(new RolesProcessor());
    Compilation compilation = javac().withProcessors(spy).withOptions(options).compile(files);
    WRITTEN.put(compilation, spy.written());
    return compilation;
  }

  /**
   * Compiles with the lion-dg processor given javac's own environment, not the spy's wrapper, as
   * checks that need javac's tree API (a source file's name) require. {@link #generatedTypes} does
   * not know what a failed compilation of this kind wrote.
   */
  static Compilation compileUnwrapped(JavaFileObject... files) {
    return javac().withProcessors(new RolesProcessor()).compile(files);
  }

  /** Compiles with the lion-dg processor and default options. */
  static Compilation compile(JavaFileObject... files) {
    return compile(List.of(), files);
  }

  /**
   * @return the names of the generated source files, e.g. {@code test.Net_Roles}; for a failed
   *     compilation (whose files compile-testing hides), those the processor wrote
   */
  static List<String> generatedTypes(Compilation compilation) {
    if (compilation.status() == Compilation.Status.FAILURE) {
      return WRITTEN.get(compilation);
    }
    return compilation.generatedSourceFiles().stream()
        .map(
            f ->
                f.getName()
                    .replaceFirst("^.*/SOURCE_OUTPUT/", "")
                    .replaceFirst("\\.java$", "")
                    .replace('/', '.'))
        .toList();
  }

  /**
   * @return the text of each diagnostic of that kind
   */
  static List<String> messages(Compilation compilation, Diagnostic.Kind kind) {
    return compilation.diagnostics().stream()
        .filter(d -> d.getKind() == kind)
        .map(d -> d.getMessage(Locale.ROOT))
        .toList();
  }

  /**
   * A class loader for the classes a successful compilation wrote (the fixtures and their generated
   * roles), over this test's class path (DJL, the runtime).
   */
  static ClassLoader classLoader(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        try (InputStream in = file.openInputStream()) {
          classes.put(className(file), in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return new ClassLoader(Sources.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }

  /**
   * Writes the class files of a compilation under {@code dir}, as a build's class output: a library
   * for a later compilation's class path.
   */
  static File classOutput(Compilation compilation, Path dir) {
    try {
      for (JavaFileObject file : compilation.generatedFiles()) {
        if (file.getKind() == JavaFileObject.Kind.CLASS) {
          Path out = dir.resolve(className(file).replace('.', '/') + ".class");
          Files.createDirectories(out.getParent());
          try (InputStream in = file.openInputStream()) {
            Files.write(out, in.readAllBytes());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.toFile();
  }

  /**
   * @return this test's class path with {@code extra} first, for {@code withClasspath}
   */
  static List<File> classPathWith(File extra) {
    List<File> path = new ArrayList<>();
    path.add(extra);
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      path.add(new File(entry));
    }
    return path;
  }

  private static String className(JavaFileObject file) {
    return file.getName()
        .replaceFirst("^.*/CLASS_OUTPUT/", "")
        .replaceFirst("\\.class$", "")
        .replace('/', '.');
  }

  /**
   * @return the contents of a generated source file
   */
  static String generated(Compilation compilation, String qualifiedName) {
    try {
      return compilation
          .generatedSourceFile(qualifiedName)
          .orElseThrow(
              () ->
                  new AssertionError(
                      "not generated: "
                          + qualifiedName
                          + "; generated: "
                          + generatedTypes(compilation)))
          .getCharContent(false)
          .toString();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
