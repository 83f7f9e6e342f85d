package io.liondg.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.liondg.processor.Sources.compile;
import static io.liondg.processor.Sources.generated;
import static io.liondg.processor.Sources.generatedTypes;
import static io.liondg.processor.Sources.messages;
import static io.liondg.processor.Sources.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The generated code compiles cleanly under {@code -Xlint:all -Werror} whatever the user's class
 * is: deprecated (or nested in a deprecated class, or with deprecated fields), generic, in a
 * package whose own types are named like {@code java.lang} or runtime types; and the processor
 * claims its annotations, so {@code -Xlint:processing} has nothing to say.
 */
class StrictLintTest {

  private static final List<String> STRICT = List.of("-Xlint:all", "-Werror");

  @Test
  void deprecatedModelCompilesUnderXlintAllWerror() {
    JavaFileObject stage =
        source(
            "test.Stage",
            """
        @Deprecated
        public class Stage extends SequentialBlock {
          @Backbone Conv2d conv;
        }
        """);
    JavaFileObject net =
        source(
            "test.Net",
            """
        @Deprecated
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          @Backbone Stage stage;
          @AuxHead(tap = "stage") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(STRICT, stage, net);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generated(compilation, "test.Net_Roles"))
        .contains("@SuppressWarnings(\"deprecation\")");
  }

  @Test
  void deprecatedForRemovalOuterClassAndDeprecatedFieldsAndAccessors() {
    JavaFileObject old =
        source(
            "test.Old",
            """
        @Deprecated(forRemoval = true)
        public class Old {
          public static class Net extends SequentialBlock {
            @Deprecated @Backbone Conv2d stem;
            /** @deprecated use stem */
            @Deprecated @AuxHead(tap = "stem") Linear aux;
            @MainHead Linear head;
          }
        }
        """);
    JavaFileObject heads =
        source(
            "test.Heads",
            """
        public record Heads(@Backbone Block trunk, @AuxHead(tap = "trunk") Block aux,
            @MainHead Block main) {
          @Deprecated
          @Override
          public Block main() {
            return main;
          }
        }
        """);
    JavaFileObject base =
        source(
            "test.Base",
            """
        public class Base extends SequentialBlock {
          @Deprecated @Backbone Conv2d stem;
        }
        """);
    JavaFileObject sub =
        source(
            "test.Sub",
            """
        public class Sub extends Base {
          @AuxHead(tap = "stem") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(STRICT, old, heads, base, sub);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generated(compilation, "test.Old__Net_Roles"))
        .contains("@SuppressWarnings({\"deprecation\", \"removal\"})");
    assertThat(generated(compilation, "test.Heads_Roles"))
        .contains("@SuppressWarnings(\"deprecation\")");
    assertThat(generated(compilation, "test.Sub_Roles"))
        .contains("@SuppressWarnings(\"deprecation\")");
  }

  @Test
  void aClassWithNothingDeprecatedGetsNoSuppression() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          @AuxHead(tap = "stem") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(STRICT, net);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generated(compilation, "test.Net_Roles")).doesNotContain("SuppressWarnings");
  }

  @Test
  void genericDeprecatedModelInAPackageWhoseTypesShadowJavaLangAndRuntimeNames() {
    // Each a type of the package, so a simple name in generated code would mean it.
    List<JavaFileObject> shadows =
        Stream.of(
                "Double",
                "Override",
                "String",
                "SuppressWarnings",
                "Deprecated",
                "List",
                "Generated",
                "Role",
                "RoleTree",
                "RoleNode",
                "InitPlan",
                "ModelRoles")
            .map(
                name ->
                    JavaFileObjects.forSourceString(
                        "odd." + name, "package odd;\n\npublic final class " + name + " {}\n"))
            .toList();
    // A generic, deprecated model named like a runtime type, holding a residual-branch class
    // (whose generated code names RoleNode and Double.NaN), in that package.
    JavaFileObject placement =
        source(
            "odd.Placement",
            """
        @java.lang.Deprecated
        public class Placement<B extends Block> extends SequentialBlock {
          @Backbone B stem;
          Branch branch;
          @AuxHead(tap = "stem") Linear aux;
          @MainHead Linear head;

          @ResidualBranch
          public static class Branch extends SequentialBlock {
            @Backbone Conv2d conv;
          }
        }
        """);
    JavaFileObject[] files =
        Stream.concat(shadows.stream(), Stream.of(placement)).toArray(JavaFileObject[]::new);

    Compilation compilation = compile(STRICT, files);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedTypes(compilation))
        .containsExactly("odd.Placement_Roles", "odd.Placement__Branch_Roles");
    assertThat(generated(compilation, "odd.Placement__Branch_Roles"))
        .contains("Double.NaN, true))");
  }

  @Test
  void theProcessorClaimsItsAnnotations() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          @AuxHead(tap = "stem") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(List.of("-Xlint:processing"), net);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(messages(compilation, Diagnostic.Kind.WARNING)).isEmpty();
  }

  /**
   * The unchanged model classes of {@code samples/custom-model}, compiled as its pom compiles them
   * ({@code -Xlint:all -Werror}) with this build's processor. Its application code (it needs
   * lion-dg-core, which these tests do not have) is compiled by the sample's own build.
   */
  @Test
  void customModelSampleCompilesUnderXlintAllWerror() throws IOException {
    Path sources = Path.of("..", "samples", "custom-model", "src", "main", "java");
    List<JavaFileObject> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files =
          walk.filter(p -> p.toString().endsWith(".java") && !usesTheLibrary(p))
              .map(
                  p -> {
                    try {
                      return JavaFileObjects.forResource(p.toUri().toURL());
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .toList();
    }
    assertThat(files).isNotEmpty();

    Compilation compilation = compile(STRICT, files.toArray(JavaFileObject[]::new));

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedTypes(compilation))
        .containsAtLeast(
            "com.example.custommodel.SmallCnn_Roles",
            "com.example.custommodel.ResidualStage_Roles");
  }

  private static boolean usesTheLibrary(Path source) {
    try {
      return Files.readString(source).contains("import io.liondg.runtime.init.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
