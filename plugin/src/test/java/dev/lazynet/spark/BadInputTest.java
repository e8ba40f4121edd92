package dev.lazynet.spark;

import static dev.lazynet.spark.FailureMessages.assertContains;
import static dev.lazynet.spark.FailureMessages.invalidDataCause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BadInputTest extends SparkTestBase {

    private static LazyNetClassifier classifier() {
        return new LazyNetClassifier().setLayers("dense(3)").setMaxIter(1).setBatchSize(16);
    }

    /** 3 partitions of 4 rows with 3 features and labels 0, 1, 2; row {@code (partition, row)} replaced. */
    private static Dataset<Row> withRow(int partition, int row, Row bad) {
        return withRow(partition, row, bad, TestData.SCHEMA);
    }

    private static Dataset<Row> withRow(int partition, int row, Row bad, StructType schema) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(RowFactory.create(Vectors.dense(i, -i, 1), (double) (i % 3)));
        }
        rows.set(partition * 4 + row, bad);
        return TestData.frame(spark, rows, 3, schema);
    }

    private static String fitError(LazyNetEstimator<?, ?> estimator, Dataset<Row> data) {
        return assertThrows(IllegalArgumentException.class, () -> estimator.fit(data)).getMessage();
    }

    @Test
    void rejectsVectorsOfADifferentSizeInALaterPartition() {
        String message = fitError(classifier(), withRow(2, 1, RowFactory.create(Vectors.dense(1, 2), 0.0)));

        assertContains(message, "Column \"features\" has a vector of size 2 in partition 2, row 1",
                "built for 3 (input shape (3,), from the first row of the first non-empty partition)",
                "check the VectorAssembler inputs or set inputShape");
    }

    @Test
    void rejectsNullFeatures() {
        String message = fitError(classifier(), withRow(1, 2, RowFactory.create(null, 0.0)));

        assertContains(message, "Column \"features\" is null in partition 1, row 2", "3",
                "set handleInvalid to \"skip\"");
    }

    @Test
    void rejectsNaNAndInfiniteFeatures() {
        String nan = fitError(classifier(), withRow(0, 3, RowFactory.create(Vectors.dense(1, Double.NaN, 3), 1.0)));
        String inf = fitError(classifier(), withRow(1, 0, RowFactory.create(Vectors.dense(1, 2, 1e300), 1.0)));

        assertContains(nan, "Column \"features\" has NaN at index 1 in partition 0, row 3", "finite");
        assertContains(inf, "Column \"features\" has 1.0E300 at index 2 in partition 1, row 0",
                "beyond the float32 range");
    }

    @Test
    void rejectsLabelsThatAreNotClassIndices() {
        String fraction = fitError(classifier(), withRow(1, 1, RowFactory.create(Vectors.dense(1, 2, 3), 2.5)));
        String negative = fitError(classifier(), withRow(0, 0, RowFactory.create(Vectors.dense(1, 2, 3), -1.0)));
        String missing = fitError(classifier(), withRow(2, 3, RowFactory.create(Vectors.dense(1, 2, 3), null)));

        assertContains(fraction, "Column \"label\" has 2.5 in partition 1, row 1", "whole numbers in [0,",
                "StringIndexer");
        assertContains(negative, "Column \"label\" has -1.0 in partition 0, row 0");
        assertContains(missing, "Column \"label\" is null in partition 2, row 3", "class index");
    }

    @Test
    void rejectsLabelsBeyondTheClassesOfTheMetadata() {
        Dataset<Row> data = withRow(1, 3, RowFactory.create(Vectors.dense(1, 2, 3), 3.0));
        Dataset<Row> labelled = data.withColumn("label", data.col("label").as("label",
                org.apache.spark.ml.attribute.NominalAttribute.defaultAttr().withNumValues(3).toMetadata()));

        assertContains(fitError(classifier(), labelled), "Column \"label\" has 3.0 in partition 1, row 3",
                "[0, 3) (3 classes, from the column's ML metadata)");
    }

    @Test
    void rejectsNonFiniteRegressionLabels() {
        String message = fitError(new LazyNetRegressor().setLayers("dense(1)").setMaxIter(1),
                withRow(2, 2, RowFactory.create(Vectors.dense(1, 2, 3), Double.POSITIVE_INFINITY)));

        assertContains(message, "Column \"label\" has Infinity in partition 2, row 2", "finite numbers");
    }

    @Test
    void rejectsArraysWithNullElements() {
        StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(RowFactory.create(new Double[] {1.0, (double) i}, (double) (i % 3)));
        }
        rows.set(4, RowFactory.create(new Double[] {1.0, null}, 1.0));

        assertContains(fitError(classifier(), TestData.frame(spark, rows, 2, schema)),
                "Column \"features\" has a null at index 1 in partition 1, row 1");
    }

    @Test
    void skipDropsInvalidRowsAndCountsThem() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(RowFactory.create(Vectors.dense(i % 3, 1), (double) (i % 3)));
        }
        rows.set(3, RowFactory.create(Vectors.dense(1), 0.0));
        rows.set(17, RowFactory.create(Vectors.dense(1, Double.NaN), 0.0));
        rows.set(25, RowFactory.create(Vectors.dense(1, 1), 0.5));
        LazyNetClassificationModel model = classifier().setHandleInvalid("skip").fit(TestData.frame(spark, rows, 2));

        assertEquals(3, model.summary().rowsSkipped());
        assertEquals(27, model.summary().trainingRows());
    }

    @Test
    void emptyDataIsAnErrorThatSaysSo() {
        String message = fitError(classifier(), TestData.frame(spark, List.of(), 2));

        assertContains(message, "The dataset is empty", "no non-null value in any of its 2 partitions");
    }

    @Test
    void dataWhoseRowsAreAllSkippedIsAnError() {
        List<Row> rows = List.of(RowFactory.create(Vectors.dense(1, 2), -1.0), RowFactory.create(Vectors.dense(1, 2),
                0.5));
        String message = fitError(classifier().setHandleInvalid("skip"), TestData.frame(spark, rows, 1));

        assertContains(message, "Every row of the dataset is invalid: all 2 rows were skipped",
                "Column \"label\" has -1.0 in partition 0, row 0");
    }

    @Test
    void aLastLayerThatDoesNotMatchTheClassesNamesBothNumbers() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(RowFactory.create(Vectors.dense(i, 1), (double) (i % 10)));
        }
        String message = fitError(classifier().setLayers("dense(8,relu) dense(3)"), TestData.frame(spark, rows, 2));

        assertContains(message, "last layer dense(3) has 3 outputs", "largest label in column \"label\" is 9",
                "10 classes", "dense(10)");
    }

    @Test
    void aLastLayerThatDoesNotMatchTheMetadataIsRejectedBeforeReadingData() {
        Dataset<Row> data = withRow(0, 0, RowFactory.create(Vectors.dense(1, 2, 3), 0.0));
        Dataset<Row> labelled = data.withColumn("label", data.col("label").as("label",
                org.apache.spark.ml.attribute.NominalAttribute.defaultAttr().withNumValues(10).toMetadata()));

        assertContains(fitError(classifier(), labelled), "dense(3) has 3 outputs", "has 10 classes (from its ML"
                + " metadata)", "dense(10)");
    }

    @Test
    void regressionNeedsOneOutput() {
        String message = fitError(new LazyNetRegressor().setLayers("dense(2)"), withRow(0, 0,
                RowFactory.create(Vectors.dense(1, 2, 3), 0.0)));

        assertContains(message, "dense(2) has 2 outputs", "dense(1)");
    }

    @Test
    void columnsOfTheWrongTypeOrMissingAreNamed() {
        Dataset<Row> data = withRow(0, 0, RowFactory.create(Vectors.dense(1, 2, 3), 0.0));
        Dataset<Row> textFeatures = data.withColumn("text", data.col("label").cast("string"));

        assertContains(fitError(classifier().setFeaturesCol("text"), textFeatures),
                "Column \"text\" has type string", "VectorAssembler");
        assertContains(fitError(classifier().setLabelCol("text"), textFeatures),
                "Column \"text\" has type string", "labelCol must name a numeric column", "StringIndexer");
        assertContains(fitError(classifier().setFeaturesCol("pixels"), data),
                "Column \"pixels\" does not exist", "[features, label]", "featuresCol");
        assertContains(fitError(classifier().setPredictionCol("label"), data),
                "Output column \"label\" already exists", "predictionCol");
    }

    @Test
    void settingsThatCannotWorkAreRejectedWithTheValue() {
        Dataset<Row> data = withRow(0, 0, RowFactory.create(Vectors.dense(1, 2, 3), 0.0));

        assertContains(fitError(new LazyNetClassifier(), data), "has no network", "setLayers");
        assertContains(assertThrows(IllegalArgumentException.class, () -> classifier().setLayers("dense(0)"))
                .getMessage(), "units must be positive but was 0");
        assertContains(assertThrows(IllegalArgumentException.class, () -> classifier().setInputShape("1,x"))
                .getMessage(), "\"x\"");
        assertContains(assertThrows(IllegalArgumentException.class, () -> classifier().setInitializer("glorot"))
                .getMessage(), "Unknown initializer \"glorot\"");
        assertContains(assertThrows(IllegalArgumentException.class, () -> classifier().setMaxIter(-1))
                .getMessage(), "maxIter", "-1");
        assertContains(fitError(classifier().setValidationFraction(0.1).setValidationIndicatorCol("isVal"),
                data.withColumn("isVal", data.col("label").gt(1))), "set only one");
        assertContains(fitError(classifier().setInputShape("2,2"), data.withColumn("features", data.col("features")
                .as("features", new org.apache.spark.ml.attribute.AttributeGroup("features", 3).toMetadata()))),
                "inputShape (2, 2) has 4 values", "vectors of size 3");
    }

    @Test
    void transformRejectsRowsItCannotPredictUnlessTheyAreSkipped() {
        Dataset<Row> data = withRow(0, 0, RowFactory.create(Vectors.dense(1, 2, 3), 0.0));
        LazyNetClassificationModel model = classifier().fit(data);
        Dataset<Row> bad = withRow(1, 2, RowFactory.create(Vectors.dense(1, 2), 0.0));

        assertContains(invalidDataCause(assertThrows(Exception.class, () -> model.transform(bad).count())),
                "Column \"features\" has a vector of size 2 in partition 1, row 2", "input shape (3,) of the fitted model");
        assertEquals(11, model.setHandleInvalid("skip").transform(bad).count());
    }

    @Test
    void arrayColumnsOfFloatsWork() {
        StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType))
                .add("label", DataTypes.IntegerType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(new float[] {i % 2, 1f - i % 2}, i % 2));
        }
        Dataset<Row> data = TestData.frame(spark, rows, 2, schema);
        LazyNetClassificationModel model = new LazyNetClassifier().setLayers("dense(2)").setMaxIter(10)
                .setStepSize(0.1).setBatchSize(40).fit(data);

        assertEquals(2, model.numFeatures());
        assertEquals(40, model.transform(data).filter("prediction = label").count());
        assertEquals(SQLDataTypes.VectorType(), model.transform(data).schema().apply("probability").dataType());
    }

    @Test
    void aNullValidationIndicatorIsInvalid() {
        StructType schema = TestData.SCHEMA.add("isVal", DataTypes.BooleanType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(RowFactory.create(Vectors.dense(i, 1), (double) (i % 3), i == 6 ? null : i % 4 == 0));
        }

        assertContains(fitError(classifier().setValidationIndicatorCol("isVal"), TestData.frame(spark, rows, 3, schema)),
                "Column \"isVal\" is null in partition 1, row 2", "true or false");
    }

    @Test
    void dataThatIsAllValidationIsAnError() {
        Dataset<Row> data = withRow(0, 0, RowFactory.create(Vectors.dense(1, 2, 3), 0.0))
                .withColumn("isVal", org.apache.spark.sql.functions.lit(true));

        assertContains(fitError(classifier().setValidationIndicatorCol("isVal"), data),
                "All 12 rows are validation rows");
    }

    @Test
    void anEmptyFirstVectorLeavesNoShapeToInfer() {
        String message = fitError(classifier(), withRow(0, 0, RowFactory.create(Vectors.dense(new double[0]), 0.0)));

        assertContains(message, "Column \"features\" has an empty vector in its first row", "set inputShape");
    }

    @Test
    void aNetworkMustEndWithOneVectorPerRow() {
        String message = fitError(classifier().setLayers("conv2d(2,1)").setInputShape("1,2,2"), TestData.frame(spark,
                List.of(RowFactory.create(Vectors.dense(1, 2, 3, 4), 0.0)), 1));

        assertContains(message, "output has shape (?, 2, 2, 2) for input shape (1, 2, 2), from the inputShape"
                + " parameter", "flatten");
    }

    @Test
    void aClassifierNeedsAtLeastTwoOutputs() {
        String message = fitError(classifier().setLayers("dense(1)"), withRow(0, 0,
                RowFactory.create(Vectors.dense(1, 2, 3), 0.0)));

        assertContains(message, "dense(1) has 1 output", "at least 2");
    }
}
