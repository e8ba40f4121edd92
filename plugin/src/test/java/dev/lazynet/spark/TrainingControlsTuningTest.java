package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training controls that change a fit's course, {@code clipNorm} and {@code earlyStoppingPatience},
 * as Spark's tuning uses them: a grid over both in a Pipeline under a CrossValidator, and the tuned
 * model saved and loaded back.
 */
class TrainingControlsTuningTest extends SparkTestBase {

    private static final List<Row> BLOBS = TestData.blobs(120, 4, 3, 17);

    @TempDir
    Path dir;

    @Test
    void aCrossValidatorTunesClipNormAndPatienceInAPipelineAndItsModelSurvivesSaveAndLoad() throws Exception {
        Dataset<Row> data = TestData.frame(spark, BLOBS, 2);
        StandardScaler scaler = new StandardScaler().setInputCol("features").setOutputCol("scaled");
        LazyNetClassifier net = new LazyNetClassifier().setFeaturesCol("scaled").setLayers("dense(8,relu) dense(3)")
                .setMaxIter(4).setBatchSize(16).setStepSize(0.05).setValidationFraction(0.25).setSeed(3);
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(net.clipNorm(), new double[] {0.0, 0.5})
                .addGrid(net.earlyStoppingPatience(), new int[] {0, 1})
                .build();
        CrossValidator cv = new CrossValidator()
                .setEstimator(new Pipeline().setStages(new PipelineStage[] {scaler, net}))
                .setEstimatorParamMaps(grid)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
                .setNumFolds(2).setSeed(5);

        CrossValidatorModel tuned = cv.fit(data);
        assertEquals(4, tuned.avgMetrics().length);
        int best = bestIndex(tuned.avgMetrics());
        LazyNetClassificationModel bestNet = lastStage(tuned);
        assertEquals((double) grid[best].apply(net.clipNorm()), bestNet.getClipNorm());
        assertEquals((int) grid[best].apply(net.earlyStoppingPatience()), bestNet.getEarlyStoppingPatience());

        String path = dir.resolve("tuned").toString();
        tuned.write().overwrite().save(path);
        CrossValidatorModel loaded = CrossValidatorModel.load(path);
        LazyNetClassificationModel loadedNet = lastStage(loaded);
        assertEquals(bestNet.getClipNorm(), loadedNet.getClipNorm());
        assertEquals(bestNet.getEarlyStoppingPatience(), loadedNet.getEarlyStoppingPatience());
        assertEquals(tuned.transform(data).select("probability").collectAsList(),
                loaded.transform(data).select("probability").collectAsList());
    }

    private static LazyNetClassificationModel lastStage(CrossValidatorModel model) {
        PipelineModel pipeline = (PipelineModel) model.bestModel();
        return (LazyNetClassificationModel) pipeline.stages()[pipeline.stages().length - 1];
    }

    /** The grid point Spark's CrossValidator picks for a larger-is-better metric: the first best. */
    private static int bestIndex(double[] metrics) {
        int best = 0;
        for (int i = 1; i < metrics.length; i++) {
            if (metrics[i] > metrics[best]) {
                best = i;
            }
        }
        return best;
    }
}
