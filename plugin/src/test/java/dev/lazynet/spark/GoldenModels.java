package dev.lazynet.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The golden model directories in {@code src/test/resources/golden}: small models fitted and saved by one
 * Spark line, each beside the features it was given and the columns its {@code transform} computed from them
 * ({@code expected.json}), so that {@link GoldenModelsTest} on either line can check that it loads the other
 * line's files and predicts the same. Run by {@code .ci/golden-models.sh}, once per line.
 */
public final class GoldenModels {

    /** The file beside each saved model that holds its features and its saver's predictions. */
    static final String EXPECTED = "expected.json";

    /** The folder inside each golden directory that holds the saved model. */
    static final String MODEL = "model";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GoldenModels() {}

    /**
     * Fits the golden models on the running line's Spark and saves them under
     * {@code args[0]/spark_<scala version>/}, replacing what a previous run saved there.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GoldenModels <golden folder>, e.g. plugin/src/test/resources/golden");
        }
        SparkSession spark = SparkTestBase.localSession();
        try {
            Path line = Path.of(args[0], "spark_" + scalaBinaryVersion());
            Dataset<Row> blobs = TestData.frame(spark, TestData.blobs(30, 4, 3, 41), 2);
            save(line.resolve("dense-classifier"), blobs.limit(8), new LazyNetClassifier()
                    .setLayers("dense(8,relu) dense(6,tanh) dense(3)").setMaxIter(3).setBatchSize(10).setSeed(42)
                    .fit(blobs));
            Dataset<Row> linear = TestData.frame(spark, TestData.linear(30, new double[] {0.5, -1, 2}, 43), 2);
            save(line.resolve("dense-regressor"), linear.limit(8), new LazyNetRegressor()
                    .setLayers("dense(6,tanh) dense(1)").setMaxIter(3).setBatchSize(10).setSeed(44).fit(linear));
            Dataset<Row> images = TestData.images(spark, 12, 6, 2, 45);
            save(line.resolve("conv-classifier"), images.limit(6), new LazyNetClassifier()
                    .setLayers("conv2d(2,3,relu,padding=1) batchnorm maxpool(2) flatten dense(2)")
                    .setInputShape("1,6,6").setMaxIter(2).setBatchSize(6).setSeed(46).fit(images));
        } finally {
            spark.stop();
        }
    }

    /** Saves {@code model} into {@code dir/model} and what it computes for {@code rows} into {@code dir/expected.json}. */
    private static void save(Path dir, Dataset<Row> rows, LazyNetModel<?> model) throws IOException {
        model.write().overwrite().save(dir.resolve(MODEL).toString());
        ObjectNode expected = JSON.createObjectNode();
        expected.put("kind", model instanceof LazyNetClassificationModel ? "classifier" : "regressor");
        expected.put("spark", rows.sparkSession().version());
        expected.put("scala", scala.util.Properties.versionNumberString());
        expected.put("layers", model.getLayers());
        List<Row> out = model.transform(rows).collectAsList();
        ArrayNode cases = expected.putArray("rows");
        for (Row row : out) {
            ObjectNode one = cases.addObject();
            one.set("features", array(row.<Vector>getAs("features")));
            if (model instanceof LazyNetClassificationModel) {
                one.set("rawPrediction", array(row.<Vector>getAs("rawPrediction")));
                one.set("probability", array(row.<Vector>getAs("probability")));
            }
            one.put("prediction", row.<Double>getAs("prediction"));
        }
        Files.writeString(dir.resolve(EXPECTED), JSON.writeValueAsString(expected) + "\n");
    }

    /** Reads the {@code expected.json} of a golden directory. */
    static JsonNode expected(Path dir) throws IOException {
        return JSON.readTree(dir.resolve(EXPECTED).toFile());
    }

    private static ArrayNode array(Vector vector) {
        ArrayNode values = JSON.createArrayNode();
        for (double v : vector.toArray()) {
            values.add(v);
        }
        return values;
    }

    private static String scalaBinaryVersion() {
        String full = scala.util.Properties.versionNumberString();
        return full.substring(0, full.lastIndexOf('.'));
    }
}
