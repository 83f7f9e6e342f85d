package io.liondg.runtime.cli;

import io.liondg.runtime.experiment.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lion-dg report}: {@code report.md} and PNG plots from a grid's results. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Write report.md and PNG plots from a grid's results.",
    usageHelpAutoWidth = true,
    description = {
      "Write report.md (the paper's Tables 1, 2 and 6, Welch's t-test p-values and Cohen's d"
          + " against He, the awakening numbers, the settings used) and PNG plots (training"
          + " accuracy, aux gradient ratio, aux weight norm against step) from"
          + " DIR/results.jsonl."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:written",
      "1:no results, or a file cannot be read or written",
      "2:bad command line"
    })
final class ReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--in",
      paramLabel = "DIR",
      required = true,
      description = "A grid's results folder (holding results.jsonl).")
  Path in;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where report.md and the plots go. Default: the --in folder.")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (Files.isRegularFile(in)) {
      Path parent = in.toAbsolutePath().getParent();
      throw new ParameterException(
          spec.commandLine(),
          "--in "
              + in
              + " is a file, not a"
              + " folder; expected the grid's results folder that holds results.jsonl"
              + (in.getFileName().toString().equals("results.jsonl")
                  ? " (here: --in " + parent + ")"
                  : ""));
    }
    if (out != null && Files.isRegularFile(out)) {
      throw new ParameterException(
          spec.commandLine(),
          "--out "
              + out
              + " is a file, not a"
              + " folder; expected the folder for report.md and the plots");
    }
    Path target = out == null ? in : out;
    Report.Written written = Report.write(in, target);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf("report of %d runs: %s%n", written.runs(), written.report());
    for (Path plot : written.plots()) {
      stdout.println("plot: " + plot);
    }
    stdout.flush();
    return 0;
  }
}
