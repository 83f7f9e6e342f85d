package io.liondg.runtime.cli;

import io.liondg.runtime.data.DataException;
import io.liondg.runtime.run.StopRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the CLI reports what went wrong: one line on stderr, {@code lion-dg: <what was wrong>; <what
 * was expected>}, and an exit status:
 *
 * <ul>
 *   <li>{@value #USAGE}: bad command line (unknown flag or name, impossible value), found before
 *       any work starts;
 *   <li>{@value #FAILURE}: the work failed (missing or broken data, a file that cannot be written,
 *       no GPU, a cell of a grid that failed);
 *   <li>the same {@value #FAILURE} for a bug, whose line ends with "run with --stacktrace for
 *       details";
 *   <li>128 + the signal's number (130, 143) when Ctrl-C or SIGTERM stopped a run between steps
 *       ({@link StopSignals}).
 * </ul>
 *
 * <p>{@code --stacktrace} anywhere on the command line adds the full stack trace.
 */
final class Errors {

  /** Exit status of a bad command line. */
  static final int USAGE = 2;

  /** Exit status of failed work. */
  static final int FAILURE = 1;

  /** The global flag that adds stack traces. */
  static final String STACKTRACE = "--stacktrace";

  private Errors() {}

  /** Prints picocli's parse errors and the commands' validation errors as one line. */
  static final class Parameters implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      String message = parameterMessage(ex);
      String help = "'" + cmd.getCommandSpec().qualifiedName() + " --help'";
      err.println(
          "lion-dg: "
              + message
              + (message.endsWith("?") ? " (see " + help + ")" : "; see " + help));
      if (List.of(args).contains(STACKTRACE)) {
        ex.printStackTrace(err);
      }
      err.flush();
      return USAGE;
    }
  }

  /** Prints what a command threw as one line. */
  static final class Execution implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
      PrintWriter err = cmd.getErr();
      if (ex instanceof StopRequest.Stopped stopped) {
        err.println("lion-dg: " + stopped.getMessage() + "; " + stopped.outcome());
        err.flush();
        return stopped.exitStatus();
      }
      Throwable user = userFacing(ex);
      if (user != null) {
        err.println("lion-dg: " + message(user));
      } else {
        err.println(
            "lion-dg: internal error: "
                + oneLine(String.valueOf(ex))
                + "; run with --stacktrace for details");
      }
      if (stacktraceRequested(parsed)) {
        ex.printStackTrace(err);
      }
      err.flush();
      return FAILURE;
    }
  }

  static String parameterMessage(ParameterException ex) {
    String message = oneLine(ex.getMessage());
    if (ex.getCause() instanceof TypeConversionException conversion
        && ex.getArgSpec() instanceof OptionSpec option) {
      // picocli says "Invalid value for option '--arch': ..."; name the flag and the value.
      message = option.longestName() + ": " + oneLine(conversion.getMessage());
    } else if (ex instanceof UnmatchedArgumentException unmatched) {
      List<String> suggestions = unmatched.getSuggestions();
      List<String> args = unmatched.getUnmatched();
      if (unmatched.isUnknownOption() && !args.isEmpty()) {
        message = "unknown option '" + args.get(0) + "'";
      }
      if (!suggestions.isEmpty()) {
        message += "; did you mean " + String.join(" or ", suggestions) + "?";
      }
    }
    return lowerFirst(message);
  }

  /**
   * @param ex what a command threw
   * @return the exception whose message the user should see, or null if it is a bug
   */
  static Throwable userFacing(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof DataException || t instanceof UserException) {
        return t;
      }
    }
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof UncheckedIOException) {
        return t;
      }
    }
    return null;
  }

  private static String message(Throwable t) {
    if (t instanceof UncheckedIOException u && u.getCause() != null) {
      return describe(u.getCause());
    }
    if (t instanceof IOException io) {
      return describe(io);
    }
    return oneLine(t.getMessage());
  }

  /**
   * @param e an I/O error
   * @return one line saying what went wrong with which file (the JDK's file-system errors carry
   *     only the path as their message)
   */
  static String describe(IOException e) {
    if (e instanceof FileSystemException fs) {
      String file = fs.getFile();
      String reason = fs.getReason();
      String what;
      if (e instanceof NoSuchFileException) {
        what = "no such file or folder";
      } else if (e instanceof AccessDeniedException) {
        what = "permission denied";
      } else if (e instanceof FileAlreadyExistsException) {
        what = "already exists";
      } else if (e instanceof NotDirectoryException) {
        what = "not a folder";
      } else if (e instanceof DirectoryNotEmptyException) {
        what = "folder not empty";
      } else {
        what = reason == null ? "file system error" : reason;
      }
      return (file == null ? "" : file + ": ")
          + what
          + (fs.getOtherFile() == null ? "" : " (" + fs.getOtherFile() + ")");
    }
    return oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
  }

  /**
   * @param e an error that escaped a command
   * @return one line: what happened, and what to do about it
   */
  static String describeError(Error e) {
    if (e instanceof OutOfMemoryError) {
      return "out of memory ("
          + oneLine(String.valueOf(e))
          + "); expected more heap for the"
          + " JVM: e.g. JAVA_OPTS=-Xmx8g (now "
          + Runtime.getRuntime().maxMemory() / (1 << 20)
          + " MiB), or a smaller --batch-size";
    }
    if (e instanceof LinkageError) {
      return "a library could not be loaded ("
          + oneLine(String.valueOf(e))
          + "); expected"
          + " the PyTorch natives of runtime/cli/target/lib (rebuild with ./mvnw install); run with"
          + " --stacktrace for details";
    }
    return "internal error: "
        + oneLine(String.valueOf(e))
        + "; run with --stacktrace for"
        + " details";
  }

  private static boolean stacktraceRequested(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
      if (p.hasMatchedOption(STACKTRACE)) {
        return true;
      }
    }
    return false;
  }

  static String oneLine(String text) {
    if (text == null || text.isBlank()) {
      return "(no message)";
    }
    return text.strip()
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .reduce((a, b) -> a + " " + b)
        .orElse(text.strip());
  }

  private static String lowerFirst(String s) {
    if (s.length() > 1
        && Character.isUpperCase(s.charAt(0))
        && !Character.isUpperCase(s.charAt(1))) {
      return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
    return s;
  }
}
