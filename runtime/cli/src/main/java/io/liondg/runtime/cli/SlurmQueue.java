package io.liondg.runtime.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.liondg.runtime.experiment.GridStatus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Asks {@code squeue} which array tasks are still queued or running, for {@code lion-dg grid
 * --status}: {@code squeue -h -r -j JOB -o "%i %T"}, one job at a time (a job Slurm has forgotten
 * makes squeue fail with "Invalid job id", which means: none of its tasks is queued any more).
 */
final class SlurmQueue implements GridStatus.Queue {

  private static final long TIMEOUT_SECONDS = 20;

  @Override
  public Optional<Map<String, String>> tasks(Set<String> jobIds) {
    Map<String, String> tasks = new LinkedHashMap<>();
    for (String job : jobIds) {
      if (!job.matches("[0-9]+")) {
        continue; // "local": the script was run by hand, not by Slurm
      }
      Optional<String> listing = squeue(job);
      if (listing.isEmpty()) {
        return Optional.empty();
      }
      for (String line : listing.get().split("\n")) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length == 2) {
          tasks.put(fields[0], fields[1]);
        }
      }
    }
    return Optional.of(tasks);
  }

  /**
   * @return squeue's lines for {@code job}, "" if it knows no such job, empty if it failed
   */
  private static Optional<String> squeue(String job) {
    try {
      Process p =
          new ProcessBuilder(List.of("squeue", "-h", "-r", "-j", job, "-o", "%i %T"))
              .redirectErrorStream(true)
              .start();
      p.getOutputStream().close();
      byte[] bytes = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      String output = new String(bytes, UTF_8);
      if (p.exitValue() == 0) {
        return Optional.of(output);
      }
      return output.contains("Invalid job id") ? Optional.of("") : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // no squeue on this machine
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
