package io.liondg.runtime.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in this JVM and captures what it prints. */
final class Cli {

  private Cli() {}

  /**
   * @param status exit status
   * @param out what went to stdout
   * @param err what went to stderr
   */
  record Run(int status, String out, String err) {
    /**
     * @return stderr's lines without blank ones
     */
    java.util.List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int status = cmd.execute(args);
    return new Run(status, out.toString(), err.toString());
  }
}
