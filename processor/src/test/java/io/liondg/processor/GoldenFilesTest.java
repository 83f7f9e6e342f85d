package io.liondg.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.liondg.processor.Sources.compile;
import static io.liondg.processor.Sources.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code Foo_Roles} of two models, compared with reviewed files under {@code
 * expected/}: a CNN with side-tap aux heads, and a residual net whose aux head is nested in a
 * residual branch (suppressed, so the placement facts record it).
 */
class GoldenFilesTest {

  @Test
  void sideTapNet() {
    JavaFileObject stage =
        source(
            "golden.Stage",
            """
        public class Stage extends SequentialBlock {
          @Backbone Conv2d conv1;
          @Backbone Conv2d conv2;
        }
        """);
    JavaFileObject net =
        source(
            "golden.SideTapNet",
            """
        public class SideTapNet extends SequentialBlock {
          @Backbone Conv2d stem;
          @Backbone Stage stage1;
          @AuxHead(tap = "stage1") Linear aux1;
          @Backbone Stage stage2;
          @AuxHead(tap = "stage2", weight = 0.3) Linear aux2;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(stage, net);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("golden.SideTapNet_Roles")
        .hasSourceEquivalentTo(expected("SideTapNet_Roles"));
    assertThat(compilation)
        .generatedSourceFile("golden.Stage_Roles")
        .hasSourceEquivalentTo(expected("Stage_Roles"));
  }

  @Test
  void residualNetWithAnAuxHeadNestedInItsResidualBranch() {
    JavaFileObject branch =
        source(
            "golden.Branch",
            """
        public class Branch extends SequentialBlock {
          @Backbone Conv2d conv1;
          @SuppressWarnings("lion:aux-on-residual-path")
          @AuxHead(tap = "conv1") Linear probe;
          @Backbone Conv2d conv2;
        }
        """);
    JavaFileObject stage =
        source(
            "golden.ResStage",
            """
        public class ResStage extends SequentialBlock {
          @ResidualBranch Branch branch;
          @Backbone Conv2d shortcut;
        }
        """);
    JavaFileObject net =
        source(
            "golden.ResidualNet",
            """
        public class ResidualNet extends SequentialBlock {
          @Backbone Conv2d stem;
          @Backbone ResStage stage;
          @AuxHead(tap = "stage") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(branch, stage, net);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("golden.ResidualNet_Roles")
        .hasSourceEquivalentTo(expected("ResidualNet_Roles"));
    assertThat(compilation)
        .generatedSourceFile("golden.ResStage_Roles")
        .hasSourceEquivalentTo(expected("ResStage_Roles"));
  }

  private static JavaFileObject expected(String name) {
    return JavaFileObjects.forResource("io/liondg/processor/expected/" + name + ".java");
  }
}
