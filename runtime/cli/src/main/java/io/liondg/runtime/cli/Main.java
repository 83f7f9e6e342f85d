package io.liondg.runtime.cli;

import io.liondg.runtime.data.Datasets;
import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.Architecture;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code lion-dg} command line: {@code train}, {@code grid}, {@code report}, {@code inspect},
 * {@code bench} and {@code demo}.
 *
 * <p>Errors are one line on stderr, {@code lion-dg: <what was wrong>; <what was expected>}, with
 * exit status 2 for a bad command line and 1 for failed work ({@link Errors}); {@code --stacktrace}
 * adds the stack trace. Results go to stdout or to files written atomically; progress and summaries
 * go to stderr when stdout carries a result.
 */
@Command(
    name = "lion-dg",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Role-aware initialization (LION-DG) for deeply-supervised networks on DJL:"
          + " train, compare strategies over a grid, report, inspect models, time steps.",
      "Start with: lion-dg demo"
    },
    subcommands = {
      DemoCommand.class,
      TrainCommand.class,
      GridCommand.class,
      ReportCommand.class,
      InspectCommand.class,
      BenchCommand.class,
      HelpCommand.class
    },
    commandListHeading = "%nCommands:%n",
    footerHeading = "%n",
    footer = "Exit status: 0 done, 1 the work failed, 2 bad command line.")
public final class Main implements Callable<Integer> {

  /** slf4j-simple's level: DJL's INFO lines ("Number of intra-op threads ...") stay quiet. */
  static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

  /**
   * DJL's CUDA probe warns on every start where a CUDA runtime meets an older driver; the CPU is
   * used then, and {@code --device gpu} says so itself.
   */
  static final String CUDA_LOG_PROPERTY = "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils";

  @Spec CommandSpec spec;

  @Option(
      names = Errors.STACKTRACE,
      scope = ScopeType.INHERIT,
      description = "On an error, print the full stack trace too.")
  boolean stacktrace;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "lion-dg: no command given; expected one of demo, train, grid, report, inspect,"
            + " bench (see 'lion-dg --help')");
    err.flush();
    return Errors.USAGE;
  }

  /**
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the CLI in this JVM without exiting it.
   *
   * @param args the command line
   * @return the exit status
   */
  public static int execute(String... args) {
    CommandLine cmd = commandLine();
    try {
      return cmd.execute(args);
    } catch (Error e) {
      // picocli hands Exceptions to Errors.Execution; an Error (out of memory, a native
      // library that does not load) would otherwise end the JVM with a bare stack trace.
      PrintWriter err = cmd.getErr();
      err.println("lion-dg: " + Errors.describeError(e));
      if (List.of(args).contains(Errors.STACKTRACE)) {
        e.printStackTrace(err);
      }
      err.flush();
      return Errors.FAILURE;
    }
  }

  /**
   * @return the configured command line, for {@link #execute} and tests
   */
  public static CommandLine commandLine() {
    if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
      System.setProperty(LOG_LEVEL_PROPERTY, "warn");
    }
    if (System.getProperty(CUDA_LOG_PROPERTY) == null) {
      System.setProperty(CUDA_LOG_PROPERTY, "error");
    }
    CommandLine cmd = new CommandLine(new Main());
    // The names come from their registries; an annotation can only hold constants.
    cmd.getCommandSpec()
        .usageMessage()
        .footer(
            Stream.concat(
                    Stream.of(namesLine()),
                    Arrays.stream(cmd.getCommandSpec().usageMessage().footer()))
                .toArray(String[]::new));
    cmd.setParameterExceptionHandler(new Errors.Parameters());
    cmd.setExecutionExceptionHandler(new Errors.Execution());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    // The last of a repeated flag wins, as in most CLIs (scripts append overrides).
    cmd.setOverwrittenOptionsAllowed(true);
    return cmd;
  }

  /**
   * @return the footer line naming every dataset, architecture and strategy
   */
  static String namesLine() {
    return "Names: datasets "
        + String.join(", ", Datasets.NAMES)
        + "; archs "
        + Architecture.names()
        + "; inits "
        + Strategy.names()
        + ".";
  }

  /**
   * The product's version: {@code -Dlion-dg.version} (the launcher reads it from the POM), else the
   * jar's manifest or Maven properties; plus the DJL and Java versions.
   */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "lion-dg " + version(),
        "DJL "
            + ai.djl.engine.Engine.getDjlVersion()
            + " (PyTorch engine), Java "
            + System.getProperty("java.version")
      };
    }

    static String version() {
      String v = System.getProperty("lion-dg.version");
      if (v == null) {
        v = Main.class.getPackage().getImplementationVersion();
      }
      if (v == null) {
        try (InputStream in =
            Main.class.getResourceAsStream(
                "/META-INF/maven/io.liondg/lion-dg-runtime/pom.properties")) {
          if (in != null) {
            Properties p = new Properties();
            p.load(in);
            v = p.getProperty("version");
          }
        } catch (IOException e) {
          // fall through
        }
      }
      return v == null ? "(development build)" : v;
    }
  }
}
