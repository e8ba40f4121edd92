package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Predef;

/**
 * Fit, transform, tune and persist, as a Spark ML user would; run on an embedded master and on a
 * cluster of separate executor JVMs.
 */
abstract class EndToEndScenarios {

    @TempDir
    Path dir;

    /** The session the scenarios run on. */
    abstract SparkSession session();

    @Test
    void separatesGaussianBlobsWithHighAccuracy() {
        Dataset<Row> data = TestData.frame(session(), TestData.blobs(400, 4, 3, 1), 2);
        LazyNetClassificationModel model = new LazyNetClassifier().setLayers("dense(16,relu) dense(3)").setMaxIter(5)
                .setBatchSize(50).setStepSize(0.03).fit(data);

        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(model.transform(data));
        assertTrue(accuracy > 0.95, "accuracy " + accuracy);
    }

    @Test
    void fitsALinearFunctionWithSmallError() {
        Dataset<Row> data = TestData.frame(session(), TestData.linear(400, new double[] {1.5, -2, 0.5}, 1), 2);
        LazyNetRegressionModel model = new LazyNetRegressor().setLayers("dense(1)").setMaxIter(8).setBatchSize(50)
                .setStepSize(0.1).fit(data);

        double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(model.transform(data));
        assertTrue(rmse < 0.1, "rmse " + rmse);
    }

    @Test
    void aTunedPipelineSurvivesSaveAndLoadWithIdenticalPredictions() throws IOException {
        Dataset<Row> data = flowers(session(), 180);
        LazyNetClassifier classifier = new LazyNetClassifier().setBatchSize(30).setSeed(1);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("species").setOutputCol("label"),
            new VectorAssembler().setInputCols(new String[] {"length", "width", "height"}).setOutputCol("raw"),
            new StandardScaler().setInputCol("raw").setOutputCol("features"),
            classifier});
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(classifier.stepSize(), new double[] {0.001, 0.1})
                .addGrid(classifier.layers(), Predef.wrapRefArray(new String[] {"dense(3)", "dense(4,relu) dense(3)"}))
                .addGrid(classifier.maxIter(), new int[] {3})
                .build();
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        CrossValidatorModel tuned = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
                .setEvaluator(accuracy).setNumFolds(2).setSeed(3).fit(data);

        String path = dir.resolve("tuned").toString();
        tuned.write().overwrite().save(path);
        CrossValidatorModel loaded = CrossValidatorModel.load(path);

        PipelineModel best = (PipelineModel) tuned.bestModel();
        LazyNetClassificationModel network = (LazyNetClassificationModel) best.stages()[3];
        assertEquals(0.1, network.getStepSize(), "the larger step learns more in 3 epochs");
        assertEquals(4, tuned.avgMetrics().length);
        double bestAccuracy = accuracy.evaluate(best.transform(data));
        assertTrue(bestAccuracy > 0.9, "accuracy " + bestAccuracy);
        assertEquals(predictions(best, data), predictions((PipelineModel) loaded.bestModel(), data));
    }

    private static List<Row> predictions(PipelineModel model, Dataset<Row> data) {
        return model.transform(data).select("rawPrediction", "probability", "prediction").collectAsList();
    }

    /** Three species of flowers measured in three ways, with string labels. */
    private static Dataset<Row> flowers(SparkSession session, int rows) {
        String[] species = {"iris", "lily", "tulip"};
        Random rng = new Random(5);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int s = i % 3;
            out.add(RowFactory.create(10 + 4 * s + rng.nextGaussian(), 2 - s + rng.nextGaussian() * 0.3,
                    30 + 10 * ((s + 1) % 3) + rng.nextGaussian() * 2, species[s]));
        }
        StructType schema = new StructType().add("length", DataTypes.DoubleType).add("width", DataTypes.DoubleType)
                .add("height", DataTypes.DoubleType).add("species", DataTypes.StringType);
        return session.createDataFrame(JavaSparkContext.fromSparkContext(session.sparkContext()).parallelize(out, 2),
                schema);
    }
}
