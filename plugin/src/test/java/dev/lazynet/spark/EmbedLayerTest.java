package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.Embed;
import dev.lazynet.serve.Predictor;
import dev.lazynet.tensor.Shape;
import dev.lazynet.train.Optimizer;
import dev.lazynet.train.SoftmaxCrossEntropy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedLayerTest extends SparkTestBase {

    private static final String[] COLORS = {"red", "green", "blue", "black", "white"};
    private static final String SPEC = "embed(3) dense(8,tanh) dense(2)";

    /** Two numeric columns, a colour whose category decides the label, and that label. */
    static Dataset<Row> colours(int n, int partitions) {
        StructType schema = new StructType().add("x", DataTypes.DoubleType).add("colour", DataTypes.StringType)
                .add("x2", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
        Random random = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(COLORS.length);
            rows.add(RowFactory.create(random.nextGaussian() * 0.1, COLORS[c], random.nextGaussian() * 0.1,
                    c % 2 == 0 ? 1.0 : 0.0));
        }
        return TestData.frame(spark, rows, partitions, schema);
    }

    private static PipelineStage[] indexAndAssemble() {
        return new PipelineStage[] {
            new StringIndexer().setInputCol("colour").setOutputCol("colourIndex"),
            new VectorAssembler().setInputCols(new String[] {"x", "colourIndex"}).setOutputCol("features")};
    }

    private static Dataset<Row> assembled(Dataset<Row> data) {
        return assembled(data, "x", "colour");
    }

    /** {@code data} with "features" assembled from {@code columns}, "colour" indexed in its place. */
    static Dataset<Row> assembled(Dataset<Row> data, String... columns) {
        String[] inputs = columns.clone();
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = inputs[i].equals("colour") ? "colourIndex" : inputs[i];
        }
        return new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("colour").setOutputCol("colourIndex"),
            new VectorAssembler().setInputCols(inputs).setOutputCol("features")}).fit(data).transform(data);
    }

    private static LazyNetClassifier classifier() {
        return new LazyNetClassifier().setLayers(SPEC).setMaxIter(30).setBatchSize(32).setStepSize(0.05).setSeed(2);
    }

    @Test
    void aPipelineOfStringIndexerAndVectorAssemblerSizesTheTableFromTheMetadataAndLearnsTheCategories() {
        Dataset<Row> data = colours(300, 2);
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {indexAndAssemble()[0],
            indexAndAssemble()[1], classifier()}).fit(data);
        LazyNetClassificationModel net = (LazyNetClassificationModel) model.stages()[2];

        assertEquals("embed(3,vocab=0:5) dense(8,tanh) dense(2)", net.network().spec());
        assertEquals(Shape.of(5, 3), net.network().parameters().get("0.table1").shape());
        assertEquals(Shape.of(8, 4), net.network().parameters().get("1.weight").shape());
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(model.transform(data));
        assertEquals(1.0, accuracy, "the colour decides the label, and each colour has its own table row");
    }

    @Test
    void theOutputWidthShowsAQuestionMarkBeforeTheFit() {
        String summary = dev.lazynet.nn.NetworkSpec.parse(SPEC).summary();
        assertTrue(summary.contains("?"), summary);
    }

    @Test
    void repeatedFitsAreEqualAndMatchTheSingleJvmTrainer() {
        Dataset<Row> data = assembled(colours(200, 1));
        float[] first = classifier().setMaxIter(3).fit(data).weights();
        float[] second = classifier().setMaxIter(3).fit(data).weights();
        List<Row> rows = data.select("features", "label").collectAsList();
        float[] local = DeterminismTest.localFit("embed(3,vocab=0:5) dense(8,tanh) dense(2)", rows,
                new SoftmaxCrossEntropy(), Optimizer.create("adam", 0.05, 0), 3, 32, 2);

        assertArrayEquals(first, second);
        assertTrue(DeterminismTest.maxDifference(first, local) < 1e-5,
                "max difference " + DeterminismTest.maxDifference(first, local));
    }

    @Test
    void aSavedModelPredictsTheSameInSparkAfterLoadAndInTheSparkFreePredictor(@TempDir Path dir) throws Exception {
        Dataset<Row> data = assembled(colours(200, 2));
        LazyNetClassificationModel model = classifier().setMaxIter(5).fit(data);
        String path = dir.resolve("model").toString();
        model.write().save(path);
        LazyNetClassificationModel loaded = LazyNetClassificationModel.load(path);
        Predictor predictor = Predictor.load(dir.resolve("model"));

        assertArrayEquals(model.weights(), loaded.weights());
        for (Row row : data.select("features").limit(20).collectAsList()) {
            Vector v = row.getAs(0);
            double[] values = v.toArray();
            float[] features = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                features[i] = (float) values[i];
            }
            assertEquals(model.predict(v), loaded.predict(v));
            assertEquals(model.predict(v), predictor.predict(features));
        }
    }

    @Test
    void crossValidationFitsEmbeddingsInEveryFold() {
        Dataset<Row> data = assembled(colours(120, 2));
        LazyNetClassifier net = classifier().setMaxIter(10);
        ParamMap[] grid = new ParamGridBuilder().addGrid(net.stepSize(), new double[] {0.01, 0.05}).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(net).setEstimatorParamMaps(grid)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
                .setNumFolds(2).setSeed(1).fit(data);

        assertTrue(((LazyNetClassificationModel) cv.bestModel()).network().get(0) instanceof Embed);
        assertEquals(2, cv.avgMetrics().length);
    }

    @Test
    void featuresWithoutNominalMetadataAreAClearErrorSayingToIndexTheColumn() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> classifier().fit(TestData.frame(spark, TestData.blobs(30, 4, 2, 1), 2)));
        assertTrue(error.getMessage().contains("StringIndexer before VectorAssembler"), error.getMessage());
        assertTrue(error.getMessage().contains("\"features\""), error.getMessage());

        Dataset<Row> numericOnly = new VectorAssembler().setInputCols(new String[] {"x"}).setOutputCol("features")
                .transform(colours(30, 1));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> classifier().fit(numericOnly));
        assertTrue(none.getMessage().contains("none of the 1 slots"), none.getMessage());
    }

    @Test
    void embedAnywhereButFirstIsRefusedBeforeTraining() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> classifier().setLayers("dense(4) embed(3) dense(2)").fit(assembled(colours(30, 1))));
        assertTrue(error.getMessage().contains("must be the first layer"), error.getMessage());
    }
}
