package io.liondg.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The {@code ./lion-dg} launcher at the repository root (two folders above this module). */
class LauncherTest {

  private static Path launcher() {
    Path script = Path.of("").toAbsolutePath().getParent().getParent().resolve("lion-dg");
    Assumptions.assumeTrue(Files.isRegularFile(script), "run from runtime/cli");
    return script;
  }

  @Test
  void isAnExecutableBashScriptThatParses() throws Exception {
    Path script = launcher();
    assertTrue(Files.isExecutable(script), "chmod +x lion-dg");
    assertTrue(Files.readString(script).startsWith("#!/usr/bin/env bash\n"));
    Process check =
        new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
    String output = new String(check.getInputStream().readAllBytes());
    assertEquals(0, check.waitFor(), output);
  }

  @Test
  void setsWhatDesignAsksFor() throws Exception {
    String text = Files.readString(launcher());
    // DESIGN's allocator setting, plus one arena (see the launcher's comment).
    assertTrue(
        text.contains(
            "GLIBC_TUNABLES=\"glibc.malloc.mmap_max=0:glibc.malloc"
                + ".trim_threshold=4294967296:glibc.malloc.arena_max=1\""));
    assertTrue(text.contains("-Dai.djl.offline=true"));
    assertTrue(text.contains("LION_DG_ONLINE"));
    assertTrue(text.contains("-Djava.awt.headless=true"));
    assertTrue(text.contains("runtime/cli/target/classes"));
    assertTrue(text.contains("io.liondg.runtime.cli.Main"));
  }
}
