package dev.lazynet.spark;

import dev.lazynet.spark.internal.data.BatchPredictor;
import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.spark.internal.data.SchemaChecks;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.mllib.evaluation.RegressionMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.DataTypes;

/**
 * A fitted {@link LazyNetRegressor}: {@link #transform} adds the {@code prediction} column (a double), or
 * nothing if {@code predictionCol} is empty.
 */
public final class LazyNetRegressionModel extends LazyNetModel<LazyNetRegressionModel> {

    private static final long serialVersionUID = 1L;

    LazyNetRegressionModel(String uid, NetworkRecipe recipe, float[] weights) {
        super(uid, recipe, weights);
    }

    /**
     * Always throws {@link UnsupportedOperationException}: a model comes from {@code fit} or
     * {@link #load}. It exists because Spark Connect finds models through {@code
     * META-INF/services/org.apache.spark.ml.Transformer}, and {@link java.util.ServiceLoader} requires a
     * public no-argument constructor of each class listed there, though it never calls it.
     */
    public LazyNetRegressionModel() {
        this(refuseEmptyModel(LazyNetRegressionModel.class), null, null);
    }

    /** The prediction for one row of features. */
    public double predict(Vector features) {
        return forwardOne(features)[0];
    }

    /**
     * Measures the model on a labelled dataset, as Spark's regression summaries do: its predictions
     * against {@link #labelCol()}, by Spark's {@code RegressionMetrics}; where {@link #weightCol()} is set
     * and the dataset has that column, each row counts with its weight. Rows that {@link #transform}
     * drops with {@code handleInvalid = "skip"} are not measured.
     *
     * @throws IllegalArgumentException if the label column is missing or not numeric, or as {@link #transform}
     */
    public LazyNetRegressionMetrics evaluate(Dataset<?> dataset) {
        RegressionMetrics metrics = new RegressionMetrics(scored(dataset, List.of(predictionCol())));
        return new LazyNetRegressionMetrics(metrics.rootMeanSquaredError(), metrics.meanSquaredError(),
                metrics.meanAbsoluteError(), metrics.r2(), metrics.explainedVariance());
    }

    @Override
    List<SchemaChecks.Output> outputColumns() {
        return outputColumns(this);
    }

    /** The column a regressor appends, if its name is not empty. */
    static List<SchemaChecks.Output> outputColumns(LazyNetParams params) {
        String prediction = params.getPredictionCol();
        return prediction.isEmpty() ? List.of() : List.of(new SchemaChecks.Output(
                DataTypes.createStructField(prediction, DataTypes.DoubleType, false), "predictionCol"));
    }

    @Override
    BatchPredictor.Outputs outputs() {
        return new Outputs();
    }

    /** The single network output as the prediction. */
    private record Outputs() implements BatchPredictor.Outputs {

        @Override
        public int count() {
            return 1;
        }

        @Override
        public void write(float[] out, int offset, int width, Object[] row, int at) {
            row[at] = (double) out[offset];
        }
    }

    @Override
    public LazyNetRegressionModel copy(ParamMap extra) {
        LazyNetRegressionModel copy = copyValues(new LazyNetRegressionModel(uid(), recipe, weights), extra);
        return (hasSummary() ? copy.withSummary(summary()) : copy).setParent(parent());
    }

    /** The reader of models saved by {@link #write()}. */
    public static MLReader<LazyNetRegressionModel> read() {
        return new LazyNetModelReader<>(LazyNetRegressionModel.class, false, LazyNetRegressionModel::new);
    }

    /** Loads a model saved with {@code write().save(path)}. */
    public static LazyNetRegressionModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "LazyNetRegressionModel: uid=" + uid() + ", layers=" + recipe.spec() + ", input shape "
                + featureShape();
    }
}
