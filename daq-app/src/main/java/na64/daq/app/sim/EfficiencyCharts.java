package na64.daq.app.sim;

import na64.daq.config.RunConfig;
import na64.daq.emulator.AcceptanceStudy;
import na64.daq.emulator.BinomialEstimate;
import na64.daq.emulator.EventKind;
import na64.daq.emulator.Scatter;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The two plots of {@code daq efficiency}, drawn with JFreeChart, headless. */
final class EfficiencyCharts {
    /** Energies below this are drawn on it: the HCAL axis is logarithmic and most electrons leave 0 there. */
    static final double HCAL_FLOOR_GEV = 0.01;
    /** Bins of x with fewer events are left off the efficiency curve. */
    static final int MIN_EVENTS_PER_BIN = 20;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private EfficiencyCharts() {
    }

    /** E_ECAL versus E_HCAL: background (left) and signal (right), each with the two cut lines. */
    static void scatter(EfficiencyStudy.Outcome o, Path png) throws IOException {
        XYSeriesCollection background = new XYSeriesCollection();
        for (Map.Entry<EventKind, Scatter> e : o.result().background().points().entrySet()) {
            background.addSeries(series(e.getKey().label(), e.getValue()));
        }
        XYSeriesCollection signal = new XYSeriesCollection();
        for (AcceptanceStudy.SignalSample s : o.result().signals()) {
            signal.addSeries(series("A′ " + PhysicsReport.mass(s.massMeV()) + " MeV", s.points()));
        }
        int w = 1400;
        int h = 650;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        scatterChart("Background (one sample per truth kind)", background, o.config())
                .draw(g, new Rectangle2D.Double(0, 0, w / 2.0, h));
        scatterChart("A′ signal", signal, o.config()).draw(g, new Rectangle2D.Double(w / 2.0, 0, w / 2.0, h));
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static XYSeries series(String name, Scatter points) {
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < points.size(); i++) {
            s.add(points.ecalGeV(i), Math.max(HCAL_FLOOR_GEV, points.hcalGeV(i)));
        }
        return s;
    }

    private static JFreeChart scatterChart(String title, XYSeriesCollection data, RunConfig config) {
        NumberAxis x = new NumberAxis("E_ECAL [GeV]");
        x.setRange(0, 2.3 * config.beam().energyMeV() / 1000);
        LogAxis y = new LogAxis(String.format(Locale.ROOT, "E_HCAL [GeV] (below %.2f drawn at %.2f)", HCAL_FLOOR_GEV,
                HCAL_FLOOR_GEV));
        y.setRange(HCAL_FLOOR_GEV * 0.7, 200);
        // One labelled tick per decade: 0.01, 0.1, 1, 10, 100.
        y.setAutoTickUnitSelection(false);
        y.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1));
        y.setNumberFormatOverride(new java.text.DecimalFormat("0.###", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesShape(i, new Ellipse2D.Double(-1.5, -1.5, 3, 3));
            r.setSeriesPaint(i, COLORS[i % COLORS.length]);
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        RunConfig.Invisible cut = config.streams().invisible();
        double ecalCut = cut.ecal().fraction() * config.beam().energyMeV() / 1000;
        double hcalCut = cut.hcal().max() / 1000;
        plot.addDomainMarker(marker(ecalCut, String.format(Locale.ROOT, "E_ECAL < %.0f GeV", ecalCut)));
        ValueMarker h = marker(hcalCut, String.format(Locale.ROOT, "E_HCAL < %.1f GeV", hcalCut));
        // A horizontal line's label sits under it at the right end, inside the plot.
        h.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.BOTTOM_RIGHT);
        h.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
        plot.addRangeMarker(h);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 16)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static ValueMarker marker(double at, String label) {
        ValueMarker m = new ValueMarker(at, Color.BLACK, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        m.setLabel(label);
        m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        m.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(4, 4, 4, 4));
        m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
        return m;
    }

    /** Efficiency per bin of x with Clopper–Pearson (68 %) error bars, one curve per mass, and the E_ECAL cut's x. */
    static void efficiencyVersusX(EfficiencyStudy.Outcome o, Path png) throws IOException {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        int bins = AcceptanceStudy.X_BINS;
        for (AcceptanceStudy.SignalSample s : o.result().signals()) {
            YIntervalSeries series = new YIntervalSeries("m(A′) = " + PhysicsReport.mass(s.massMeV()) + " MeV");
            for (int b = 0; b < bins; b++) {
                BinomialEstimate e = s.byX().get(b);
                if (e.total() >= MIN_EVENTS_PER_BIN) {
                    double v = e.value();
                    series.add((b + 0.5) / bins, v, e.ciLow(), e.ciHigh());
                }
            }
            data.addSeries(series);
        }
        NumberAxis x = new NumberAxis("x = E(A′) / E0 (truth)");
        x.setRange(0, 1);
        NumberAxis y = new NumberAxis("invisible efficiency");
        y.setRange(0, 1.05);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDefaultLinesVisible(true);
        r.setDefaultShapesVisible(true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, COLORS[i % COLORS.length]);
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        double xCut = 1 - o.config().streams().invisible().ecal().fraction();
        plot.addDomainMarker(marker(xCut, String.format(Locale.ROOT, "x = 1 − %.2f (E_ECAL cut)",
                o.config().streams().invisible().ecal().fraction())));
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setTitle(new TextTitle("invisible efficiency versus the A′ energy share (bins of "
                + String.format(Locale.ROOT, "%.2f", 1.0 / bins) + ")", new Font(Font.SANS_SERIF, Font.BOLD, 16)));
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 600);
    }
}
