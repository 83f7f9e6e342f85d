package io.liondg.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.liondg.processor.Sources.compile;
import static io.liondg.processor.Sources.generated;
import static io.liondg.processor.Sources.generatedTypes;
import static io.liondg.processor.Sources.source;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code [lion:aux-on-residual-path]}: an aux head reached through a residual branch, at any depth;
 * its suppression on the field and on the class; {@code -Alion.placement=error}; and
 * {@code @ResidualBranch} on a type.
 */
class PlacementTest {

  /** A residual branch component with an aux head embedded in it. */
  private static JavaFileObject branch(String annotationsOnClass, String annotationsOnAux) {
    return source(
        "test.Branch",
        annotationsOnClass
            + """
        public class Branch extends SequentialBlock {
          @Backbone Conv2d conv;
        """
            + "  "
            + annotationsOnAux
            + """
        @AuxHead Linear embedded;
        }
        """);
  }

  /** A model that uses {@code Branch} as the residual branch of a block. */
  private static final JavaFileObject NET =
      source(
          "test.Net",
          """
      public class Net extends SequentialBlock {
        @Backbone Conv2d stem;
        @ResidualBranch Branch branch;
        @AuxHead(tap = "stem") Linear aux;
        @MainHead Linear head;
      }
      """);

  @Test
  void auxHeadInAResidualBranchIsAWarningOnTheAuxHead() {
    JavaFileObject branch = branch("", "");

    Compilation compilation = compile(branch, NET);

    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(
            "[lion:aux-on-residual-path] field 'Branch.embedded' is an @AuxHead"
                + " on a residual path (reached through 'Net.branch', path 'branch.embedded' in Net):"
                + " zero-initializing an aux head there cuts the gradient to the layers before it in"
                + " the branch (LION-DG Theorem 1), so make it a side tap that reads a @Backbone block"
                + " instead. Silence this with @SuppressWarnings(\"lion:aux-on-residual-path\") on the"
                + " field or its class.")
        .inFile(branch)
        .onLineContaining("@AuxHead Linear embedded;");
    assertThat(generated(compilation, "test.Net_Roles"))
        .contains("new Placement.AuxHeadPlacement(\"branch.embedded\", \"\", true, false)");
    assertThat(generated(compilation, "test.Net_Roles"))
        .contains("new Placement.AuxHeadPlacement(\"aux\", \"stem\", false, false)");
  }

  @Test
  void suppressedOnTheField() {
    JavaFileObject branch = branch("", "@SuppressWarnings(\"lion:aux-on-residual-path\")\n  ");

    Compilation compilation = compile(branch, NET);

    assertThat(compilation).succeededWithoutWarnings();
    // The runtime still learns where the head sits, and that it was silenced on purpose.
    assertThat(generated(compilation, "test.Net_Roles"))
        .contains("new Placement.AuxHeadPlacement(\"branch.embedded\", \"\", true, true)");
  }

  @Test
  void suppressedOnTheClass() {
    JavaFileObject branch = branch("@SuppressWarnings(\"lion:aux-on-residual-path\")\n", "");

    Compilation compilation = compile(branch, NET);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generated(compilation, "test.Net_Roles"))
        .contains("new Placement.AuxHeadPlacement(\"branch.embedded\", \"\", true, true)");
  }

  @Test
  void otherSuppressionKeysDoNotSilenceIt() {
    JavaFileObject branch =
        branch("@SuppressWarnings({\"unchecked\", \"lion:no-aux-heads\"})\n", "");

    Compilation compilation = compile(branch, NET);

    assertThat(compilation)
        .hadWarningContaining("[lion:aux-on-residual-path]")
        .inFile(branch)
        .onLineContaining("@AuxHead Linear embedded;");
  }

  @Test
  void placementErrorOptionMakesItAnError() {
    JavaFileObject branch = branch("", "");

    Compilation compilation = compile(List.of("-Alion.placement=error"), branch, NET);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadWarningCount(0);
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:aux-on-residual-path] field 'Branch.embedded' is an @AuxHead"
                + " on a residual path")
        .inFile(branch)
        .onLineContaining("@AuxHead Linear embedded;");
    assertThat(compilation).hadErrorContaining("It is an error because of -Alion.placement=error.");
    // The class that reported it gets no code; the branch on its own is a valid component.
    assertThat(generatedTypes(compilation)).containsExactly("test.Branch_Roles");
  }

  @Test
  void placementErrorOptionStillHonoursSuppression() {
    JavaFileObject branch = branch("", "@SuppressWarnings(\"lion:aux-on-residual-path\")\n  ");

    Compilation compilation = compile(List.of("-Alion.placement=error"), branch, NET);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void sideTapAuxHeadNextToAResidualBranchIsFine() {
    JavaFileObject block =
        source(
            "test.ResBlock",
            """
        public class ResBlock extends SequentialBlock {
          @ResidualBranch SequentialBlock branch;
          @AuxHead(tap = "branch") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(block);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generated(compilation, "test.ResBlock_Roles"))
        .contains(".auxHead(\"aux\", model.aux, \"branch\", Double.NaN, false)");
  }

  @Test
  void threeLevelsDeepThroughAResidualBranch() {
    // Net -> stage (Stage) -> block (residual branch ResBranch) -> inner (Inner) -> aux
    JavaFileObject inner =
        source(
            "test.Inner",
            """
        public class Inner extends SequentialBlock {
          @Backbone Conv2d conv;
          @AuxHead(tap = "conv") Linear aux;
        }
        """);
    JavaFileObject resBranch =
        source(
            "test.ResBranch",
            """
        public class ResBranch extends SequentialBlock {
          @Backbone Conv2d conv;
          @Backbone Inner inner;
        }
        """);
    JavaFileObject stage =
        source(
            "test.Stage",
            """
        public class Stage extends SequentialBlock {
          @Backbone Conv2d conv;
          @ResidualBranch ResBranch block;
        }
        """);
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Stage stage;
          @AuxHead(tap = "stage") Linear side;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(inner, resBranch, stage, net);

    assertThat(compilation).succeeded();
    // Reported once, by Stage, which owns the residual branch, on the aux head's own line.
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(
            "[lion:aux-on-residual-path] field 'Inner.aux' is an @AuxHead on a"
                + " residual path (reached through 'Stage.block', path 'block.inner.aux' in Stage)")
        .inFile(inner)
        .onLineContaining("@AuxHead(tap = \"conv\") Linear aux;");
    String netRoles = generated(compilation, "test.Net_Roles");
    assertThat(netRoles)
        .contains(
            "new Placement.AuxHeadPlacement(\"stage.block.inner.aux\", \"stage.block.inner.conv\","
                + " true, false)");
    assertThat(netRoles)
        .contains("new Placement.AuxHeadPlacement(\"side\", \"stage\", false, false)");
    assertThat(generated(compilation, "test.Stage_Roles"))
        .contains(".subtree(\"block\", new ResBranch_Roles().tree(model.block), true)");
  }

  @Test
  void residualBranchOnATypeMarksEveryUseAndItsOwnAuxHeads() {
    JavaFileObject branch =
        source(
            "test.Branch",
            """
        @ResidualBranch
        public class Branch extends SequentialBlock {
          @Backbone Conv2d conv;
          @AuxHead(tap = "conv") Linear embedded;
        }
        """);
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          @Backbone Branch block;
          @AuxHead(tap = "block") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(branch, net);

    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(
            "[lion:aux-on-residual-path] field 'Branch.embedded' is an @AuxHead"
                + " on a residual path (reached through class Branch (a @ResidualBranch type), path"
                + " 'embedded' in Branch)")
        .inFile(branch)
        .onLineContaining("@AuxHead(tap = \"conv\") Linear embedded;");
    String branchRoles = generated(compilation, "test.Branch_Roles");
    assertThat(branchRoles)
        .contains(
            ".node(new RoleNode(\"conv\", Role.BACKBONE, model.conv, \"\", Double.NaN, true))");
    assertThat(branchRoles)
        .contains(".auxHead(\"embedded\", model.embedded, \"conv\", Double.NaN, true)");
    String netRoles = generated(compilation, "test.Net_Roles");
    // A @Backbone field whose type is a residual branch is a residual-branch node.
    assertThat(netRoles).contains(".residualBranch(\"block\", model.block)");
    assertThat(netRoles)
        .contains(".subtree(\"block\", new Branch_Roles().tree(model.block), true)");
    assertThat(netRoles)
        .contains(
            "new Placement.AuxHeadPlacement(\"block.embedded\", \"block.conv\", true, false)");
  }

  @Test
  void residualBranchTypeWithoutRoleFieldsIsStillWalked() {
    JavaFileObject branch =
        source(
            "test.Plain",
            """
        @ResidualBranch
        public class Plain extends SequentialBlock {
          Conv2d conv;
        }
        """);
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          Plain block;
          @AuxHead(tap = "block") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(branch, net);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .hadNoteContaining("[lion:unassigned-block] field 'Plain.conv'")
        .inFile(branch)
        .onLineContaining("Conv2d conv;");
    String netRoles = generated(compilation, "test.Net_Roles");
    assertThat(netRoles).contains(".residualBranch(\"block\", model.block)");
    assertThat(netRoles).contains(".subtree(\"block\", new Plain_Roles().tree(model.block), true)");
  }
}
