package io.liondg.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.liondg.processor.Sources.compile;
import static io.liondg.processor.Sources.generated;
import static io.liondg.processor.Sources.generatedTypes;
import static io.liondg.processor.Sources.source;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import com.google.testing.compile.Compilation;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.RoleTree;
import io.liondg.runtime.roles.Roles;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Role trees through inheritance, nested classes, records and role-class field types. */
class StructureTest {

  private static final JavaFileObject BASE =
      source(
          "test.Base",
          """
      public abstract class Base extends SequentialBlock {
        @Backbone Conv2d stem;
        @AuxHead(tap = "stem") Linear early;
      }
      """);

  @Test
  void subclassListsInheritedRoleFieldsFirstAndMayTapThem() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends Base {
          @Backbone Conv2d body;
          @AuxHead(tap = "stem", weight = 0.5) Linear late;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(BASE, net);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedTypes(compilation)).containsExactly("test.Base_Roles", "test.Net_Roles");
    assertThat(generated(compilation, "test.Net_Roles"))
        .contains(
            """
            return RoleTree.builder()
                .backbone("stem", model.stem)
                .auxHead("early", model.early, "stem", Double.NaN, false)
                .backbone("body", model.body)
                .auxHead("late", model.late, "stem", 0.5, false)
                .mainHead("head", model.head)
                .build();
        """);
  }

  @Test
  void secondMainHeadInASubclassIsReportedOnTheSubclassField() {
    JavaFileObject model =
        source(
            "test.Model",
            """
        public class Model extends SequentialBlock {
          @Backbone Conv2d stem;
          @AuxHead(tap = "stem") Linear aux;
          @MainHead Linear head;
        }
        """);
    JavaFileObject sub =
        source(
            "test.Sub",
            """
        public class Sub extends Model {
          @MainHead Linear betterHead;
        }
        """);

    Compilation compilation = compile(model, sub);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:multiple-main-heads] field 'Sub.betterHead' adds a second"
                + " @MainHead ('betterHead') to the role tree of model Sub, which already has 'head'")
        .inFile(sub)
        .onLineContaining("@MainHead Linear betterHead;");
    assertThat(generatedTypes(compilation)).containsExactly("test.Model_Roles");
  }

  @Test
  void errorsOfAnInheritedFieldAreReportedOnceAndStopTheSubclassToo() {
    JavaFileObject base =
        source(
            "test.Base",
            """
        public abstract class Base extends SequentialBlock {
          @Backbone private Conv2d stem;
        }
        """);
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends Base {
          @AuxHead Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(base, net);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[lion:inaccessible] field 'Base.stem'")
        .inFile(base)
        .onLineContaining("@Backbone private Conv2d stem;");
    assertThat(generatedTypes(compilation)).isEmpty();
  }

  @Test
  void aNestedRoleClassWithErrorsStopsTheOuterClassWithoutMoreErrors() {
    JavaFileObject stage =
        source(
            "test.Stage",
            """
        public class Stage extends SequentialBlock {
          @Backbone Conv2d conv;
          @AuxHead(tap = "cnv") Linear probe;
        }
        """);
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Stage stage;
          @AuxHead(tap = "stage") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(stage, net);

    // Only Stage's own error: no "cannot find symbol Stage_Roles" from a Net_Roles.
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[lion:unknown-tap] field 'Stage.probe'")
        .inFile(stage)
        .onLineContaining("@AuxHead(tap = \"cnv\")");
    assertThat(generatedTypes(compilation)).isEmpty();
  }

  @Test
  void nestedRoleClassesGetOuterInnerRoles() {
    JavaFileObject outer =
        source(
            "test.Outer",
            """
        public class Outer {
          public static class Net extends SequentialBlock {
            @Backbone Stage stage;
            @AuxHead(tap = "stage") Linear aux;
            @MainHead Linear head;
          }

          static class Stage extends SequentialBlock {
            @Backbone Conv2d conv;
            Deeper.Block2 block;
          }

          static class Deeper {
            static class Block2 extends SequentialBlock {
              @ResidualBranch Conv2d branch;
            }
          }
        }
        """);

    Compilation compilation = compile(outer);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedTypes(compilation))
        .containsExactly(
            "test.Outer__Net_Roles", "test.Outer__Stage_Roles", "test.Outer__Deeper__Block2_Roles");
    assertThat(generated(compilation, "test.Outer__Net_Roles"))
        .contains("public final class Outer__Net_Roles implements ModelRoles<Outer.Net>");
    // A field whose type is a role class is walked into even without a role annotation.
    assertThat(generated(compilation, "test.Outer__Stage_Roles"))
        .contains(
            """
                .backbone("block", model.block)
                .subtree("block", new Outer__Deeper__Block2_Roles().tree(model.block), false)
        """);
  }

  @Test
  void privateNestedRoleClassIsInaccessible() {
    JavaFileObject outer =
        source(
            "test.Outer",
            """
        public class Outer {
          private static class Stage extends SequentialBlock {
            @Backbone Conv2d conv;
          }
        }
        """);

    Compilation compilation = compile(outer);

    assertThat(compilation)
        .hadErrorContaining(
            "[lion:inaccessible] class test.Outer.Stage is private: a role class"
                + " must be visible to its generated Outer__Stage_Roles.")
        .inFile(outer)
        .onLineContaining("private static class Stage");
    assertThat(generatedTypes(compilation)).isEmpty();
  }

  @Test
  void fieldTypedWithASubclassOfARoleClassUsesTheAncestorsRoles() {
    JavaFileObject stage =
        source(
            "test.Stage",
            """
        public class Stage extends SequentialBlock {
          @Backbone Conv2d conv;
        }
        """);
    JavaFileObject wide =
        source(
            "test.WideStage",
            """
        public class WideStage extends Stage {}
        """);
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone WideStage stage;
          @AuxHead(tap = "stage") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(stage, wide, net);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generated(compilation, "test.Net_Roles"))
        .contains(".subtree(\"stage\", new Stage_Roles().tree(model.stage), false)");
  }

  @Test
  void genericRoleClassIsNamedWithWildcards() {
    JavaFileObject stage =
        source(
            "test.Stage",
            """
        public class Stage<B extends Block> extends SequentialBlock {
          @Backbone B block;
        }
        """);

    Compilation compilation = compile(stage);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generated(compilation, "test.Stage_Roles"))
        .contains("public final class Stage_Roles implements ModelRoles<Stage<?>>");
  }

  @Test
  void recordsAreRoleClassesReadThroughTheirAccessors() throws Exception {
    JavaFileObject heads =
        source(
            "test.Heads",
            """
        public record Heads(@Backbone Block trunk, @AuxHead(tap = "trunk") Block aux,
            @MainHead Block main) {}
        """);

    Compilation compilation = compile(heads);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generated(compilation, "test.Heads_Roles"))
        .contains(
            """
            return RoleTree.builder()
                .backbone("trunk", model.trunk())
                .auxHead("aux", model.aux(), "trunk", Double.NaN, false)
                .mainHead("main", model.main())
                .build();
        """);
    // At run time: the record's own blocks, in component order.
    Class<?> type = Sources.classLoader(compilation).loadClass("test.Heads");
    Block trunk = new SequentialBlock();
    Block aux = new SequentialBlock();
    Block main = new SequentialBlock();
    Object model =
        type.getConstructor(Block.class, Block.class, Block.class).newInstance(trunk, aux, main);
    RoleTree tree = Roles.tree(model);
    assertThat(tree.nodes().stream().map(RoleNode::path).toList())
        .containsExactly("trunk", "aux", "main")
        .inOrder();
    assertThat(tree.find("aux").orElseThrow().block()).isSameInstanceAs(aux);
    assertThat(tree.mainHead().block()).isSameInstanceAs(main);
  }

  @Test
  void aRecordHeldByAModelIsWalkedIntoThroughItsAccessor() {
    JavaFileObject pair =
        source(
            "test.Pair",
            """
        record Pair(@Backbone Conv2d first, @Backbone Conv2d second) {}
        """);
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          Pair pair;
          @Backbone Conv2d stem;
          @AuxHead(tap = "stem") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(pair, net);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generated(compilation, "test.Net_Roles"))
        .contains(".subtree(\"pair\", new Pair_Roles().tree(model.pair), false)");
    assertThat(generated(compilation, "test.Pair_Roles"))
        .contains(".backbone(\"second\", model.second())");
  }
}
