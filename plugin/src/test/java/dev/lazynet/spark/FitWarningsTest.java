package dev.lazynet.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import static dev.lazynet.spark.FailureMessages.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input catalogue's fits that run without error but cannot learn: inputs far from unit scale
 * and a loss that does not move are flagged in the summary, and a divergence names the setting that
 * most likely caused it.
 */
class FitWarningsTest extends SparkTestBase {

    /** 12 rows in 3 partitions: features {@code (i, -i, 1) * featureScale}, labels {@code (i % 3) * labelScale}. */
    private static Dataset<Row> scaled(double featureScale, double labelScale) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(RowFactory.create(Vectors.dense(i * featureScale, -i * featureScale, featureScale),
                    (i % 3 + 1) * labelScale));
        }
        return TestData.frame(spark, rows, 3);
    }

    @Test
    void labelsFarAboveUnitScaleAndALossThatDoesNotMoveAreFlaggedInTheSummary() {
        LazyNetRegressionModel model = new LazyNetRegressor().setLayers("dense(1)").setMaxIter(3).setBatchSize(4)
                .fit(scaled(1, 1e30));

        String warnings = String.join("\n", model.summary().warnings());
        assertEquals(2, model.summary().warnings().size(), warnings);
        assertContains(warnings, "Column \"label\" has labels of root mean square 2.16e+30, far above the unit scale",
                "standardize or rescale the label",
                "The training loss did not move over 3 epochs", "the network learned nothing");
    }

    @Test
    void featuresFarFromUnitScaleAreFlaggedWithStandardScalerAsTheRemedy() {
        LazyNetClassificationModel model = new LazyNetClassifier().setLayers("dense(3)").setMaxIter(1)
                .setBatchSize(4).fit(scaled(1e-6, 1).withColumn("label", org.apache.spark.sql.functions.lit(1.0)));

        assertEquals(1, model.summary().warnings().size(), model.summary().warnings().toString());
        assertContains(model.summary().warnings().get(0), "Column \"features\" has values of root mean square",
                "far from the unit scale (1e-03 to 1e+03) the initializers assume", "StandardScaler");
    }

    @Test
    void aFitOnUnitScaleDataThatLearnsHasNoWarnings() {
        LazyNetClassificationModel model = new LazyNetClassifier().setLayers("dense(8,relu) dense(3)").setMaxIter(3)
                .setBatchSize(32).setStepSize(0.01).fit(TestData.frame(spark, TestData.blobs(90, 4, 3, 7), 3));

        assertEquals(List.of(), model.summary().warnings());
    }

    @Test
    void aDivergenceCausedByWeightDecayNamesWeightDecayNotTheStepSize() {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> new LazyNetClassifier()
                .setLayers("dense(3)").setOptimizer("sgd").setWeightDecay(1e30).setMaxIter(3).setBatchSize(4)
                .fit(scaled(1, 1).withColumn("label", org.apache.spark.sql.functions.expr("label - 1"))));

        assertContains(e.getMessage(), "The likely cause: weightDecay 1.0E30 is far above the usual 1e-5 to 1e-2",
                "try a smaller weightDecay, e.g. 1.0E29, or 0");
        assertTrue(!e.getMessage().contains("smaller stepSize"), e.getMessage());
    }

    @Test
    void aDivergenceCausedByTheInitializerNamesItsScaleAndXavier() {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> new LazyNetClassifier()
                .setLayers("dense(16,relu) dense(3)").setInitializer("constant(1e20)").setMaxIter(1).setBatchSize(4)
                .fit(scaled(1, 1).withColumn("label", org.apache.spark.sql.functions.expr("label - 1"))));

        assertContains(e.getMessage(), "initializer constant(1e20) starts the weights at a scale of 1.0E20",
                "try xavier (the default) or kaiming");
    }

    @Test
    void anInitializerValueBeyondFloatRangeIsRefusedWhenSet() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> new LazyNetClassifier().setInitializer("constant(1e39)")).getMessage();

        assertContains(message, "Initializer \"constant(1e39)\" has 1.0E39, beyond the float32 range");
    }
}
