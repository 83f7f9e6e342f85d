package io.liondg.runtime.experiment;

import io.liondg.runtime.experiment.Statistics.Comparison;
import io.liondg.runtime.experiment.Statistics.StrategyStats;
import java.math.BigDecimal;
import java.util.Locale;

/** How reports write numbers and table rows in Markdown. */
final class Markdown {

  private Markdown() {}

  static void row(StringBuilder md, String name, String value) {
    md.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  static String flag(StrategyStats s) {
    return s.notReached() > 0 ? " ⚑" : "";
  }

  /** Shortest form that reads back as the same double, e.g. 0.001, 0.05, 3.0E-4. */
  static String num(double x) {
    return Double.toString(x);
  }

  static String fixed(double x, int decimals) {
    return Double.isFinite(x) ? String.format(Locale.ROOT, "%." + decimals + "f", x) : "n/a";
  }

  static String signed(double x, int decimals) {
    return Double.isFinite(x) ? String.format(Locale.ROOT, "%+." + decimals + "f", x) : "n/a";
  }

  /** Three significant digits; an exact 0 stays "0", as Proposition 1 predicts it. */
  static String sci(double x) {
    if (x == 0) {
      return "0";
    }
    return Double.isFinite(x) ? String.format(Locale.ROOT, "%.3g", x) : "n/a";
  }

  /** A fraction as a percentage without trailing zeros: 0.7 gives 70, 0.925 gives 92.5. */
  static String percent(double fraction) {
    return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString();
  }

  static String pm(double mean, double std, int decimals) {
    if (!Double.isFinite(mean)) {
      return "n/a";
    }
    return fixed(mean, decimals) + " ± " + fixed(std, decimals);
  }

  static String p(Comparison c) {
    double p = c.p();
    if (!Double.isFinite(p)) {
      return "n/a";
    }
    return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  static String d(Comparison c) {
    return signed(c.d(), 2);
  }
}
