package io.liondg.runtime.experiment;

import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.results.RunResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's PNG plots, with XChart, three per dataset and architecture:
 *
 * <ul>
 *   <li>{@code accuracy_<dataset>_<arch>.png}: running main-head training accuracy against step per
 *       strategy, mean over seeds with a +- 1 std band, and the target as a dashed line;
 *   <li>{@code aux_grad_ratio_<dataset>_<arch>.png}: the aux gradient ratio on the backbone against
 *       step per strategy, mean +- std (the paper's Figure 1, right): Proposition 1 says it starts
 *       at exactly 0 under LION-DG;
 *   <li>{@code aux_weight_norm_<dataset>_<arch>.png}: the aux heads' weight norm (mean over heads
 *       and seeds) against step per strategy, with a least-squares line over the first 20 % of
 *       probes drawn dashed and its slope in the legend (Proposition 2: linear growth from zero).
 * </ul>
 *
 * <p>A plot whose data no run recorded (no awakening probes, say) is not written.
 */
public final class Plots {

  static {
    // Before any AWT class loads: reports are made on servers and in CI with no display.
    System.setProperty("java.awt.headless", "true");
  }

  /** Width of every plot in pixels. */
  public static final int WIDTH = 960;

  /** Height of every plot in pixels. */
  public static final int HEIGHT = 600;

  /**
   * One colour per built-in strategy, in the order of {@link Strategy#builtIns()}, the same in
   * every plot (the tab10 palette): he blue, xavier orange, lion-dg red, lsuv green, hybrid purple,
   * fixup brown, rezero pink.
   */
  private static final List<Color> PALETTE =
      List.of(
          new Color(31, 119, 180),
          new Color(255, 127, 14),
          new Color(214, 39, 40),
          new Color(44, 160, 44),
          new Color(148, 103, 189),
          new Color(140, 86, 75),
          new Color(227, 119, 194));

  private static final Color[] OTHERS = {
    new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)
  };

  private Plots() {}

  /**
   * @param kind {@code accuracy}, {@code aux_grad_ratio} or {@code aux_weight_norm}
   * @param dataset dataset name
   * @param arch architecture name
   * @return the plot's file name, e.g. {@code accuracy_fashion-mnist_densenet-ds.png}
   */
  public static String fileName(String kind, String dataset, String arch) {
    return kind + "_" + safe(dataset) + "_" + safe(arch) + ".png";
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9.-]", "-");
  }

  /**
   * Writes every plot of a grid.
   *
   * @param results the grid's runs (one per cell)
   * @param outDir where the PNG files go (must exist)
   * @return the files written, per dataset and architecture in report order
   * @throws IOException if a file cannot be written
   */
  public static List<Path> write(List<RunResult> results, Path outDir) throws IOException {
    List<Path> written = new ArrayList<>();
    for (var byDataset : grouped(results).entrySet()) {
      for (var byArch : byDataset.getValue().entrySet()) {
        String dataset = byDataset.getKey();
        String arch = byArch.getKey();
        Map<String, List<RunResult>> byInit = byArch.getValue();
        addIfWritten(written, accuracy(dataset, arch, byInit, outDir));
        addIfWritten(written, auxGradRatio(dataset, arch, byInit, outDir));
        addIfWritten(written, auxWeightNorm(dataset, arch, byInit, outDir));
      }
    }
    return written;
  }

  private static void addIfWritten(List<Path> written, Path file) {
    if (file != null) {
      written.add(file);
    }
  }

  /** dataset -> arch -> init -> runs, in report order. */
  static Map<String, Map<String, Map<String, List<RunResult>>>> grouped(List<RunResult> results) {
    return results.stream()
        .collect(
            Collectors.groupingBy(
                RunResult::dataset,
                () -> new TreeMap<>(Names.DATASET_ORDER),
                Collectors.groupingBy(
                    RunResult::arch,
                    () -> new TreeMap<>(Names.ARCH_ORDER),
                    Collectors.groupingBy(
                        RunResult::init,
                        () -> new TreeMap<>(Names.INIT_ORDER),
                        Collectors.toList()))));
  }

  private static Path accuracy(
      String dataset, String arch, Map<String, List<RunResult>> byInit, Path outDir)
      throws IOException {
    XYChart chart =
        chart(
            "Running training accuracy: " + dataset + ", " + arch + " (mean +- std over seeds)",
            "step",
            "running main-head train accuracy (%)");
    boolean any = false;
    double maxStep = 0;
    for (Map.Entry<String, List<RunResult>> e : byInit.entrySet()) {
      Curves.Band band = Curves.accuracyPercent(e.getValue());
      if (!band.isEmpty()) {
        addBand(chart, e.getKey(), band, 0, 100);
        maxStep = Math.max(maxStep, band.steps()[band.steps().length - 1]);
        any = true;
      }
    }
    if (!any) {
      return null;
    }
    double target = 100 * byInit.values().iterator().next().get(0).config().target();
    XYSeries line =
        chart.addSeries(
            String.format(Locale.ROOT, "target %.0f %%", target),
            new double[] {0, maxStep},
            new double[] {target, target});
    line.setLineColor(Color.DARK_GRAY);
    line.setLineStyle(SeriesLines.DASH_DASH);
    line.setMarker(SeriesMarkers.NONE);
    return save(chart, outDir.resolve(fileName("accuracy", dataset, arch)));
  }

  private static Path auxGradRatio(
      String dataset, String arch, Map<String, List<RunResult>> byInit, Path outDir)
      throws IOException {
    XYChart chart =
        chart(
            "Aux gradient ratio on the backbone: "
                + dataset
                + ", "
                + arch
                + " (mean +- std over seeds)",
            "step",
            "||grad of weighted aux losses|| / ||grad of main loss||");
    boolean any = false;
    for (Map.Entry<String, List<RunResult>> e : byInit.entrySet()) {
      Curves.Band band = Curves.auxGradRatio(e.getValue());
      if (!band.isEmpty()) {
        addBand(chart, e.getKey(), band, 0, Double.POSITIVE_INFINITY);
        any = true;
      }
    }
    return any ? save(chart, outDir.resolve(fileName("aux_grad_ratio", dataset, arch))) : null;
  }

  private static Path auxWeightNorm(
      String dataset, String arch, Map<String, List<RunResult>> byInit, Path outDir)
      throws IOException {
    XYChart chart =
        chart(
            "Aux head weight norm: "
                + dataset
                + ", "
                + arch
                + " (dashed: linear fit, first 20 % of probes)",
            "step",
            "aux head weight L2 norm (mean over heads and seeds)",
            true);
    boolean any = false;
    for (Map.Entry<String, List<RunResult>> e : byInit.entrySet()) {
      String init = e.getKey();
      Curves.Band band = Curves.auxWeightNorm(e.getValue());
      if (band.isEmpty()) {
        continue;
      }
      any = true;
      addLine(chart, init, band.steps(), band.mean(), color(init));
      Curves.LinearFit fit = Curves.earlyFit(band);
      if (fit != null) {
        XYSeries fitted =
            chart.addSeries(
                String.format(
                    Locale.ROOT, "%s fit: %.3g/step, R^2 %.2f", init, fit.slope(), fit.r2()),
                new double[] {fit.fromStep(), fit.toStep()},
                new double[] {fit.at(fit.fromStep()), fit.at(fit.toStep())});
        fitted.setLineColor(color(init).darker());
        fitted.setLineStyle(
            new BasicStroke(
                2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
        fitted.setMarker(SeriesMarkers.NONE);
      }
    }
    return any ? save(chart, outDir.resolve(fileName("aux_weight_norm", dataset, arch))) : null;
  }

  private static XYChart chart(String title, String xTitle, String yTitle) {
    return chart(title, xTitle, yTitle, false);
  }

  /**
   * @param sideLegend a legend right of the plot, one entry a line, for long entries that would run
   *     off a legend below it
   */
  private static XYChart chart(String title, String xTitle, String yTitle, boolean sideLegend) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    XYStyler styler = chart.getStyler();
    styler.setLegendPosition(sideLegend ? LegendPosition.OutsideE : LegendPosition.OutsideS);
    styler.setLegendLayout(sideLegend ? LegendLayout.Vertical : LegendLayout.Horizontal);
    styler.setYAxisDecimalPattern("#,##0.###");
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(225, 225, 225));
    styler.setMarkerSize(0);
    styler.setAntiAlias(true);
    styler.setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    return chart;
  }

  /**
   * A mean line with a translucent +- std band behind it (a closed polygon), the band clipped to
   * the values the quantity can take (an accuracy band above 100 % would mislead).
   */
  private static void addBand(
      XYChart chart, String init, Curves.Band band, double min, double max) {
    Color color = color(init);
    int size = band.steps().length;
    boolean spread = false;
    for (double s : band.std()) {
      spread |= s > 0;
    }
    if (spread && size > 1) {
      double[] x = new double[2 * size];
      double[] y = new double[2 * size];
      for (int i = 0; i < size; i++) {
        x[i] = band.steps()[i];
        y[i] = Math.min(max, band.mean()[i] + band.std()[i]);
        x[2 * size - 1 - i] = band.steps()[i];
        y[2 * size - 1 - i] = Math.max(min, band.mean()[i] - band.std()[i]);
      }
      XYSeries area = chart.addSeries(init + " +- std", x, y);
      area.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
      area.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
      area.setLineColor(new Color(0, 0, 0, 0));
      area.setMarker(SeriesMarkers.NONE);
      area.setShowInLegend(false);
    }
    addLine(chart, init + " (n=" + band.runs() + ")", band.steps(), band.mean(), color);
  }

  private static void addLine(XYChart chart, String name, double[] x, double[] y, Color color) {
    XYSeries line = chart.addSeries(name, x, y);
    line.setLineColor(color);
    line.setLineWidth(2f);
    line.setMarker(SeriesMarkers.NONE);
  }

  private static Color color(String init) {
    int i = Names.INITS.indexOf(init);
    return i >= 0 && i < PALETTE.size()
        ? PALETTE.get(i)
        : OTHERS[Math.floorMod(init.hashCode(), OTHERS.length)];
  }

  /** Writes next to the target and moves into place, so no half-written PNG is left. */
  private static Path save(XYChart chart, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }
}
