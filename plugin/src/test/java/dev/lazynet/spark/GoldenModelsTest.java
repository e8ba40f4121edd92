package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lazynet.serve.Predictor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden model directory, whichever Spark line saved it, loads on this line and predicts exactly what
 * its saver predicted, through {@code transform} and through the Spark-free {@link Predictor}. The outputs are
 * computed by the same Java code from the same stored float32 weights on both lines, so they are compared for
 * equality, without tolerance: any difference means the file format or the arithmetic changed between the
 * lines. The one exception is the Predictor's probabilities: {@code transform} computes the softmax of the
 * float32 scores in double and the Predictor in float32, so those two may differ in the last bits of a float32
 * ({@link #SOFTMAX_ROUNDING}) while the scores they come from are equal. {@link GoldenModels} writes the
 * directories.
 */
class GoldenModelsTest extends SparkTestBase {

    /** Two float32 units in the last place at 1, the most a float32 softmax differs from a double one. */
    private static final float SOFTMAX_ROUNDING = 2 * Math.ulp(1f);

    @Test
    void eachSparkLineHasSavedTheSameGoldenModels() throws IOException {
        assertEquals(List.of("spark_2.12", "spark_2.13"), names(root()));
        assertEquals(names(root().resolve("spark_2.13")), names(root().resolve("spark_2.12")));
    }

    @TestFactory
    Stream<DynamicTest> aGoldenModelLoadsAndPredictsWhatItsSaverPredictedThroughTransform() throws IOException {
        return golden().map(dir -> DynamicTest.dynamicTest(label(dir), () -> {
            JsonNode expected = GoldenModels.expected(dir);
            boolean classifier = "classifier".equals(expected.get("kind").asText());
            String path = dir.resolve(GoldenModels.MODEL).toString();
            LazyNetModel<?> model = classifier ? LazyNetClassificationModel.load(path) : LazyNetRegressionModel.load(path);
            assertFalse(model.isDefined(model.weightCol()), "a model saved before weightCol has none");
            if (model instanceof LazyNetClassificationModel saved) {
                assertFalse(saved.isDefined(saved.thresholds()), "a model saved before thresholds has none");
            }
            List<Row> input = new ArrayList<>();
            for (JsonNode row : expected.get("rows")) {
                input.add(RowFactory.create(Vectors.dense(doubles(row.get("features"))), 0.0));
            }
            List<Row> out = model.transform(TestData.frame(spark, input, 1)).collectAsList();

            assertEquals(expected.get("rows").size(), out.size());
            for (int r = 0; r < out.size(); r++) {
                JsonNode want = expected.get("rows").get(r);
                if (classifier) {
                    assertArrayEquals(doubles(want.get("rawPrediction")), out.get(r).<Vector>getAs("rawPrediction").toArray(),
                            "rawPrediction of row " + r);
                    assertArrayEquals(doubles(want.get("probability")), out.get(r).<Vector>getAs("probability").toArray(),
                            "probability of row " + r);
                }
                assertEquals(want.get("prediction").asDouble(), out.get(r).<Double>getAs("prediction"), "prediction of row " + r);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> aGoldenModelLoadsAndPredictsWhatItsSaverPredictedThroughTheSparkFreePredictor() throws IOException {
        return golden().map(dir -> DynamicTest.dynamicTest(label(dir), () -> {
            JsonNode expected = GoldenModels.expected(dir);
            Predictor predictor = Predictor.load(dir.resolve(GoldenModels.MODEL));

            assertEquals("classifier".equals(expected.get("kind").asText()), predictor.isClassifier());
            int r = 0;
            for (JsonNode want : expected.get("rows")) {
                float[] features = floats(want.get("features"));
                if (predictor.isClassifier()) {
                    assertArrayEquals(doubles(want.get("rawPrediction")), widen(predictor.predictRaw(features)),
                            "rawPrediction of row " + r);
                    assertArrayEquals(floats(want.get("probability")), predictor.predictProbability(features),
                            SOFTMAX_ROUNDING, "probability of row " + r);
                }
                assertEquals(want.get("prediction").asDouble(), predictor.predict(features), "prediction of row " + r);
                r++;
            }
        }));
    }

    private static Path root() {
        try {
            return Path.of(GoldenModelsTest.class.getResource("/golden").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every golden directory: a saved model beside its {@code expected.json}, one folder per line. */
    private static Stream<Path> golden() throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (String line : names(root())) {
            for (String model : names(root().resolve(line))) {
                dirs.add(root().resolve(line).resolve(model));
            }
        }
        return dirs.stream();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String label(Path dir) {
        return dir.getFileName() + " saved by the " + dir.getParent().getFileName() + " line";
    }

    private static double[] doubles(JsonNode values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).asDouble();
        }
        return out;
    }

    private static float[] floats(JsonNode values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values.get(i).asDouble();
        }
        return out;
    }

    private static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
