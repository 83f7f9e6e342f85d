package io.liondg.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static io.liondg.processor.Sources.compile;
import static io.liondg.processor.Sources.generated;
import static io.liondg.processor.Sources.generatedTypes;
import static io.liondg.processor.Sources.messages;
import static io.liondg.processor.Sources.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Rounds: types generated later, types that never appear, and failures inside the processor. */
class RoundsTest {

  /**
   * Stands for another annotation processor: in its first round it writes {@code
   * test.gen.GenBlock}, a block class the model's fields refer to, with the given body.
   */
  private static final class BlockGenerator extends AbstractProcessor {
    private final String body;
    private boolean done;

    BlockGenerator(String body) {
      this.body = body;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (done) {
        return false;
      }
      done = true;
      try (Writer out =
          processingEnv.getFiler().createSourceFile("test.gen.GenBlock").openWriter()) {
        out.write(
            """
            package test.gen;

            import ai.djl.nn.SequentialBlock;
            import ai.djl.nn.convolutional.Conv2d;
            import io.liondg.annotations.Backbone;

            public class GenBlock extends SequentialBlock {
            """
                + body
                + "}\n");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return false;
    }
  }

  private static final JavaFileObject NET_WITH_GENERATED_FIELD =
      source(
          "test.Net",
          """
      import test.gen.GenBlock;

      public class Net extends SequentialBlock {
        @Backbone GenBlock gen;
        @AuxHead(tap = "gen") Linear aux;
        @MainHead Linear head;
      }
      """);

  @Test
  void fieldTypeGeneratedInALaterRoundIsWaitedFor() {
    Compilation compilation =
        javac()
            .withProcessors(new BlockGenerator(""), new RolesProcessor())
            .compile(NET_WITH_GENERATED_FIELD);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedTypes(compilation)).containsExactly("test.gen.GenBlock", "test.Net_Roles");
    assertThat(generated(compilation, "test.Net_Roles")).contains(".backbone(\"gen\", model.gen)");
  }

  @Test
  void generatedRoleClassIsWalkedIntoOnceItExists() {
    Compilation compilation =
        javac()
            .withProcessors(new BlockGenerator("  @Backbone Conv2d conv;\n"), new RolesProcessor())
            .compile(NET_WITH_GENERATED_FIELD);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedTypes(compilation))
        .containsExactly("test.gen.GenBlock", "test.gen.GenBlock_Roles", "test.Net_Roles");
    assertThat(generated(compilation, "test.Net_Roles"))
        .contains(".subtree(\"gen\", new GenBlock_Roles().tree(model.gen), false)");
  }

  @Test
  void unresolvableFieldTypeLeavesTheErrorToJavac() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends SequentialBlock {
          @Backbone Conv2d stem;
          @Backbone Missing missing;
          @AuxHead(tap = "stem") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("cannot find symbol")
        .inFile(net)
        .onLineContaining("Missing missing;");
    assertThat(String.join("\n", messages(compilation, Diagnostic.Kind.ERROR)))
        .doesNotContain("[lion:");
    assertThat(generatedTypes(compilation)).isEmpty();
  }

  @Test
  void unresolvableSuperclassLeavesTheErrorToJavac() {
    JavaFileObject net =
        source(
            "test.Net",
            """
        public class Net extends MissingBase {
          @Backbone Conv2d stem;
          @AuxHead(tap = "stem") Linear aux;
          @MainHead Linear head;
        }
        """);

    Compilation compilation = compile(net);

    assertThat(compilation)
        .hadErrorContaining("cannot find symbol")
        .inFile(net)
        .onLineContaining("extends MissingBase");
    assertThat(String.join("\n", messages(compilation, Diagnostic.Kind.ERROR)))
        .doesNotContain("[lion:");
  }

  @Test
  void unexpectedExceptionBecomesOneInternalErrorWithItsStackTrace() {
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

    Compilation compilation =
        javac().withProcessors(FilerSpy.failing(new RolesProcessor())).compile(net);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[lion:internal] lion-dg failed while processing test.Net. This is a"
                + " bug in lion-dg; please report it with this stack trace:")
        .inFile(net)
        .onLineContaining("public class Net");
    assertThat(compilation).hadErrorContaining("java.lang.IllegalStateException: disk on fire");
    assertThat(compilation).hadErrorContaining("at io.liondg.processor.generation.RolesWriter");
  }
}
