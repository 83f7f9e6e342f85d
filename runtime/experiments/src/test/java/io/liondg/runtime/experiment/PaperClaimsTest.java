package io.liondg.runtime.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liondg.runtime.experiment.Statistics.Interval;
import io.liondg.runtime.results.RunResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperClaimsTest {

  @Test
  void theVerdictFollowsTheIntervalAgainstNoEffectAndThePapersEffect() {
    double paper = 8.3;
    assertEquals("**reproduced**", PaperClaims.effectVerdict(new Interval(2, 12), paper, 3));
    assertEquals(
        "**reproduced**, smaller", PaperClaims.effectVerdict(new Interval(1, 4), paper, 3));
    assertEquals(
        "**reproduced**, larger", PaperClaims.effectVerdict(new Interval(9, 20), paper, 3));
    assertEquals("**not reproduced**", PaperClaims.effectVerdict(new Interval(-6, 5), paper, 3));
    assertEquals("**not reproduced**", PaperClaims.effectVerdict(new Interval(-9, -2), paper, 3));
    assertEquals(
        "inconclusive at 3 seeds", PaperClaims.effectVerdict(new Interval(-14, 12), paper, 3));
    assertEquals(
        "n/a (needs 2 seeds a side)", PaperClaims.effectVerdict(Interval.UNDEFINED, paper, 1));
  }

  @Test
  void reportsAVerdictPerClaimTheRunsCanTest() {
    List<RunResult> runs = new ArrayList<>();
    int[] heSteps = {1900, 1870, 1880};
    int[] lionSteps = {1700, 1690, 1720}; // clearly faster: +9.6 %
    int[] fixupSteps = {1905, 1860, 1890}; // no faster
    long[] seeds = {42, 123, 456};
    for (int i = 0; i < 3; i++) {
      runs.add(run("he", seeds[i], heSteps[i], 0.70 + 0.01 * i));
      runs.add(run("lion-dg", seeds[i], lionSteps[i], 0.69 + 0.01 * i));
      runs.add(run("fixup", seeds[i], fixupSteps[i], 0.70));
      runs.add(run("hybrid", seeds[i], 1880 - i, 0.65 + 0.03 * i));
    }
    StringBuilder md = new StringBuilder();
    PaperClaims.render(md, Statistics.compare(runs), runs);
    String out = md.toString();

    assertTrue(out.startsWith("## The paper's claims: verdicts"), out);
    assertTrue(
        out.contains(
            "| `lion-dg` converges faster than `he` on cifar10 densenet-ds | +8.3 % | +9.6 % ("),
        out);
    assertTrue(
        out.lines()
            .anyMatch(
                l -> l.startsWith("| `lion-dg` converges") && l.endsWith("| 3 | **reproduced** |")),
        out);
    assertTrue(
        out.lines()
            .anyMatch(
                l ->
                    l.startsWith("| `fixup` is no faster than `he`")
                        && l.endsWith("| 3 | **reproduced** |")),
        out);
    assertTrue(
        out.contains("(the paper's most accurate; here the highest mean is `he`) | +0.81 pp |"),
        out);
    // Every run of a strategy that zeroes the aux heads starts at exactly 0 (the fixtures do).
    assertTrue(out.contains("| 6 of 6 runs exactly 0 | — | **reproduced** |"), out);
  }

  @Test
  void saysNothingForRunsThatTestNoneOfTheClaims() {
    List<RunResult> runs =
        List.of(
            Fixtures.result(Fixtures.cell("he", 42)), Fixtures.result(Fixtures.cell("lsuv", 42)));
    StringBuilder md = new StringBuilder();
    PaperClaims.render(md, Statistics.compare(runs), runs);
    assertFalse(md.toString().contains("claims"), md.toString());
  }

  private static RunResult run(String init, long seed, int steps, double valAcc) {
    Cell cell = new Cell("cifar10", "densenet-ds", init, seed, Fixtures.CONFIG);
    return Fixtures.withOutcome(Fixtures.result(cell), steps, valAcc);
  }
}
