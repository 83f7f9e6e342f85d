package io.liondg.runtime.experiment;

import static io.liondg.runtime.experiment.Markdown.fixed;
import static io.liondg.runtime.experiment.Markdown.num;
import static io.liondg.runtime.experiment.Markdown.percent;
import static io.liondg.runtime.experiment.Markdown.row;

import io.liondg.runtime.results.RunConfig;
import io.liondg.runtime.results.RunResult;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The report's settings (read from the results; the learning rate marked as an assumption) and its
 * engine, device, code and data table.
 */
final class ReportSettings {

  private ReportSettings() {}

  static void settings(StringBuilder md, List<RunResult> runs) {
    md.append("## Settings\n\n");
    Map<String, List<RunResult>> byConfig =
        runs.stream()
            .collect(
                Collectors.groupingBy(
                    r -> Cell.settingsKey(r.config()), LinkedHashMap::new, Collectors.toList()));
    if (byConfig.size() > 1) {
      md.append(
          "The runs do not all share one configuration; each is listed with its runs."
              + " Strategies are only compared within one dataset and architecture, so check"
              + " that those share their settings.\n\n");
    }
    int index = 1;
    for (List<RunResult> group : byConfig.values()) {
      if (byConfig.size() > 1) {
        md.append("### Configuration ")
            .append(index++)
            .append(" (")
            .append(group.size())
            .append(" runs: ")
            .append(Report.describeGrid(group))
            .append(")\n\n");
      }
      settingsTable(md, group.get(0).config(), group);
    }
    md.append(
        "Definitions (the paper's Appendix A.2): *steps to target* is the first step at"
            + " which the main head's training accuracy, averaged over the last `window` batches,"
            + " reaches `target`; a run that never gets there is \"not reached\" and counts as"
            + " `max_steps` in means and tests. *Speedup* = (mean steps of he - mean steps of the"
            + " strategy) / mean steps of he x 100. *Val acc* is the main head's accuracy on the"
            + " test split at the end of training. p is the two-sided p of Welch's t-test"
            + " (unequal variances) against `he`; d is Cohen's d = (mean of the strategy - mean of"
            + " he) / pooled SD, pooled SD = sqrt(((n1-1) s1^2 + (n2-1) s2^2) / (n1+n2-2)); std"
            + " is the sample standard deviation (n-1). \"n/a\" marks a statistic that is"
            + " undefined (fewer than 2 runs on a side, or no variance at all).\n\n");
  }

  private static void settingsTable(StringBuilder md, RunConfig c, List<RunResult> runs) {
    md.append("| Setting | Value |\n|---|---|\n");
    row(md, "optimizer", "AdamW");
    row(
        md,
        "learning rate (`lr`)",
        num(c.lr())
            + " **(an assumption: the paper's learning"
            + " rate did not survive in its text; 1e-3 is the common AdamW default)**");
    row(md, "betas", num(c.beta1()) + ", " + num(c.beta2()));
    row(md, "weight decay", num(c.weightDecay()));
    row(md, "batch size", String.valueOf(c.batchSize()));
    row(md, "aux weight", num(c.auxWeight()));
    row(md, "max steps", String.valueOf(c.maxSteps()));
    row(
        md,
        "target",
        num(c.target()) + " (" + percent(c.target()) + " % running training accuracy)");
    row(md, "window", c.window() + " batches");
    row(md, "probe every", c.probeEvery() + " steps");
    row(md, "random horizontal flip", c.flip() ? "yes (p = 0.5)" : "no");
    if (c.imageSize() > 0) {
      row(md, "images resized to", c.imageSize() + " x " + c.imageSize() + " pixels (bilinear)");
    }
    row(
        md,
        "threads",
        runs.stream()
            .map(
                r ->
                    r.config().threads() == 0
                        ? "engine default"
                        : String.valueOf(r.config().threads()))
            .distinct()
            .collect(Collectors.joining(", ")));
    md.append('\n');
  }

  static void engine(StringBuilder md, List<RunResult> runs) {
    md.append("## Engine, device, code and data\n\n");
    md.append("| DJL | PyTorch | Device | Code | Data | Runs | Mean ms/step | Total wall time |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    Map<List<String>, List<RunResult>> byProvenance =
        runs.stream()
            .collect(
                Collectors.groupingBy(
                    ReportSettings::provenance,
                    () -> new TreeMap<>(Comparator.comparing(Object::toString)),
                    Collectors.toList()));
    byProvenance.forEach(
        (columns, group) -> {
          double ms = Statistics.mean(group.stream().mapToDouble(RunResult::msPerStep).toArray());
          double wall = group.stream().mapToDouble(RunResult::wallSeconds).sum();
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %d | %s | %s |%n",
                  String.join(" | ", columns),
                  group.size(),
                  fixed(ms, 1),
                  GridProgress.duration(wall)));
        });
    md.append('\n');
    long commits = runs.stream().map(RunResult::commit).filter(Objects::nonNull).distinct().count();
    if (commits > 1) {
      md.append("**These runs come from ")
          .append(commits)
          .append(
              " versions of the code.** A comparison is only fair between runs of one version:"
                  + " rerun the others from one commit (a `git worktree` pinned to it).\n\n");
    }
  }

  /** Engine, device, code and data of a run: the first five columns of its row. */
  private static List<String> provenance(RunResult r) {
    RunResult.EngineInfo e = r.engine();
    return List.of(
        e == null || e.djl() == null ? "?" : e.djl(),
        e == null || e.pytorch() == null ? "?" : e.pytorch(),
        e == null || e.device() == null ? "?" : e.device(),
        code(r),
        data(r));
  }

  /** The short commit (with {@code -dirty} kept), as {@code git log --oneline} shows it. */
  private static String code(RunResult r) {
    if (r.commit() == null) {
      return "unknown";
    }
    String dirty = r.commit().endsWith("-dirty") ? "-dirty" : "";
    String hash = r.commit().substring(0, r.commit().length() - dirty.length());
    return hash.substring(0, Math.min(7, hash.length())) + dirty;
  }

  /**
   * The data's form and file name: the full path is the machine's that ran it, not the report's.
   * Cut by hand, since that machine's path rules may not be this one's.
   */
  private static String data(RunResult r) {
    RunResult.DataSource d = r.data();
    if (d == null) {
      return "unknown";
    }
    if (d.path() == null) {
      return d.form();
    }
    String path = d.path().replaceAll("[/\\\\]+$", "");
    String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    return d.form() + ", `" + name + "`";
  }
}
