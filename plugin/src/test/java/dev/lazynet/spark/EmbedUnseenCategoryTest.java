package dev.lazynet.spark;

import static dev.lazynet.spark.FailureMessages.assertContains;
import static dev.lazynet.spark.FailureMessages.invalidDataCause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.serve.Predictor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value in an embedded slot that is no index of its vocabulary (an unseen category, a negative or a
 * fractional index) follows {@code handleInvalid} like any other bad feature, with one message naming
 * the column, slot, row, value and vocabulary size, in Spark and in the Spark-free Predictor.
 */
class EmbedUnseenCategoryTest extends SparkTestBase {

    /** Features {@code [x, colourIndex]} of five colours: the model's spec is {@code embed(3,vocab=0:5) ...}. */
    private static Dataset<Row> training;
    private static LazyNetClassificationModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void fit() {
        training = EmbedLayerTest.assembled(EmbedLayerTest.colours(60, 1), "x", "colour").select("features", "label");
        model = new LazyNetClassifier().setLayers("embed(3) dense(2)").setMaxIter(1).setBatchSize(16)
                .fit(training);
    }

    /** Six rows of categories 0 .. 4 in two partitions, row 1 of partition 1 (row 4 overall) holding {@code bad}. */
    private static Dataset<Row> withCategory(double bad) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(RowFactory.create(Vectors.dense(0.1 * i, i == 4 ? bad : i % 5), (double) (i % 2)));
        }
        return TestData.frame(spark, rows, 2);
    }

    @Test
    void transformRefusesAnUnseenCategoryNamingColumnSlotRowValueAndVocabulary() {
        String message = invalidDataCause(assertThrows(Exception.class,
                () -> model.transform(withCategory(7)).count()));

        assertEquals("Column \"features\" has 7.0 at index 1 in partition 1, row 1, a categorical slot of the embed"
                + " layer with a vocabulary of 5 categories, so it must be a category index 0 .. 4; a category"
                + " unseen when the network was fitted has no embedding: fit that column's StringIndexer with"
                + " handleInvalid=\"keep\" before fitting the network, so that unseen categories get an index of"
                + " their own, or set handleInvalid to \"skip\" to drop such rows", message);
    }

    @Test
    void negativeAndFractionalIndicesAreRefusedAsWell() {
        assertContains(invalidDataCause(assertThrows(Exception.class, () -> model.transform(withCategory(-1))
                .count())), "has -1.0 at index 1 in partition 1, row 1");
        assertContains(invalidDataCause(assertThrows(Exception.class, () -> model.transform(withCategory(2.5))
                .count())), "has 2.5 at index 1 in partition 1, row 1");
    }

    @Test
    void skipDropsTheRowsOfUnseenCategoriesAtTransform() {
        List<Row> out = model.copy(ParamMap.empty()).setHandleInvalid("skip").transform(withCategory(5))
                .collectAsList();

        assertEquals(5, out.size());
        assertTrue(out.stream().noneMatch(r -> r.<Vector>getAs("features").apply(1) == 5));
    }

    @Test
    void aFitMeetsAnIndexOutsideTheMetadataVocabularyWithTheSameRule() {
        Dataset<Row> bad = training.union(spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(0.5, 9),
                1.0)), training.schema()));
        LazyNetClassifier classifier = new LazyNetClassifier().setLayers("embed(3) dense(2)").setMaxIter(1);

        assertContains(invalidDataCause(assertThrows(Exception.class, () -> classifier.fit(bad))),
                "Column \"features\" has 9.0 at index 1", "vocabulary of 5 categories");
        assertEquals(1, classifier.setHandleInvalid("skip").fit(bad).summary().rowsSkipped());
    }

    @Test
    void singleRowPredictionsAndThePredictorGiveTheSameErrorWithoutTheSkipRemedy() throws IOException {
        String single = assertThrows(IllegalArgumentException.class,
                () -> model.predict(Vectors.dense(0.1, 7))).getMessage();
        model.write().save(dir.resolve("model").toString());
        Predictor predictor = Predictor.load(dir.resolve("model"));
        String served = assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(new float[] {0.1f, 7})).getMessage();
        String batch = assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(new float[][] {{0.1f, 1}, {0.2f, -1}})).getMessage();

        assertContains(single, "The features vector has 7.0 at index 1, a categorical slot of the embed layer with a"
                + " vocabulary of 5 categories", "handleInvalid=\"keep\"");
        assertContains(served, "The features have 7.0 at index 1, a categorical slot", "handleInvalid=\"keep\"");
        assertContains(batch, "Row 1 of the batch has -1.0 at index 1, a categorical slot");
        for (String message : List.of(single, served, batch)) {
            assertFalse(message.contains("\"skip\""), message);
        }
    }
}
