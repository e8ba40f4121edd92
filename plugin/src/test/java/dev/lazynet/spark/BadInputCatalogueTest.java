package dev.lazynet.spark;

import dev.lazynet.spark.internal.data.NetworkRecipe;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import static dev.lazynet.spark.FailureMessages.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The cases of the bad-input catalogue in {@code docs/reliability.md} that {@link BadInputTest} and the
 * persistence tests do not already cover.
 */
class BadInputCatalogueTest extends SparkTestBase {

    private static LazyNetClassifier classifier() {
        return new LazyNetClassifier().setLayers("dense(3)").setMaxIter(1).setBatchSize(16);
    }

    private static Dataset<Row> data(Row replacing, int at) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(RowFactory.create(Vectors.dense(i, -i, 1), (double) (i % 3)));
        }
        rows.set(at, replacing);
        return TestData.frame(spark, rows, 3);
    }

    private static String settingError(Runnable setting) {
        return assertThrows(IllegalArgumentException.class, setting::run).getMessage();
    }

    @Test
    void aRowWhoseEveryValueIsNullNamesItsFirstColumn() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> classifier().fit(data(RowFactory.create(null, null), 5))).getMessage();

        assertContains(message, "Column \"features\" is null in partition 1, row 1", "set handleInvalid to \"skip\"");
    }

    @Test
    void infiniteFeaturesAreNamedWithTheirIndex() {
        String message = assertThrows(IllegalArgumentException.class, () -> classifier().fit(
                data(RowFactory.create(Vectors.dense(1, Double.NEGATIVE_INFINITY, 0), 1.0), 9))).getMessage();

        assertContains(message, "Column \"features\" has -Infinity at index 1 in partition 2, row 1", "finite");
    }

    @Test
    void underSkipEveryKindOfInvalidRowIsDroppedAndCounted() {
        Dataset<Row> data = data(RowFactory.create(null, null), 0).union(data(RowFactory.create(Vectors.dense(1,
                Double.POSITIVE_INFINITY, 0), 1.0), 1)).union(data(RowFactory.create(Vectors.dense(1, 2, 3), 7.5), 2));

        LazyNetClassificationModel model = classifier().setHandleInvalid("skip").fit(data);

        assertEquals(3, model.summary().rowsSkipped());
        assertEquals(33, model.summary().trainingRows());
    }

    @Test
    void numericSettingsOutOfRangeNameTheValueAndTheRange() {
        assertContains(settingError(() -> classifier().setBatchSize(-1)), "Invalid value -1 for batchSize",
                "rows per mini-batch across all partitions, one optimizer step each (> 0)");
        assertContains(settingError(() -> classifier().setBatchSize(0)), "Invalid value 0 for batchSize");
        assertContains(settingError(() -> classifier().setStepSize(0)), "Invalid value 0.0 for stepSize",
                "learning rate of the optimizer (> 0 as a float32");
        assertContains(settingError(() -> classifier().setStepSize(Double.NaN)), "Invalid value NaN for stepSize");
        assertContains(settingError(() -> classifier().setWeightDecay(-0.1)), "Invalid value -0.1 for weightDecay",
                ">= 0");
        assertContains(settingError(() -> classifier().setValidationFraction(1.0)),
                "Invalid value 1.0 for validationFraction", "in [0, 1)");
        assertContains(settingError(() -> classifier().setStepSize(Double.POSITIVE_INFINITY)),
                "Invalid value Infinity for stepSize", "to 3.4028235E38");
    }

    @Test
    void numbersTheOptimizerUsesAsFloatsAreCheckedAsFloats() {
        assertContains(settingError(() -> classifier().setStepSize(1e-300)), "Invalid value 1.0E-300 for stepSize",
                "> 0 as a float32, the precision of the weights: from 1.4E-45");
        assertContains(settingError(() -> classifier().setStepSize(1e39)), "Invalid value 1.0E39 for stepSize");
        assertContains(settingError(() -> classifier().setWeightDecay(1e39)), "Invalid value 1.0E39 for weightDecay",
                "finite as a float32");
        assertContains(settingError(() -> classifier().copy(ParamMap.empty().put(classifier().stepSize().w(1e-300)))),
                "Invalid value 1.0E-300 for stepSize");
        assertContains(settingError(() -> dev.lazynet.train.Optimizer.create("adam", 1e-300, 0)),
                "stepSize must be a positive finite number as a float32", "but was 1.0E-300");
        assertEquals(1e-30, classifier().setStepSize(1e-30).getStepSize());
    }

    @Test
    void aBlankCheckpointDirIsRefusedRatherThanMadeAFolderOfSpaces() {
        assertContains(settingError(() -> classifier().setCheckpointDir(" ")), "for checkpointDir",
                "empty, or a path that is not blank");
        assertEquals("", classifier().setCheckpointDir("").getCheckpointDir());
    }

    @Test
    void unknownNamesAreRefusedListingTheValidOnes() {
        assertContains(settingError(() -> classifier().setOptimizer("adagrad")), "Invalid value adagrad for optimizer",
                "adam", "sgd");
        assertContains(settingError(() -> classifier().setHandleInvalid("keep")),
                "Invalid value keep for handleInvalid", "error or skip");
        assertContains(settingError(() -> new LazyNetClassificationModel("m", new NetworkRecipe("dense(2)",
                dev.lazynet.tensor.Shape.of(2), true), new float[6]).setHandleInvalid("drop")),
                "Invalid value drop for handleInvalid");
    }

    @Test
    void zeroEpochsIsAcceptedAndReturnsTheInitializedNetwork() {
        Dataset<Row> data = data(RowFactory.create(Vectors.dense(1, 2, 3), 0.0), 0);
        LazyNetClassificationModel untrained = classifier().setMaxIter(0).fit(data);

        assertEquals(0, untrained.summary().totalEpochs());
        assertArrayEquals(untrained.weights(), classifier().setMaxIter(0).fit(data).weights());
    }

    @Test
    void specSyntaxErrorsNameTheLayerAndTheFix() {
        assertContains(settingError(() -> classifier().setLayers("dense(3")), "Layer 1", "unbalanced parentheses",
                "name(arg,arg)");
        assertContains(settingError(() -> classifier().setLayers("dense(8,relu)) dense(3)")), "unbalanced parentheses");
        assertContains(settingError(() -> classifier().setLayers("dense(x)")), "must be a whole number but was \"x\"",
                "usage: dense(units");
        assertContains(settingError(() -> classifier().setLayers("dense(3,relu,9)")), "Layer 1", "arguments but got 3");
        assertContains(settingError(() -> classifier().setLayers("  ")), "The network spec is empty");
        assertContains(settingError(() -> classifier().setLayers("warp(5) dense(3)")), "unknown layer \"warp\"");
        assertContains(settingError(() -> classifier().setInputShape("0,28")), "Shape \"0,28\" has 0 at position 0");
        assertContains(settingError(() -> classifier().setInitializer("normal(-1)")), "non-negative scale, but got -1.0");
    }

    /** 400 sparse rows of 2,000,000 values, as hashed text features are, with two non-zeros each. */
    private static Dataset<Row> wideSparseRows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            rows.add(RowFactory.create(Vectors.sparse(2_000_000, new int[] {i, 1000 + i}, new double[] {1, 1}),
                    (double) (i % 2)));
        }
        return TestData.frame(spark, rows, 1);
    }

    @Test
    void rowsTooWideToPackAreRefusedWithTheSizesInsteadOfRunningOutOfMemory() {
        String message = assertThrows(IllegalArgumentException.class, () -> new LazyNetClassifier()
                .setLayers("dense(16,relu) dense(2)").setMaxIter(1).fit(wideSparseRows())).getMessage();

        assertContains(message, "Partition 0 of column \"features\" has more than", "rows of 2,000,001 floats",
                "7.6 MiB each once packed; sparse vectors are packed densely", "of this JVM's",
                "FeatureHasher's numFeatures", "spark.driver.memory in local mode", "repartition");
    }

    @Test
    void aTransformBatchTooLargeForATaskIsRefusedBeforeAnyJobWithABatchSizeThatFits() {
        LazyNetClassificationModel model = new LazyNetClassificationModel("wide", new NetworkRecipe("dense(2)",
                dev.lazynet.tensor.Shape.of(2_000_000), true), new float[4_000_002]);

        String message = settingError(() -> model.transform(wideSparseRows()));

        assertContains(message, "transform runs batches of batchSize 256 rows of column \"features\", 2,000,000"
                + " floats each (sparse vectors are densified)", "lower the model's batchSize, e.g. setBatchSize(",
                "FeatureHasher's numFeatures", "spark.driver.memory");
    }

    @Test
    void aValueSetThroughAParamMapOrCopyGetsTheSettersWordsNotSparksGenericOne() {
        LazyNetClassifier estimator = classifier();

        assertContains(settingError(() -> estimator.copy(ParamMap.empty().put(estimator.batchSize().w(-1)))),
                "Invalid value -1 for batchSize: rows per mini-batch across all partitions, one optimizer step each"
                        + " (> 0)");
        assertContains(settingError(() -> estimator.copy(new ParamMap().put(estimator.optimizer(), "adagrad"))),
                "Invalid value adagrad for optimizer", "adam", "sgd");
        assertContains(settingError(() -> estimator.maxIter().w(-2)), "Invalid value -2 for maxIter", "(>= 0)");
        assertContains(settingError(() -> new ParamGridBuilder().addGrid(estimator.stepSize(), new double[] {0.01,
                1e-300}).build()), "Invalid value 1.0E-300 for stepSize");
    }

    @Test
    void aNullNetworkTemplateIsNamedWithTheTwoWaysToGiveANetwork() {
        assertContains(settingError(() -> classifier().setNetwork(null)), "setNetwork was given null",
                "pass a Sequential", "setLayers(\"dense(256,relu) dense(10)\")");
    }

    @Test
    void columnNamesWithADotAreUsedAsNamesNotAsStructFields() {
        StructType schema = new StructType().add("my.features", SQLDataTypes.VectorType())
                .add("my.label", DataTypes.DoubleType);
        Dataset<Row> data = TestData.frame(spark, TestData.blobs(30, 3, 3, 5), 2, schema);

        LazyNetClassificationModel model = classifier().setFeaturesCol("my.features").setLabelCol("my.label")
                .fit(data);

        assertEquals(30, model.summary().trainingRows());
        assertEquals(30, model.transform(data).select("prediction").count());
        assertContains(settingError(() -> classifier().setFeaturesCol("my.pixels").fit(data)),
                "Column \"my.pixels\" does not exist", "[my.features, my.label]");
    }

    @Test
    void specMistakesNameTheActualProblemAndWhereItIs() {
        assertContains(settingError(() -> classifier().setLayers("dense(99999999999)")),
                "units is 99999999999, more than the largest size, 2147483647");
        assertContains(settingError(() -> classifier().setLayers("dense(16\uFF0Crelu) dense(3)")),
                "has '\uFF0C' (U+FF0C) at position 8, which is not ASCII");
        assertContains(settingError(() -> classifier().setLayers("dense(16,relu,) dense(3)")),
                "Layer 1 \"dense(16,relu,)\"", "has an empty argument 3 of 3; remove the extra comma");
        assertContains(settingError(() -> classifier().setLayers("dense(16,relu), dense(3)")),
                "Layer 1 \"dense(16,relu),\"", "has \",\" after its closing parenthesis; separate layers with spaces");
        assertContains(settingError(() -> classifier().setLayers("dense(3);")), "has \";\" after its closing"
                + " parenthesis");
    }
}
