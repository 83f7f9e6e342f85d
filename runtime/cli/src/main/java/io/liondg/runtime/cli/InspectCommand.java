package io.liondg.runtime.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.liondg.runtime.checks.GradientDecoupling;
import io.liondg.runtime.checks.PlacementProbe;
import io.liondg.runtime.init.InitOptions;
import io.liondg.runtime.init.Initialization;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.ModelFactory;
import io.liondg.runtime.models.ParameterCount;
import io.liondg.runtime.roles.ModelRoles;
import io.liondg.runtime.roles.Placement;
import io.liondg.runtime.roles.RoleNode;
import io.liondg.runtime.roles.RoleTree;
import io.liondg.runtime.roles.Roles;
import io.liondg.runtime.train.ModelContractException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lion-dg inspect}: what the product knows about a model's roles, without training it.
 *
 * <ol>
 *   <li>The role tree (from the generated {@code Foo_Roles}).
 *   <li>Trainable parameters per top-level component, with its output shape, and the total (as the
 *       paper's Table 4 and Table A.1).
 *   <li>The compile-time placement findings ({@code Roles.of(model).placement()}): each aux head,
 *       what it taps, and whether it is a side tap or sits on a residual path.
 *   <li>Live checks on a small random batch: the placement probe (with He init, does changing an
 *       aux head's weights change the main output?) and, for models with aux heads, the gradient
 *       decoupling of Proposition 1 (with LION-DG init, is the aux-loss gradient on every backbone
 *       parameter exactly 0?).
 * </ol>
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Show a model's role tree, parameters, aux-head placement and live checks.",
    usageHelpAutoWidth = true,
    description = {
      "Print a model's role tree, parameter counts per component, the compile-time placement"
          + " findings for each aux head, and live checks on a random batch: the placement"
          + " probe (does the main output change when the aux heads change?) and gradient"
          + " decoupling under LION-DG (Proposition 1).",
      "A model of your own: --model-class with --classpath (or LION_DG_CLASSPATH); it needs"
          + " a public (int inChannels, int classes) or no-argument constructor and the"
          + " lion-dg annotation processor at compile time."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:printed",
      "2:bad command line, or a model class that cannot be loaded or has no generated roles"
    })
final class InspectCommand implements Callable<Integer> {

  /** Images in the probe batch. */
  static final int PROBE_BATCH = 4;

  @Spec CommandSpec spec;

  @Mixin ModelOptions model;

  @Option(
      names = "--in-channels",
      paramLabel = "N",
      description = "Input image channels. Default: ${DEFAULT-VALUE}.")
  int inChannels = 3;

  @Option(
      names = "--image-size",
      paramLabel = "PIXELS",
      description = "Input image height and width. Default: ${DEFAULT-VALUE}.")
  int imageSize = 32;

  @Option(
      names = "--classes",
      paramLabel = "N",
      description = "Number of classes. Default: ${DEFAULT-VALUE}.")
  int classes = 10;

  @Option(
      names = "--seed",
      description = "Seeds the init and the probe batch." + " Default: ${DEFAULT-VALUE}.")
  long seed = 42;

  @Override
  public Integer call() {
    if (inChannels < 1) {
      throw new ParameterException(
          spec.commandLine(), "--in-channels must be at least 1, got " + inChannels);
    }
    if (classes < 2) {
      throw new ParameterException(
          spec.commandLine(), "--classes must be at least 2, got " + classes);
    }
    if (imageSize < TrainOptions.MIN_IMAGE_SIZE) {
      throw new ParameterException(
          spec.commandLine(),
          "--image-size must be at least " + TrainOptions.MIN_IMAGE_SIZE + ", got " + imageSize);
    }
    ModelFactory factory = model.resolve(spec, false);
    PrintWriter out = spec.commandLine().getOut();
    String name = factory.cliName();
    Shape input = new Shape(PROBE_BATCH, inChannels, imageSize, imageSize);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Block model = newModel(factory);
      ModelRoles<Block> roles = Roles.of(model);
      RoleTree tree = roles.tree(model);
      Initialization.apply(model, Strategy.HE, new InitOptions(manager, input, null, seed));

      out.printf(
          Locale.ROOT,
          "model %s (%s), input %dx%dx%d, %d classes%n%n",
          name,
          model.getClass().getName(),
          inChannels,
          imageSize,
          imageSize,
          classes);
      out.println("Role tree");
      tree.toString().lines().forEach(l -> out.println("  " + l));
      out.println();
      parameters(out, model, tree);
      out.println();
      placement(out, roles.placement(), tree);
      out.println();
      probes(out, factory, model, tree, manager, input);
    }
    out.flush();
    return 0;
  }

  private Block newModel(ModelFactory factory) {
    try {
      return factory.create(inChannels, classes);
    } catch (ModelContractException e) {
      throw ModelOptions.contractError(spec, factory, e);
    }
  }

  /** Parameters per top-level role node, with its output shape where DJL can tell it. */
  private static void parameters(PrintWriter out, Block model, RoleTree tree) {
    List<RoleNode> top = tree.nodes().stream().filter(n -> !n.path().contains(".")).toList();
    long total = ParameterCount.of(model);
    int width = Math.max(9, top.stream().mapToInt(n -> n.path().length()).max().orElse(0));
    String row = "  %-" + width + "s  %-15s  %-14s  %,10d%n";
    out.println("Parameters (trainable; BatchNorm running statistics not counted)");
    out.printf(
        Locale.ROOT,
        "  %-" + width + "s  %-15s  %-14s  %10s%n",
        "component",
        "role",
        "output shape",
        "parameters");
    long listed = 0;
    for (RoleNode n : top) {
      long count = ParameterCount.of(n.block());
      listed += count;
      out.printf(Locale.ROOT, row, n.path(), n.role().label(), outputShape(n.block()), count);
    }
    if (total != listed) {
      out.printf(Locale.ROOT, row, "(other)", "unassigned", "", total - listed);
    }
    out.printf(Locale.ROOT, row, "total", "", "", total);
  }

  private static String outputShape(Block block) {
    try {
      Shape[] in = block.getInputShapes();
      if (in == null || in.length == 0) {
        return "?";
      }
      Shape[] shapes = block.getOutputShapes(in);
      return Arrays.stream(shapes)
          .map(InspectCommand::perSample)
          .collect(Collectors.joining(" + "));
    } catch (RuntimeException e) {
      return "?";
    }
  }

  private static String number(double x) {
    return x == 0 ? "0" : String.format(Locale.ROOT, "%.3g", x);
  }

  /**
   * @return a batch shape without its batch dimension, e.g. {@code 24x32x32}
   */
  static String perSample(Shape shape) {
    if (shape.dimension() <= 1) {
      return "1";
    }
    return Arrays.stream(shape.slice(1).getShape())
        .mapToObj(Long::toString)
        .collect(Collectors.joining("x"));
  }

  private static void placement(PrintWriter out, Placement placement, RoleTree tree) {
    out.println("Placement (found at compile time by the annotation processor)");
    if (placement.auxHeads().isEmpty()) {
      out.println("  no aux heads: LION-DG is plain He initialization on this model");
      return;
    }
    for (Placement.AuxHeadPlacement head : placement.auxHeads()) {
      String tap = head.tap().isEmpty() ? "no named tap" : "taps " + head.tap();
      String where =
          head.onResidualPath()
              ? "ON A RESIDUAL PATH: zero-init makes a gradient dead zone (Theorem 1); move it to a"
                  + " side tap"
                  + (head.suppressed() ? " (warning suppressed in the source)" : "")
              : "side tap: safe to zero-initialize";
      if (tree.absentAuxHeads().contains(head.path())) {
        where = "absent in this instance (the field is null: built without it)";
      }
      out.printf(Locale.ROOT, "  %s  %s  %s%n", head.path(), tap, where);
    }
    int bad = placement.onResidualPath().size();
    out.println(
        bad == 0
            ? "  all aux heads are side taps"
            : "  "
                + bad
                + " of "
                + placement.auxHeads().size()
                + " aux heads sit on a residual path");
  }

  private void probes(
      PrintWriter out,
      ModelFactory factory,
      Block model,
      RoleTree tree,
      NDManager manager,
      Shape input) {
    out.printf(Locale.ROOT, "Live checks (random batch of %d, seed %d)%n", PROBE_BATCH, seed);
    if (tree.auxHeads().isEmpty()) {
      out.println("  no aux heads to probe");
      return;
    }
    Engine.getInstance().setRandomSeed((int) seed);
    try (NDManager scope = manager.newSubManager()) {
      NDArray images = scope.randomNormal(input);
      List<PlacementProbe.Finding> findings = PlacementProbe.run(model, tree, images);
      boolean any = false;
      for (PlacementProbe.Finding f : findings) {
        any |= f.onMainPath();
        out.printf(
            Locale.ROOT,
            "  placement probe, He init: changing %s changes the main output:"
                + " %s (max |change| %s)%n",
            f.path(),
            f.onMainPath() ? "YES" : "no",
            number(f.maxAbsDifference()));
      }
      out.println(
          "  main output changes when aux heads change: "
              + (any
                  ? "yes (an aux head is on the main path)"
                  : "no (every aux head is a side tap)"));
    }
    try (NDManager scope = NDManager.newBaseManager(Device.cpu())) {
      Block fresh = newModel(factory);
      RoleTree freshTree = Roles.tree(fresh);
      Initialization.apply(fresh, Strategy.LION_DG, new InitOptions(scope, input, null, seed));
      NDArray images = scope.randomNormal(input);
      NDArray labels = scope.randomInteger(0, classes, new Shape(PROBE_BATCH), DataType.INT64);
      GradientDecoupling.Result r = GradientDecoupling.check(fresh, freshTree, images, labels, 0.3);
      out.printf(
          Locale.ROOT,
          "  gradient decoupling, LION-DG init: aux-loss gradient on the"
              + " backbone is %s (%d of %d backbone parameters non-zero, max |grad| %s)%n",
          r.decoupled() ? "exactly 0" : "NOT 0",
          r.nonZeroParameters(),
          r.parameters(),
          number(r.maxAbsGradient()));
    }
  }
}
