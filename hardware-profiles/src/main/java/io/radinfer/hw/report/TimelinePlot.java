package io.radinfer.hw.report;

import io.radinfer.hw.sim.SimulationConfig;
import io.radinfer.hw.sim.SimulationResult;
import io.radinfer.hw.sim.SimulationSummary;
import io.radinfer.hw.sim.TimelineSample;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Draws {@code timeline.png}: five stacked panels over a shared time axis — board power against the cap,
 * junction and sink temperature against the limit and the first throttle trip, tokens/s, the battery's
 * state of charge against its floor, and the operating point the governor chose (duty cycle, clock,
 * threads, offload, as shares of their maximum) — with eclipses shaded grey and SAA passes shaded red in
 * every panel, and a title with the run's headline figures.
 */
public final class TimelinePlot {
    private static final int WIDTH = 1400;
    private static final int PANEL_HEIGHT = 330;
    private static final int HEADER_HEIGHT = 70;
    private static final int MAX_POINTS = 3000;
    private static final Color ECLIPSE = new Color(60, 60, 90, 45);
    private static final Color SAA = new Color(220, 40, 40, 40);
    private static final Color MAIN = new Color(31, 119, 180);
    private static final Color SECOND = new Color(255, 127, 14);
    private static final Color LIMIT = new Color(200, 30, 30);
    private static final Color TRIP = new Color(150, 150, 150);

    private TimelinePlot() {
    }

    /** Renders the plot as an image. */
    public static BufferedImage render(SimulationResult r) {
        List<TimelineSample> all = r.timeline();
        int stride = Math.max(1, (int) Math.ceil(all.size() / (double) MAX_POINTS));
        List<TimelineSample> s = stride == 1 ? all : sample(all, stride);
        SimulationConfig c = r.config();
        boolean hours = c.durationS() > 6 * 3600;
        double unit = hours ? 3600 : 60;
        String xTitle = hours ? "time (h)" : "time (min)";
        double[] x = s.stream().mapToDouble(t -> t.timeS() / unit).toArray();

        XYChart power = panel("Board power (W)", xTitle);
        double capW = c.budget().powerCapW();
        double pMax = Math.max(capW, max(s, TimelineSample::powerW)) * 1.15;
        shade(power, x, s, pMax);
        line(power, "board power", x, values(s, TimelineSample::powerW), MAIN, false);
        line(power, String.format(Locale.ROOT, "power cap %.1f W", capW), x, constant(x.length, capW), LIMIT, true);
        power.getStyler().setYAxisMin(0.0).setYAxisMax(pMax);

        XYChart temp = panel("Temperature (°C)", xTitle);
        double limit = c.budget().temperatureLimitC();
        double trip = c.profile().thermal().throttleTripsC().getFirst().value();
        double tLow = Math.min(min(s, TimelineSample::sinkTemperatureC), min(s, TimelineSample::temperatureC)) - 5;
        double tHigh = Math.max(Math.max(limit, max(s, TimelineSample::temperatureC)), trip) + 5;
        shade(temp, x, s, tHigh);
        line(temp, "junction", x, values(s, TimelineSample::temperatureC), MAIN, false);
        line(temp, "baseplate (sink)", x, values(s, TimelineSample::sinkTemperatureC), SECOND, false);
        line(temp, String.format(Locale.ROOT, "limit %.0f °C", limit), x, constant(x.length, limit), LIMIT, true);
        XYSeries tripLine = line(temp, String.format(Locale.ROOT, "throttle trip %.0f °C", trip), x,
                constant(x.length, trip), TRIP, true);
        tripLine.setLineStyle(SeriesLines.DOT_DOT);
        temp.getStyler().setYAxisMin(tLow).setYAxisMax(tHigh);

        XYChart rate = panel("Throughput (tokens/s)", xTitle);
        double rMax = Math.max(1e-9, max(s, TimelineSample::tokensPerSecond)) * 1.15;
        shade(rate, x, s, rMax);
        line(rate, "tokens/s", x, values(s, TimelineSample::tokensPerSecond), MAIN, false);
        rate.getStyler().setYAxisMin(0.0).setYAxisMax(rMax);

        XYChart soc = panel("Battery state of charge (%)", xTitle);
        shade(soc, x, s, 100);
        line(soc, "state of charge", x, values(s, t -> 100 * t.batteryStateOfCharge()), MAIN, false);
        line(soc, String.format(Locale.ROOT, "floor %.0f%%", 100 * c.powerSystem().floorStateOfCharge()), x,
                constant(x.length, 100 * c.powerSystem().floorStateOfCharge()), LIMIT, true);
        soc.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);

        XYChart op = panel("Operating point (% of maximum)", xTitle);
        shade(op, x, s, 105);
        int cores = c.profile().cpu().coreCount();
        double topClock = c.profile().cpu().dvfsStates().getLast().clockMhz().value();
        line(op, "duty cycle", x, values(s, t -> 100 * t.dutyCycle()), MAIN, false);
        line(op, "CPU clock", x, values(s, t -> 100 * t.clockMhz() / topClock), SECOND, false);
        line(op, "threads", x, values(s, t -> 100.0 * t.threads() / cores), new Color(44, 160, 44), false);
        if (c.profile().acceleratorSpec().isPresent()) {
            line(op, "offload", x, values(s, t -> t.offload() ? 100 : 0), new Color(148, 103, 189), false);
        }
        op.getStyler().setYAxisMin(0.0).setYAxisMax(105.0);

        XYChart[] panels = {power, temp, rate, soc, op};
        BufferedImage img = new BufferedImage(WIDTH, HEADER_HEIGHT + panels.length * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        header(g, r);
        // Tick labels of different widths move each panel's plot area a little; shift the panels so that
        // their time axes line up with the one that starts furthest right.
        BufferedImage[] images = new BufferedImage[panels.length];
        double[] origin = new double[panels.length];
        double rightmost = 0;
        for (int i = 0; i < panels.length; i++) {
            images[i] = BitmapEncoder.getBufferedImage(panels[i]);
            origin[i] = panels[i].getScreenXFromChart(x[0]);
            rightmost = Math.max(rightmost, origin[i]);
        }
        for (int i = 0; i < panels.length; i++) {
            int dx = (int) Math.round(rightmost - origin[i]);
            g.drawImage(images[i], dx, HEADER_HEIGHT + i * PANEL_HEIGHT, WIDTH - dx, HEADER_HEIGHT + (i + 1) * PANEL_HEIGHT,
                    0, 0, WIDTH - dx, PANEL_HEIGHT, null);
        }
        g.dispose();
        return img;
    }

    /** Renders and writes the plot as a PNG file. */
    public static void write(SimulationResult r, Path file) throws IOException {
        if (!ImageIO.write(render(r), "png", file.toFile())) {
            throw new IOException("no PNG writer available to write " + file);
        }
    }

    private static void header(Graphics2D g, SimulationResult r) {
        SimulationConfig c = r.config();
        SimulationSummary s = r.summary();
        g.setColor(new Color(30, 30, 30));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString(String.format(Locale.ROOT, "%s  ·  %s  ·  %s  ·  governor %s", c.profile().title(), c.model().name(),
                c.orbit().name(), c.governorEnabled() ? "on" : "off"), 20, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        g.drawString(String.format(Locale.ROOT, "budget %.1f W, %.0f °C  ·  protect %s (%s in SAA)  ·  %.2f tok/s avg"
                + "  ·  %s J/token  ·  peak %.1f °C  ·  throttled %.0f s  ·  violations %d  ·  grey: eclipse, red: SAA",
                c.budget().powerCapW(), c.budget().temperatureLimitC(), c.protection().cliName(), c.saaProtection().cliName(),
                s.tokensPerSecondAvg(), Double.isFinite(s.energyPerTokenJ())
                        ? String.format(Locale.ROOT, "%.3f", s.energyPerTokenJ()) : "-",
                s.peakTemperatureC(), s.timeThrottledS(), s.budgetViolations()), 20, 56);
        g.setStroke(new BasicStroke(1));
    }

    private static XYChart panel(String title, String xTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title).xAxisTitle(xTitle).build();
        XYStyler st = chart.getStyler();
        // Legends below the plots keep every panel's plot area the same width, so the time axes line up.
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(225, 225, 225));
        st.setPlotBorderVisible(false);
        st.setLegendBorderColor(Color.WHITE);
        st.setChartTitleBoxVisible(false);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setAntiAlias(true);
        st.setXAxisDecimalPattern("#0.#");
        st.setYAxisTitleVisible(false);
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.setCustomYAxisTickLabelsFormatter(TimelinePlot::tick);
        return chart;
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, boolean dashed) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineWidth(dashed ? 2.0f : 1.8f);
        if (dashed) {
            s.setLineStyle(SeriesLines.DASH_DASH);
        }
        return s;
    }

    /** Eclipse and SAA bands: area series at the panel top inside the band, with gaps (NaN) outside it. */
    private static void shade(XYChart chart, double[] x, List<TimelineSample> s, double top) {
        double[] ecl = new double[x.length];
        double[] saa = new double[x.length];
        boolean anyEclipse = false;
        boolean anySaa = false;
        for (int i = 0; i < x.length; i++) {
            ecl[i] = s.get(i).sunlit() ? Double.NaN : top;
            saa[i] = s.get(i).inSaa() ? top : Double.NaN;
            anyEclipse |= !s.get(i).sunlit();
            anySaa |= s.get(i).inSaa();
        }
        if (anyEclipse) {
            band(chart, "eclipse", x, ecl, ECLIPSE);
        }
        if (anySaa) {
            band(chart, "SAA pass", x, saa, SAA);
        }
    }

    private static void band(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries b = chart.addSeries(name, x, y);
        b.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        b.setMarker(SeriesMarkers.NONE);
        b.setFillColor(color);
        b.setLineStyle(SeriesLines.NONE);
        b.setShowInLegend(false);
    }

    private static String tick(double v) {
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return a >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static List<TimelineSample> sample(List<TimelineSample> all, int stride) {
        List<TimelineSample> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += stride) {
            out.add(all.get(i));
        }
        if ((all.size() - 1) % stride != 0) {
            out.add(all.getLast());
        }
        return out;
    }

    private static double[] values(List<TimelineSample> s, ToDoubleFunction<TimelineSample> f) {
        return s.stream().mapToDouble(f).toArray();
    }

    private static double[] constant(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double max(List<TimelineSample> s, ToDoubleFunction<TimelineSample> f) {
        return s.stream().mapToDouble(f).max().orElse(0);
    }

    private static double min(List<TimelineSample> s, ToDoubleFunction<TimelineSample> f) {
        return s.stream().mapToDouble(f).min().orElse(0);
    }
}
