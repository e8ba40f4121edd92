package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest extends SparkTestBase {

    @TempDir
    Path dir;

    private static final Dataset<Row> data() {
        return TestData.frame(spark, TestData.blobs(90, 3, 3, 1), 2);
    }

    private static LazyNetClassificationModel fitted() {
        return new LazyNetClassifier().setLayers("dense(5,relu) dense(3)").setMaxIter(2).setBatchSize(30)
                .setStepSize(0.02).setInitializer("normal(0.1)").fit(data());
    }

    private static List<Row> predictions(org.apache.spark.ml.Transformer model) {
        return model.transform(data()).select("prediction", "probability", "rawPrediction").collectAsList();
    }

    private String save(org.apache.spark.ml.util.MLWritable stage, String name) throws IOException {
        String path = dir.resolve(name).toString();
        stage.write().overwrite().save(path);
        return path;
    }

    @Test
    void aSavedClassifierModelLoadsWithItsWeightsShapesAndParams() throws IOException {
        LazyNetClassificationModel model = fitted().setProbabilityCol("p");
        String path = save(model, "model");
        LazyNetClassificationModel loaded = LazyNetClassificationModel.load(path);

        assertEquals(model.uid(), loaded.uid());
        assertArrayEquals(model.weights(), loaded.weights());
        assertEquals(model.featureShape(), loaded.featureShape());
        assertEquals(3, loaded.numClasses());
        assertEquals("dense(5,relu) dense(3)", loaded.getLayers());
        assertEquals("normal(0.1)", loaded.getInitializer());
        assertEquals(30, loaded.getBatchSize());
        assertEquals("p", loaded.getProbabilityCol());
        assertFalse(loaded.hasSummary());
        assertEquals(model.transform(data()).select("p").collectAsList(),
                loaded.transform(data()).select("p").collectAsList());
        try (var files = Files.list(dir.resolve("model/metadata"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("part-")));
        }
        assertTrue(Files.exists(dir.resolve("model/data/weights.bin")));
    }

    @Test
    void aSavedRegressionModelPredictsTheSame() throws IOException {
        Dataset<Row> linear = TestData.frame(spark, TestData.linear(60, new double[] {1, 2}, 2), 2);
        LazyNetRegressionModel model = new LazyNetRegressor().setLayers("dense(1)").setMaxIter(1).fit(linear);
        LazyNetRegressionModel loaded = LazyNetRegressionModel.load(save(model, "regression"));

        assertEquals(model.transform(linear).select("prediction").collectAsList(),
                loaded.transform(linear).select("prediction").collectAsList());
    }

    @Test
    void anEstimatorKeepsItsParamsThroughSaveAndLoad() throws IOException {
        LazyNetClassifier estimator = new LazyNetClassifier().setLayers("dense(4) dense(2)").setMaxIter(3)
                .setInputShape("2,2").setHandleInvalid("skip").setSeed(99);
        LazyNetClassifier loaded = LazyNetClassifier.load(save(estimator, "estimator"));

        assertEquals(estimator.uid(), loaded.uid());
        assertEquals("dense(4) dense(2)", loaded.getLayers());
        assertEquals(3, loaded.getMaxIter());
        assertEquals("2,2", loaded.getInputShape());
        assertEquals("skip", loaded.getHandleInvalid());
        assertEquals(99L, loaded.getSeed());
    }

    @Test
    void aSavedEstimatorWhoseSpecWasEditedToOneThatDoesNotParseIsRefusedAtLoad() throws IOException {
        String path = save(new LazyNetClassifier().setLayers("dense(4) dense(2)"), "edited");
        Path metadata = SavedMetadata.file(Path.of(path));
        String json = Files.readString(metadata, StandardCharsets.UTF_8);
        Files.writeString(metadata, json.replace("dense(4) dense(2)", "dense(4) dense(two)"), StandardCharsets.UTF_8);
        // Hadoop's local file system checks the file against its checksum, which an edit by hand breaks.
        Files.delete(metadata.resolveSibling("." + metadata.getFileName() + ".crc"));

        String message = assertThrows(IllegalArgumentException.class, () -> LazyNetClassifier.load(path)).getMessage();
        assertTrue(message.contains("Layer 2 \"dense(two)\" of spec \"dense(4) dense(two)\""), message);
        assertTrue(message.contains("units must be a whole number but was \"two\""), message);
    }

    @Test
    void aPipelineModelWithTheModelLoadsAndPredictsTheSame() throws IOException {
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StandardScaler().setInputCol("features").setOutputCol("scaled"),
            new LazyNetClassifier().setFeaturesCol("scaled").setLayers("dense(3)").setMaxIter(2).setBatchSize(30)});
        PipelineModel model = pipeline.fit(data());
        PipelineModel loaded = PipelineModel.load(save(model, "pipeline"));

        assertEquals(predictions(model), predictions(loaded));
    }

    @Test
    void loadingAsTheWrongClassNamesBothClasses() throws IOException {
        String path = save(fitted(), "classifier");

        String message = assertThrows(IllegalArgumentException.class, () -> LazyNetRegressionModel.load(path))
                .getMessage();
        assertTrue(message.contains("is a dev.lazynet.spark.LazyNetClassificationModel, not a"
                + " dev.lazynet.spark.LazyNetRegressionModel; load it with LazyNetClassificationModel.load(path)"),
                message);
    }

    @Test
    void anotherFormatVersionOrADamagedDescriptionIsRefused() throws IOException {
        String path = save(fitted(), "damaged");
        Path json = dir.resolve("damaged/data/model.json");
        String original = Files.readString(json);

        Files.writeString(json, original.replace("\"formatVersion\" : 1", "\"formatVersion\" : 7"));
        Files.deleteIfExists(dir.resolve("damaged/data/.model.json.crc"));
        String version = assertThrows(IllegalArgumentException.class, () -> LazyNetClassificationModel.load(path))
                .getMessage();
        assertTrue(version.contains("has format version 7, but this LazyNet reads version 1"), version);

        Files.writeString(json, original.replace("dense(5,relu) dense(3)", "dense(6,relu) dense(3)"));
        String shapes = assertThrows(IllegalArgumentException.class, () -> LazyNetClassificationModel.load(path))
                .getMessage();
        assertTrue(shapes.contains("lists 4 parameters with 38 weights, but its network has 4 parameters with 45"),
                shapes);

        Files.write(json, new byte[2 << 20]);
        String size = assertThrows(IllegalArgumentException.class, () -> LazyNetClassificationModel.load(path))
                .getMessage();
        assertTrue(size.contains("has 2097152 bytes, more than a model description's 1048576"), size);

        Files.writeString(json, original.replace("\"layers\"", "\"tiers\""), StandardCharsets.UTF_8);
        assertLoadFails(path, "has no field \"layers\"");

        Files.writeString(json, original.replace("dense(5,relu) dense(3)", "warp(5) dense(3)"));
        assertLoadFails(path, "has a network this LazyNet cannot build: Layer 1 \"warp(5)\"");

        Files.writeString(json, original.replace("\"classification\" : true", "\"classification\" : false"));
        assertLoadFails(path, "describes a dev.lazynet.spark.LazyNetClassificationModel while the metadata says");

        Files.writeString(json, original.replace("\"outputWidth\" : 3", "\"outputWidth\" : 3,\n  \"formatVersion\" : \"one\""));
        assertLoadFails(path, "field \"formatVersion\" is \"one\", not a whole number");

        Files.writeString(json, original.replaceFirst("\"inputShape\" : \\[ 3 \\]", "\"inputShape\" : [ -3 ]"));
        assertLoadFails(path, "a shape is [-3], but sizes must be positive whole numbers");
    }

    private static void assertLoadFails(String path, String expected) {
        String message = assertThrows(IllegalArgumentException.class, () -> LazyNetClassificationModel.load(path))
                .getMessage();
        assertTrue(message.contains(expected), message);
    }

    @Test
    void aLoadedModelHasNoSummaryAndSaysSo() throws IOException {
        LazyNetClassificationModel loaded = LazyNetClassificationModel.load(save(fitted(), "nosummary"));

        assertTrue(assertThrows(IllegalStateException.class, loaded::summary).getMessage()
                .contains("has no training summary: summaries exist on models returned by fit(), not on loaded ones"));
    }
}
