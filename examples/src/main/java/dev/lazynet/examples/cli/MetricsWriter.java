package dev.lazynet.examples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * Writes a job's per-epoch training loss and (optionally) accuracy as {@code metrics.csv} and as a line
 * chart, {@code metrics.png}, with loss on the left axis and accuracy on the right.
 */
public final class MetricsWriter {

    /** Size of the chart in pixels. */
    public static final int WIDTH = 800;
    /** Height of the chart in pixels. */
    public static final int HEIGHT = 500;

    private MetricsWriter() {
    }

    /** The two files written. */
    public record Written(Path csv, Path png) {
    }

    /**
     * Writes the files into {@code dir} (created if needed) and prints where to {@code out}.
     *
     * @param title the chart title, usually the job name
     * @param loss the mean training loss of each epoch
     * @param accuracy the accuracy after each epoch, or an empty list when it was not measured
     * @throws IllegalArgumentException if there are no epochs or the lists differ in length
     */
    public static Written write(Path dir, String title, List<Double> loss, List<Double> accuracy,
            PrintStream out) {
        if (loss.isEmpty()) {
            throw new IllegalArgumentException("No epochs to write to " + dir + "; train at least one epoch");
        }
        if (!accuracy.isEmpty() && accuracy.size() != loss.size()) {
            throw new IllegalArgumentException("Got " + loss.size() + " loss values but " + accuracy.size()
                    + " accuracy values; give one accuracy per epoch, or none");
        }
        Written written = new Written(dir.resolve("metrics.csv"), dir.resolve("metrics.png"));
        try {
            Files.createDirectories(dir);
            writeCsv(written.csv(), loss, accuracy);
            try (OutputStream png = Files.newOutputStream(written.png())) {
                BitmapEncoder.saveBitmap(chart(title, loss, accuracy), png, BitmapEncoder.BitmapFormat.PNG);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write metrics into " + dir + ": " + e.getMessage()
                    + "; check that the folder of --out is writable", e);
        }
        out.println("Metrics written to " + written.csv() + " and " + written.png());
        return written;
    }

    private static void writeCsv(Path file, List<Double> loss, List<Double> accuracy) throws IOException {
        try (Writer csv = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            csv.write(accuracy.isEmpty() ? "epoch,loss\n" : "epoch,loss,accuracy\n");
            for (int i = 0; i < loss.size(); i++) {
                csv.write((i + 1) + "," + loss.get(i) + (accuracy.isEmpty() ? "" : "," + accuracy.get(i)) + "\n");
            }
        }
    }

    private static XYChart chart(String title, List<Double> loss, List<Double> accuracy) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
                .build();
        double[] epochs = new double[loss.size()];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = i + 1;
        }
        chart.addSeries("training loss", epochs, toArray(loss));
        chart.setYAxisGroupTitle(0, "loss");
        if (!accuracy.isEmpty()) {
            XYSeries series = chart.addSeries("accuracy", epochs, toArray(accuracy));
            series.setYAxisGroup(1);
            chart.setYAxisGroupTitle(1, "accuracy");
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        }
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        return chart;
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
