package io.liondg.runtime.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.results.ResultJson;
import io.liondg.runtime.results.RunResult;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --model-class CLASS --classpath PATH}: a user's model, compiled here with the lion-dg
 * processor into a folder that is not on the test's class path, trained from the command line; and
 * each way a model class can be wrong, as one line and exit status 2 with no result file.
 */
class ModelClassTest {

  @TempDir Path dir;

  /** A tiny deeply-supervised model: flatten + linear trunk, a linear aux head and main head. */
  private static final String TINY_NET =
      """
      package ext;

      import ai.djl.ndarray.NDList;
      import ai.djl.ndarray.NDManager;
      import ai.djl.ndarray.types.DataType;
      import ai.djl.ndarray.types.Shape;
      import ai.djl.nn.AbstractBlock;
      import ai.djl.nn.Activation;
      import ai.djl.nn.Block;
      import ai.djl.nn.Blocks;
      import ai.djl.nn.SequentialBlock;
      import ai.djl.nn.core.Linear;
      import ai.djl.training.ParameterStore;
      import ai.djl.util.PairList;
      import io.liondg.annotations.AuxHead;
      import io.liondg.annotations.Backbone;
      import io.liondg.annotations.MainHead;

      public class TinyNet extends AbstractBlock {
        @Backbone public final Block trunk;
        @AuxHead(tap = "trunk") public final Block aux;
        @MainHead public final Block head;

        public TinyNet(int inputChannels, int classes) {
          super((byte) 1);
          trunk = addChildBlock("trunk", new SequentialBlock().add(Blocks.batchFlattenBlock())
              .add(Linear.builder().setUnits(16).build()).add(Activation.reluBlock()));
          aux = addChildBlock("aux", Linear.builder().setUnits(classes).build());
          head = addChildBlock("head", Linear.builder().setUnits(classes).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training,
            PairList<String, Object> params) {
          NDList f = trunk.forward(ps, in, training, params);
          return OUTPUTS;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] s) {
          Shape[] f = trunk.getOutputShapes(s);
          return new Shape[] {head.getOutputShapes(f)[0], aux.getOutputShapes(f)[0]};
        }

        @Override
        protected void initializeChildBlocks(NDManager m, DataType t, Shape... s) {
          trunk.initialize(m, t, s);
          Shape[] f = trunk.getOutputShapes(s);
          aux.initialize(m, t, f);
          head.initialize(m, t, f);
        }
      }
      """;

  private static final String BOTH_OUTPUTS =
      "new NDList(head.forward(ps, f, training, params)"
          + ".singletonOrThrow(), aux.forward(ps, f, training, params).singletonOrThrow())";

  @Test
  void trainsAUserModelClassFromItsOwnClassFolder() throws Exception {
    Path classes = compile("ext.TinyNet", TINY_NET.replace("OUTPUTS", BOTH_OUTPUTS), true);
    Path out = dir.resolve("result.json");
    Cli.Run run =
        Cli.run(
            "train",
            "--model-class",
            "ext.TinyNet",
            "--classpath",
            classes.toString(),
            "--dataset",
            "synthetic",
            "--max-steps",
            "4",
            "--batch-size",
            "16",
            "--probe-every",
            "2",
            "--no-progress",
            "--out",
            out.toString());
    assertEquals(0, run.status(), run.err());
    RunResult r = ResultJson.fromLine(Files.readString(out).strip());
    assertEquals("ext.TinyNet", r.arch(), "results record the class name as arch");
    assertEquals(RunResult.OK, r.status());
    assertEquals(4, r.curve().get(r.curve().size() - 1).step());
    assertEquals(1, r.auxValAcc().size());
    assertEquals(0.0, r.awakening().get(0).auxGradRatio(), "LION-DG zeroes the aux head");
  }

  @Test
  void aClassThatIsNotThereIsOneLine() {
    expectUsageError(
        List.of("--model-class", "ext.Missing", "--classpath", dir.toString()),
        "--model-class ext.Missing: no such class in --classpath " + dir);
  }

  @Test
  void aClassThatIsNotABlockIsOneLine() {
    expectUsageError(
        List.of("--model-class", "java.lang.String"),
        "--model-class java.lang.String is not an ai.djl.nn.Block");
  }

  @Test
  void aClassWithoutTheSizesConstructorIsOneLine() throws Exception {
    Path classes =
        compile(
            "ext.TinyNet",
            TINY_NET
                .replace("OUTPUTS", BOTH_OUTPUTS)
                .replace(
                    "public TinyNet(int inputChannels, int classes) {",
                    "public TinyNet() {\n    this(10);\n  }\n\n  TinyNet(int classes) {"),
            true);
    expectUsageError(
        List.of("--model-class", "ext.TinyNet", "--classpath", classes.toString()),
        "--model-class ext.TinyNet has no public (int inputChannels, int classes) constructor");
  }

  @Test
  void aClassCompiledWithoutTheProcessorIsOneLine() throws Exception {
    Path classes = compile("ext.TinyNet", TINY_NET.replace("OUTPUTS", BOTH_OUTPUTS), false);
    expectUsageError(
        List.of("--model-class", "ext.TinyNet", "--classpath", classes.toString()),
        "--model-class ext.TinyNet has no generated roles: expected ext.TinyNet_Roles");
  }

  @Test
  void aModelWhoseOutputsDoNotMatchItsRoleTreeIsOneLine() throws Exception {
    Path classes =
        compile(
            "ext.TinyNet",
            TINY_NET.replace(
                "OUTPUTS", "new NDList(head.forward(ps, f, training, params).singletonOrThrow())"),
            true);
    expectUsageError(
        List.of("--model-class", "ext.TinyNet", "--classpath", classes.toString()),
        "--model-class ext.TinyNet: the model returned 1 output but its role tree has 1 aux"
            + " head; expected 2: [main, aux_1, ...]");
  }

  @Test
  void aClasspathEntryThatIsNotThereIsOneLine() {
    Path missing = dir.resolve("nope");
    expectUsageError(
        List.of("--model-class", "ext.TinyNet", "--classpath", missing.toString()),
        "--classpath: " + missing + " does not exist");
  }

  private void expectUsageError(List<String> modelFlags, String expected) {
    Path out = dir.resolve("bad.json");
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--dataset",
                "synthetic",
                "--max-steps",
                "2",
                "--batch-size",
                "8",
                "--no-progress",
                "--out",
                out.toString()));
    args.addAll(modelFlags);
    Cli.Run run = Cli.run(args.toArray(String[]::new));
    assertEquals(2, run.status(), run.err());
    List<String> lines = run.errLines().stream().filter(l -> l.startsWith("lion-dg:")).toList();
    assertEquals(1, lines.size(), run.err());
    assertTrue(lines.get(0).contains(expected), lines.get(0));
    assertFalse(Files.exists(out), "no result file");
  }

  /** Compiles one source into a fresh folder, with or without the lion-dg processor. */
  private Path compile(String className, String source, boolean processor) throws Exception {
    Path src = dir.resolve("src-" + System.nanoTime());
    Path file = src.resolve(className.replace('.', '/') + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source, UTF_8);
    Path classes = dir.resolve("classes-" + System.nanoTime());
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args =
        new ArrayList<>(
            List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path")));
    if (!processor) {
      args.add("-proc:none");
    }
    args.add(file.toString());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int status = javac.run(null, log, log, args.toArray(String[]::new));
    assertEquals(0, status, "javac failed for " + className + ": " + log.toString(UTF_8));
    return classes;
  }
}
