package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models saved here are served by {@code dev.lazynet.serve.Predictor} in a JVM whose class path is
 * {@code lazynet-core}, its dependencies and one small main class of core's tests, and give what
 * {@code transform} gives.
 */
@Tag("process")
class SparkFreeServingTest extends SparkTestBase {

    /** The largest difference allowed between the Predictor's outputs and {@code transform}'s. */
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    @Test
    void aSavedClassifierServedWithoutSparkGivesTransformsColumns(TestReporter reporter) throws Exception {
        Dataset<Row> data = TestData.frame(spark, TestData.blobs(90, 5, 3, 21), 2);
        LazyNetClassificationModel model = new LazyNetClassifier().setLayers("dense(16,relu) dense(8,tanh) dense(3)")
                .setMaxIter(3).setBatchSize(16).setSeed(5).fit(data);

        double max = servedDifference(model, data, List.of("rawPrediction", "probability"));

        reporter.publishEntry("maxAbsDifference", model.recipe.spec() + ": " + max);
        assertTrue(max <= TOLERANCE, "the Predictor's outputs differ from transform's by up to " + max);
    }

    @Test
    void aSavedConvolutionalClassifierReadsRowsAsImagesAsTransformDoes(TestReporter reporter) throws Exception {
        Dataset<Row> data = TestData.images(spark, 40, 9, 3, 22);
        LazyNetClassificationModel model = new LazyNetClassifier()
                .setLayers("conv2d(4,3,relu,padding=1) batchnorm maxpool(2) flatten dropout(0.3) dense(3)")
                .setInputShape("1,9,9").setMaxIter(2).setBatchSize(10).setSeed(6).fit(data);

        double max = servedDifference(model, data, List.of("rawPrediction", "probability"));

        reporter.publishEntry("maxAbsDifference", model.recipe.spec() + ": " + max);
        assertTrue(max <= TOLERANCE, "the Predictor's outputs differ from transform's by up to " + max);
    }

    @Test
    void aSavedRegressorServedWithoutSparkGivesTransformsPredictions(TestReporter reporter) throws Exception {
        Dataset<Row> data = TestData.frame(spark, TestData.linear(60, new double[] {0.5, -1, 2}, 23), 2);
        LazyNetRegressionModel model = new LazyNetRegressor().setLayers("dense(8,tanh) dense(1)").setMaxIter(3)
                .setBatchSize(16).setSeed(7).fit(data);

        double max = servedDifference(model, data, List.of());

        reporter.publishEntry("maxAbsDifference", model.recipe.spec() + ": " + max);
        assertTrue(max <= TOLERANCE, "the Predictor's predictions differ from transform's by up to " + max);
    }

    /**
     * Saves {@code model}, serves the features of {@code data} in a Spark-free JVM, and returns the largest
     * absolute difference from {@code transform}'s {@code vectorColumns} and {@code prediction}; the
     * predicted classes must be equal.
     */
    private double servedDifference(LazyNetModel<?> model, Dataset<Row> data, List<String> vectorColumns)
            throws IOException, InterruptedException {
        Path saved = dir.resolve("model");
        model.write().save(saved.toString());
        List<Row> rows = model.transform(data).collectAsList();
        List<String> features = new ArrayList<>();
        for (Row row : rows) {
            StringBuilder line = new StringBuilder();
            for (double x : row.<Vector>getAs("features").toArray()) {
                line.append(line.length() == 0 ? "" : ",").append((float) x);
            }
            features.add(line.toString());
        }
        Path in = Files.write(dir.resolve("features.csv"), features);
        List<String> served = serve(saved, in);

        assertEquals(rows.size(), served.size());
        double max = 0;
        for (int r = 0; r < rows.size(); r++) {
            String[] values = served.get(r).split(",");
            List<Double> expected = new ArrayList<>();
            for (String column : vectorColumns) {
                for (double v : rows.get(r).<Vector>getAs(column).toArray()) {
                    expected.add(v);
                }
            }
            double prediction = rows.get(r).<Double>getAs("prediction");
            if (vectorColumns.isEmpty()) {
                expected.add(prediction);
            }
            expected.add(prediction);
            assertEquals(expected.size(), values.length, "values per row");
            for (int j = 0; j < values.length - 1; j++) {
                max = Math.max(max, Math.abs(Double.parseDouble(values[j]) - expected.get(j)));
            }
            double servedPrediction = Double.parseDouble(values[values.length - 1]);
            if (vectorColumns.isEmpty()) {
                max = Math.max(max, Math.abs(servedPrediction - prediction));
            } else {
                assertEquals(prediction, servedPrediction, "the predicted class of row " + r);
            }
        }
        return max;
    }

    /** Runs core's PredictorProcess on {@code features}, with core and its dependencies alone on the class path. */
    private List<String> serve(Path saved, Path features) throws IOException, InterruptedException {
        String coreTarget = System.getProperty("lazynet.test.coreTarget");
        assertNotNull(coreTarget, "the system property lazynet.test.coreTarget (core's target folder) is not set;"
                + " the plugin modules' surefire configuration sets it");
        Path core = Path.of(coreTarget);
        Path runtime = core.resolve("runtime-classpath.txt");
        assertTrue(Files.exists(runtime), runtime + " is missing; build lazynet-core first (mvn -pl plugin -am)");
        String classPath = core.resolve("classes") + File.pathSeparator + core.resolve("test-classes")
                + File.pathSeparator + Files.readString(runtime).strip();
        Path out = dir.resolve("served.csv");
        Path log = dir.resolve("served.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "dev.lazynet.serve.PredictorProcess", saved.toString(), features.toString(),
                out.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the serving JVM did not end in time");
        assertEquals(0, process.exitValue(), "the serving JVM failed:\n" + Files.readString(log));
        return Files.readAllLines(out);
    }
}
