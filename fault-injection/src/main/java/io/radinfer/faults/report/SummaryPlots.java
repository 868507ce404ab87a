package io.radinfer.faults.report;

import io.radinfer.faults.campaign.Outcome;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The campaign's PNG plots (XChart): outcome shares per target and per layer as stacked bars, and the SDC rate
 * by bit position with its 95% interval as whiskers.
 */
public final class SummaryPlots {
    /** File name of the per-target plot. */
    public static final String BY_TARGET = "outcomes_by_target.png";
    /** File name of the per-layer plot. */
    public static final String BY_LAYER = "outcomes_by_layer.png";
    /** File name of the SDC-by-bit plot. */
    public static final String SDC_BY_BIT = "sdc_rate_by_bit.png";

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    /** One colour per outcome, in {@link Outcome} order, chosen to stay distinct for colour-blind readers. */
    private static final Color[] OUTCOME_COLORS = {
            new Color(0x9E9E9E), new Color(0xD55E00), new Color(0x009E73), new Color(0x0072B2),
            new Color(0xCC79A7), new Color(0xE69F00)};

    private SummaryPlots() {
    }

    /** Writes the three plots into {@code dir}. */
    public static void write(CampaignSummary s, Path dir) throws IOException {
        save(stackedShares("Outcome shares by target", "target", s.byTarget()), dir.resolve(BY_TARGET));
        save(stackedShares("Outcome shares by layer", "layer", s.byLayer()), dir.resolve(BY_LAYER));
        save(sdcByBit(s.byBit()), dir.resolve(SDC_BY_BIT));
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static CategoryChart stackedShares(String title, String axis, Map<String, Breakdown> rows) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(axis).yAxisTitle("share of injections (%)").build();
        style(chart.getStyler());
        chart.getStyler().setStacked(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setOverlapped(false);
        List<String> names = new ArrayList<>(rows.keySet());
        for (Outcome o : Outcome.values()) {
            List<Double> shares = new ArrayList<>();
            for (Breakdown b : rows.values()) {
                shares.add(100.0 * b.count(o) / b.injections());
            }
            chart.addSeries(o.jsonName(), names, shares).setFillColor(OUTCOME_COLORS[o.ordinal()]);
        }
        return chart;
    }

    static XYChart sdcByBit(Map<String, Breakdown> byBit) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("SDC rate by bit position (95% CI)")
                .xAxisTitle("bit position in element").yAxisTitle("SDC rate (%)").build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("0");
        List<Double> bits = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        Color whisker = new Color(0x0072B2);
        int i = 0;
        for (Map.Entry<String, Breakdown> e : byBit.entrySet()) {
            double bit = Double.parseDouble(e.getKey());
            Breakdown b = e.getValue();
            bits.add(bit);
            rates.add(100 * b.sdcRate());
            // XChart's error bars are symmetric; Wilson intervals are not, so each interval is its own segment.
            XYSeries ci = chart.addSeries("ci " + i++, new double[] {bit, bit},
                    new double[] {100 * b.sdcCi95()[0], 100 * b.sdcCi95()[1]});
            ci.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            ci.setMarker(SeriesMarkers.NONE);
            ci.setLineColor(whisker);
            ci.setLineStyle(new BasicStroke(1.5f));
            ci.setShowInLegend(false);
        }
        XYSeries rate = chart.addSeries("SDC rate", bits, rates);
        rate.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        rate.setMarker(SeriesMarkers.CIRCLE);
        rate.setMarkerColor(new Color(0xD55E00));
        return chart;
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setAntiAlias(true);
    }
}
