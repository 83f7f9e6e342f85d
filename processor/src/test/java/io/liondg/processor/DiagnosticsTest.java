package io.liondg.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static io.liondg.processor.Sources.compile;
import static io.liondg.processor.Sources.compileUnwrapped;
import static io.liondg.processor.Sources.generatedTypes;
import static io.liondg.processor.Sources.messages;
import static io.liondg.processor.Sources.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.liondg.annotations.Backbone;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per tag of DESIGN's diagnostics table: its kind, its text, its file, and the line of the
 * annotation it points at. Placement ({@code aux-on-residual-path}) has its own test class.
 */
class DiagnosticsTest {

  @Test
  void aValidModelCompilesWithoutWarningsAndGetsItsRoles() {
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

    Compilation compilation = compile(net);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).hadNoteCount(0);
    assertThat(generatedTypes(compilation)).containsExactly("test.Net_Roles");
  }

  @Test
  void notABlock() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          @Backbone int width;
          @AuxHead(tap = "stem") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:not-a-block] field 'Net.width' has @Backbone, but its type int"
                + " is not an ai.djl.nn.Block")
        .inFile(net)
        .onLineContaining("@Backbone int width;");
    assertThat(generatedTypes(compilation)).isEmpty();
  }

  @Test
  void multipleRolesPointsAtTheSecondAnnotation() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone
          @AuxHead Conv2d stem;
          @AuxHead(tap = "stem") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:multiple-roles] field 'Net.stem' has both @Backbone and"
                + " @AuxHead: a block has exactly one role.")
        .inFile(net)
        .onLineContaining("@AuxHead Conv2d stem;");
    assertThat(generatedTypes(compilation)).isEmpty();
  }

  @Test
  void inaccessiblePrivateAndStaticFields() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone private Conv2d stem;
          @AuxHead static Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:inaccessible] field 'Net.stem' has @Backbone but is private:"
                + " role fields must be non-private and non-static, because the generated Net_Roles"
                + " reads them")
        .inFile(net)
        .onLineContaining("@Backbone private Conv2d stem;");
    assertThat(compilation)
        .hadErrorContaining("[lion:inaccessible] field 'Net.aux' has @AuxHead but is static")
        .inFile(net)
        .onLineContaining("@AuxHead static Linear aux;");
    assertThat(generatedTypes(compilation)).isEmpty();
  }

  @Test
  void inaccessiblePrivateFieldOfRoleClassType() {
    JavaFileObject stage =
        source(
            "test.Stage",
            """
        public class Stage extends SequentialBlock {
          @Backbone Conv2d conv;
        }
        """);
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          private Stage stage;
          @AuxHead(tap = "stage") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(stage, net);

    assertThat(compilation)
        .hadErrorContaining(
            "[lion:inaccessible] field 'Net.stage' holds the role class Stage but" + " is private")
        .inFile(net)
        .onLineContaining("private Stage stage;");
    assertThat(generatedTypes(compilation)).containsExactly("test.Stage_Roles");
  }

  @Test
  void multipleMainHeadsInOneClass() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          @AuxHead(tap = "stem") Linear aux;
          @MainHead Linear head;
          @MainHead Linear other;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:multiple-main-heads] field 'Net.other' adds a second @MainHead"
                + " ('other') to the role tree of model Net, which already has 'head': a model has"
                + " exactly one main head.")
        .inFile(net)
        .onLineContaining("@MainHead Linear other;");
  }

  @Test
  void multipleMainHeadsThroughANestedModel() {
    JavaFileObject inner =
        source(
            "test.Inner",
            """
        public class Inner extends SequentialBlock {
          @Backbone Conv2d conv;
          @AuxHead(tap = "conv") Linear aux;
          @MainHead Linear head;
        }
        """);
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @MainHead Linear head;
          @Backbone Inner inner;
          @AuxHead(tap = "inner") Linear aux;
        }
        """);

    Compilation compilation = compile(inner, net);

    assertThat(compilation)
        .hadErrorContaining(
            "[lion:multiple-main-heads] field 'Net.inner' adds a second @MainHead"
                + " ('inner.head') to the role tree of model Net, which already has 'head'")
        .inFile(net)
        .onLineContaining("@Backbone Inner inner;");
    assertThat(generatedTypes(compilation)).containsExactly("test.Inner_Roles");
  }

  @Test
  void unknownTapListsTheFieldsAndSuggestsTheNearest() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          @Backbone Conv2d stage1;
          @AuxHead(tap = "stag1") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:unknown-tap] field 'Net.aux' has @AuxHead(tap = \"stag1\"),"
                + " but Net has no block field 'stag1': tap names a @Backbone or @ResidualBranch"
                + " field of the same class. Did you mean 'stage1'? Fields that can be tapped: stem,"
                + " stage1.")
        .inFile(net)
        .onLineContaining("@AuxHead(tap = \"stag1\")");
    assertThat(generatedTypes(compilation)).isEmpty();
  }

  @Test
  void unknownTapWithNothingCloseOnlyListsTheFields() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          @AuxHead(tap = "classifier") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation)
        .hadErrorContaining(
            "has no block field 'classifier': tap names a @Backbone or"
                + " @ResidualBranch field of the same class. Fields that can be tapped: stem.")
        .inFile(net)
        .onLineContaining("@AuxHead(tap = \"classifier\")");
    assertThat(messages(compilation, Diagnostic.Kind.ERROR).get(0)).doesNotContain("Did you mean");
  }

  @Test
  void tapNotBackbone() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          @MainHead Linear head;
          @AuxHead(tap = "head") Linear aux;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:tap-not-backbone] field 'Net.aux' has @AuxHead(tap = \"head\"),"
                + " but 'head' is a @MainHead: an aux head taps the output of a @Backbone or"
                + " @ResidualBranch field, not of a head.")
        .inFile(net)
        .onLineContaining("@AuxHead(tap = \"head\")");
    assertThat(generatedTypes(compilation)).isEmpty();
  }

  @Test
  void noAuxHeadsWarnsOnTheMainHead() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(
            "[lion:no-aux-heads] model Net (main head 'Net.head') has no @AuxHead"
                + " in its role tree: LION-DG then zeroes nothing and is plain He initialization."
                + " Add a side-tap @AuxHead, or silence this with"
                + " @SuppressWarnings(\"lion:no-aux-heads\")")
        .inFile(net)
        .onLineContaining("@MainHead Linear head;");
    // A warning is no error: the roles are still generated.
    assertThat(generatedTypes(compilation)).containsExactly("test.Net_Roles");
  }

  @Test
  void aRoleClassDeclaredInAnotherClasssFileIsANote() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Stage stage;
          @AuxHead(tap = "stage") Linear aux;
          @MainHead Linear head;
        }

        class Stage extends SequentialBlock {
          @Backbone Conv2d conv;
        }
        """);

    Compilation compilation = compileUnwrapped(net);

    // A note: without -Xlint:auxiliaryclass nothing goes wrong, so no -Werror build may fail on it.
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .hadNoteContaining(
            "[lion:auxiliary-class] class Stage is declared in Net.java, a file named for"
                + " another class (an auxiliary class): the generated Stage_Roles names it from"
                + " its own file, so with -Xlint:auxiliaryclass (or -Xlint:all) javac warns there,"
                + " where no @SuppressWarnings reaches, and -Werror fails the build. Move Stage to"
                + " a file Stage.java of its own, or nest it in the class that Net.java is named"
                + " for.")
        .inFile(net)
        .onLineContaining("class Stage extends");
    assertThat(generatedTypes(compilation)).containsExactly("test.Net_Roles", "test.Stage_Roles");
    // Where javac's environment is wrapped (as Gradle's incremental processing does, or the
    // tests' Filer spy), the source file is unknown and the check stays silent.
    assertThat(notesMentionAuxiliaryClass(compile(net))).isFalse();
  }

  @Test
  void aRoleClassNestedInAnAuxiliaryClassIsANoteToo() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Parts.Stage stage;
          @AuxHead(tap = "stage") Linear aux;
          @MainHead Linear head;
        }

        class Parts {
          static class Stage extends SequentialBlock {
            @Backbone Conv2d conv;
          }
        }
        """);

    assertThat(compileUnwrapped(net))
        .hadNoteContaining(
            "[lion:auxiliary-class] class Stage is nested in Parts, declared in Net.java, a file"
                + " named for another class (an auxiliary class): the generated Parts__Stage_Roles"
                + " names it from its own file")
        .inFile(net)
        .onLineContaining("static class Stage");
  }

  /** The note explains the warning javac gives under -Xlint:all in the generated code. */
  @Test
  void theNoteExplainsJavacsOwnAuxiliaryClassWarning() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Stage stage;
          @AuxHead(tap = "stage") Linear aux;
          @MainHead Linear head;
        }

        class Stage extends SequentialBlock {
          @Backbone Conv2d conv;
        }
        """);

    Compilation compilation =
        javac().withProcessors(new RolesProcessor()).withOptions("-Xlint:all").compile(net);

    assertThat(compilation).hadWarningContaining("auxiliary class test.Stage in test/Net.java");
    assertThat(compilation).hadNoteContaining("[lion:auxiliary-class] class Stage");
  }

  @Test
  void aRoleClassInItsOwnFileOrNestedIsNoAuxiliaryClass() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Stage stage;
          @AuxHead(tap = "stage") Linear aux;
          @MainHead Linear head;

          static class Stage extends SequentialBlock {
            @Backbone Conv2d conv;
          }
        }
        """);

    assertThat(notesMentionAuxiliaryClass(compileUnwrapped(net))).isFalse();
  }

  @Test
  void auxiliaryClassCanBeSuppressed() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Stage stage;
          @AuxHead(tap = "stage") Linear aux;
          @MainHead Linear head;
        }

        @SuppressWarnings("lion:auxiliary-class")
        class Stage extends SequentialBlock {
          @Backbone Conv2d conv;
        }
        """);

    assertThat(notesMentionAuxiliaryClass(compileUnwrapped(net))).isFalse();
  }

  @Test
  void noAuxHeadsCanBeSuppressed() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        @SuppressWarnings("lion:no-aux-heads")
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          @MainHead Linear head;
        }
        """);

    assertThat(compile(net)).succeededWithoutWarnings();
  }

  @Test
  void noAuxHeadsIsNotReportedForComponents() {
    JavaFileObject stage =
        source(
            "test.Stage",
            """
        public class Stage extends SequentialBlock {
          @Backbone Conv2d conv;
        }
        """);

    assertThat(compile(stage)).succeededWithoutWarnings();
  }

  @Test
  void unassignedBlockIsANoteAndBecomesBackbone() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          Conv2d extra;
          @AuxHead(tap = "extra") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .hadNoteContaining(
            "[lion:unassigned-block] field 'Net.extra' is a Block with no role"
                + " annotation: it will be treated as @Backbone.")
        .inFile(net)
        .onLineContaining("Conv2d extra;");
    assertThat(Sources.generated(compilation, "test.Net_Roles"))
        .contains(".backbone(\"extra\", model.extra)");
  }

  @Test
  void privateUnassignedBlockIsANoteAndLeftOut() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          private Conv2d scratch;
          @AuxHead(tap = "stem") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation)
        .hadNoteContaining(
            "[lion:unassigned-block] field 'Net.scratch' is a private Block with"
                + " no role annotation: the generated Net_Roles cannot read it")
        .inFile(net)
        .onLineContaining("private Conv2d scratch;");
    assertThat(Sources.generated(compilation, "test.Net_Roles")).doesNotContain("scratch");
  }

  @Test
  void tapOfAPrivateRoleFieldIsOnlyItsInaccessibleError() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone private Conv2d stem;
          @AuxHead(tap = "stem") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:inaccessible] field 'Net.stem' has @Backbone" + " but is private")
        .inFile(net)
        .onLineContaining("@Backbone private Conv2d stem;");
  }

  @Test
  void tapOfAPrivateBlockWithNoRoleIsInaccessibleNotUnknown() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          private Conv2d stem;
          @AuxHead(tap = "stem") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:inaccessible] field 'Net.aux' has @AuxHead(tap = \"stem\"),"
                + " but 'stem' is a private Block with no role: an aux head taps a field that the"
                + " generated Net_Roles can read.")
        .inFile(net)
        .onLineContaining("@AuxHead(tap = \"stem\")");
    assertThat(generatedTypes(compilation)).isEmpty();
  }

  @Test
  void badAuxWeightNegativeInfiniteOrWrittenNaN() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          @AuxHead(tap = "stem", weight = -0.3) Linear negative;
          @AuxHead(tap = "stem", weight = 1.0 / 0.0) Linear infinite;
          @AuxHead(tap = "stem", weight = 0.0 / 0.0) Linear nan;
          @AuxHead(tap = "stem", weight = 0) Linear zero;
          @AuxHead(tap = "stem") Linear runDefault;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:bad-aux-weight] field 'Net.negative' has @AuxHead(weight ="
                + " -0.3), but an aux head's loss weight must be finite and at least 0, as"
                + " --aux-weight must be. Leave weight out (its default, NaN) to use the run's aux"
                + " weight.")
        .inFile(net)
        .onLineContaining("weight = -0.3");
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:bad-aux-weight] field 'Net.infinite' has @AuxHead(weight =" + " Infinity)")
        .inFile(net)
        .onLineContaining("weight = 1.0 / 0.0");
    assertThat(compilation)
        .hadErrorContaining("[lion:bad-aux-weight] field 'Net.nan' has @AuxHead(weight = NaN)")
        .inFile(net)
        .onLineContaining("weight = 0.0 / 0.0");
    assertThat(generatedTypes(compilation)).isEmpty();
  }

  @Test
  void aRoleClassFromALibraryCompiledWithoutTheProcessorIsNotProcessed(@TempDir Path dir) {
    Compilation library = javac().withOptions("-proc:none").compile(RES_STAGE);
    assertThat(library).succeededWithoutWarnings();
    File classes = Sources.classOutput(library, dir);

    Compilation compilation =
        javac()
            .withProcessors(new RolesProcessor())
            .withClasspath(Sources.classPathWith(classes))
            .compile(APP_NET);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:not-processed] field 'Net.stage' holds the role class"
                + " lib.ResStage, but its generated lib.ResStage_Roles is not on the class path:"
                + " lib.ResStage was compiled without the lion-dg processor, and every role class"
                + " must be compiled with it, because the generated Net_Roles calls"
                + " lib.ResStage_Roles.")
        .inFile(APP_NET)
        .onLineContaining("@Backbone ResStage stage;");
  }

  @Test
  void aRoleClassFromALibraryCompiledWithTheProcessorIsFine(@TempDir Path dir) {
    Compilation library = compile(RES_STAGE);
    assertThat(library).succeededWithoutWarnings();
    File classes = Sources.classOutput(library, dir);

    Compilation compilation =
        javac()
            .withProcessors(new RolesProcessor())
            .withClasspath(Sources.classPathWith(classes))
            .compile(APP_NET);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(Sources.generated(compilation, "app.Net_Roles"))
        .contains(".subtree(\"stage\", new ResStage_Roles().tree(model.stage), false)");
  }

  private static final JavaFileObject RES_STAGE =
      source(
          "lib.ResStage",
          """
      public class ResStage extends SequentialBlock {
        @ResidualBranch public Conv2d branch;
        @Backbone public Conv2d shortcut;
      }
      """);

  private static final JavaFileObject APP_NET =
      source(
          "app.Net",
          """
      import lib.ResStage;

      public class Net extends SequentialBlock {
        @Backbone Conv2d stem;
        @Backbone ResStage stage;
        @AuxHead(tap = "stage") Linear aux;
        @MainHead Linear head;
      }
      """);

  @Test
  void badPlacementOptionIsAnError() {
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

    Compilation compilation = compile(List.of("-Alion.placement=fatal"), net);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:bad-option] -Alion.placement=fatal is not a"
                + " placement mode: use 'warning' (the default) or 'error'.");
  }

  @Test
  void withoutDjlOnTheClassPathOneClearError() throws URISyntaxException {
    // Only the annotations on the class path: no ai.djl.nn.Block to check fields against.
    File annotations =
        new File(Backbone.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    JavaFileObject net =
        JavaFileObjects.forSourceString(
            "test.Net",
            """
        package test;

        import io.liondg.annotations.Backbone;
        import io.liondg.annotations.MainHead;

        public class Net {
          @Backbone Object stem;
          @MainHead Object head;
        }
        """);

    Compilation compilation =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(new RolesProcessor())
            .withClasspath(List.of(annotations))
            .compile(net);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:no-djl] ai.djl.nn.Block is not on the"
                + " compile class path, so the role annotations of Net cannot be checked")
        .inFile(net)
        .onLineContaining("public class Net");
  }

  private static boolean notesMentionAuxiliaryClass(Compilation compilation) {
    return messages(compilation, Diagnostic.Kind.NOTE).stream()
        .anyMatch(n -> n.contains("[lion:auxiliary-class]"));
  }
}
