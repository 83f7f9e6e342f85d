package io.liondg.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static io.liondg.processor.Sources.classLoader;
import static io.liondg.processor.Sources.compile;
import static io.liondg.processor.Sources.generatedTypes;
import static io.liondg.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.liondg.processor.generation.GeneratedNames;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.Roles;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The names of generated classes: one per role class, never shared (the encoding is injective), the
 * same in the processor and in the runtime's {@code Roles.of}, and a clash with a class of the
 * user's is a tagged error, never a skipped file (nor, at run time, a {@code ClassCastException}).
 */
class GeneratedNamesTest {

  @Test
  void nestedOuterInnerAndTopLevelOuterUnderscoreInnerGetTheirOwnRoles() throws Exception {
    JavaFileObject outer =
        source(
            "test.Outer",
            """
        public class Outer {
          public static class Inner extends SequentialBlock {
            @Backbone public Block trunk = new SequentialBlock();
            @AuxHead(tap = "trunk") public Block aux = new SequentialBlock();
            @MainHead public Block main = new SequentialBlock();
          }
        }
        """);
    JavaFileObject outerInner =
        source(
            "test.Outer_Inner",
            """
        public class Outer_Inner extends SequentialBlock {
          @Backbone public Block stem = new SequentialBlock();
          @AuxHead(tap = "stem") public Block side = new SequentialBlock();
          @MainHead public Block head = new SequentialBlock();
        }
        """);

    Compilation compilation = compile(outer, outerInner);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedTypes(compilation))
        .containsExactly("test.Outer__Inner_Roles", "test.Outer_uInner_Roles");
    ClassLoader loader = classLoader(compilation);
    Object nested = loader.loadClass("test.Outer$Inner").getConstructor().newInstance();
    Object topLevel = loader.loadClass("test.Outer_Inner").getConstructor().newInstance();
    assertThat(paths(nested)).containsExactly("trunk", "aux", "main").inOrder();
    assertThat(paths(topLevel)).containsExactly("stem", "side", "head").inOrder();
    assertThat(Roles.of(nested).getClass().getName()).isEqualTo("test.Outer__Inner_Roles");
    assertThat(Roles.of(topLevel).getClass().getName()).isEqualTo("test.Outer_uInner_Roles");
  }

  /** Top-level and nested classes whose names hold {@code _} and {@code $}, and Unicode. */
  private static final List<String> TRICKY_CLASSES =
      List.of(
          "test.A",
          "test.A$B",
          "test.A$B$C",
          "test.A_B",
          "test.A_$B",
          "test.A$B_",
          "test.A__B",
          "test.A$_B",
          "test.$X",
          "test.X$$$Y",
          "test.Ünïcødé",
          "test.Ünïcødé$Ω_1",
          "NoPackage");

  @Test
  void processorAndRuntimeAgreeOnEveryNameAndNoTwoClassesShareOne() throws Exception {
    JavaFileObject a =
        source(
            "test.A",
            """
        public class A extends SequentialBlock {
          @Backbone public Block b0 = new SequentialBlock();
          public static class B extends SequentialBlock {
            @Backbone public Block b1 = new SequentialBlock();
            public static class C extends SequentialBlock {
              @Backbone public Block b2 = new SequentialBlock();
            }
          }
          public static class B_ extends SequentialBlock {
            @Backbone public Block b3 = new SequentialBlock();
          }
          public static class _B extends SequentialBlock {
            @Backbone public Block b4 = new SequentialBlock();
          }
        }
        """);
    JavaFileObject aB =
        source(
            "test.A_B",
            """
        public class A_B extends SequentialBlock {
          @Backbone public Block b5 = new SequentialBlock();
        }
        """);
    JavaFileObject aUnderscore =
        source(
            "test.A_",
            """
        public class A_ {
          public static class B extends SequentialBlock {
            @Backbone public Block b6 = new SequentialBlock();
          }
        }
        """);
    JavaFileObject aDoubleUnderscoreB =
        source(
            "test.A__B",
            """
        public class A__B extends SequentialBlock {
          @Backbone public Block b7 = new SequentialBlock();
        }
        """);
    JavaFileObject dollarX =
        source(
            "test.$X",
            """
        public class $X extends SequentialBlock {
          @Backbone public Block b8 = new SequentialBlock();
        }
        """);
    JavaFileObject xDollar =
        source(
            "test.X$",
            """
        public class X$ {
          public static class $Y extends SequentialBlock {
            @Backbone public Block b9 = new SequentialBlock();
          }
        }
        """);
    JavaFileObject unicode =
        source(
            "test.Ünïcødé",
            """
        public class Ünïcødé extends SequentialBlock {
          @Backbone public Block b10 = new SequentialBlock();
          public static class Ω_1 extends SequentialBlock {
            @Backbone public Block b11 = new SequentialBlock();
          }
        }
        """);
    JavaFileObject noPackage =
        JavaFileObjects.forSourceString(
            "NoPackage",
            """
        import ai.djl.nn.Block;
        import ai.djl.nn.SequentialBlock;
        import io.liondg.annotations.Backbone;

        public class NoPackage extends SequentialBlock {
          @Backbone public Block b12 = new SequentialBlock();
        }
        """);

    Compilation compilation =
        compile(a, aB, aUnderscore, aDoubleUnderscoreB, dollarX, xDollar, unicode, noPackage);

    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader = classLoader(compilation);
    Set<String> names = new HashSet<>();
    for (String binaryName : TRICKY_CLASSES) {
      Object model = loader.loadClass(binaryName).getConstructor().newInstance();
      String generated = Roles.generatedName(model.getClass());
      // The runtime finds the class the processor wrote, and it is this class's own.
      assertThat(Roles.of(model).getClass().getName()).isEqualTo(generated);
      assertThat(paths(model)).hasSize(1);
      String pkg = model.getClass().getPackageName();
      String inPackage = binaryName.substring(pkg.isEmpty() ? 0 : pkg.length() + 1);
      assertThat(generated).endsWith(GeneratedNames.rolesSimpleName(inPackage));
      assertThat(generatedTypes(compilation)).contains(generated);
      names.add(generated);
    }
    assertThat(names).hasSize(TRICKY_CLASSES.size());
  }

  @Test
  void theEncodingIsReadableAndInjective() {
    assertThat(GeneratedNames.rolesSimpleName("Net")).isEqualTo("Net_Roles");
    assertThat(GeneratedNames.rolesSimpleName("Outer$Inner")).isEqualTo("Outer__Inner_Roles");
    assertThat(GeneratedNames.rolesSimpleName("Outer_Inner")).isEqualTo("Outer_uInner_Roles");
    // The pairs that naive schemes ('$' to '_', or '_' doubled) would merge.
    List<String> names =
        List.of(
            "a_$b", "a$_b", "a_b", "a$b", "a__b", "a$$b", "a_u$b", "a$u_b", "a_$$b", "a$$_b",
            "a_Roles", "a$Roles", "a");
    assertThat(names.stream().map(GeneratedNames::rolesSimpleName).distinct().count())
        .isEqualTo(names.size());
  }

  @Test
  void aClassOfTheUsersBearingTheGeneratedNameIsANameClashError() {
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
    JavaFileObject taken =
        source(
            "test.Net_Roles",
            """
        public class Net_Roles {}
        """);

    Compilation compilation = compile(net, taken);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:name-clash] class test.Net needs its generated class"
                + " test.Net_Roles, but a class test.Net_Roles is already declared in this"
                + " compilation: the name of a role class's generated class is reserved for"
                + " lion-dg's roles of that class.")
        .inFile(net)
        .onLineContaining("public class Net");
    assertThat(generatedTypes(compilation)).isEmpty();
  }

  @Test
  void theRuntimeRefusesAClassOfTheGeneratedNameThatIsNoRoles() throws Exception {
    // Compiled without the processor, so nothing stops the user's Net_Roles.
    Compilation compilation =
        javac()
            .withOptions("-proc:none")
            .compile(
                source("test.Net", "public class Net {}\n"),
                source("test.Net_Roles", "public class Net_Roles {}\n"));
    assertThat(compilation).succeeded();
    Object net = classLoader(compilation).loadClass("test.Net").getConstructor().newInstance();

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Roles.of(net));

    assertThat(e).hasMessageThat().contains("test.Net_Roles is not the lion-dg roles of test.Net");
  }

  private static List<String> paths(Object model) {
    return Roles.tree(model).nodes().stream().map(RoleNode::path).toList();
  }
}
