package dev.lazynet.spark;

import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.spark.internal.data.PackedData;
import dev.lazynet.spark.internal.data.SchemaChecks;
import dev.lazynet.spark.internal.data.TargetReader;
import java.util.List;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * Trains a neural network regressor whose layers are declared without input sizes, e.g.
 * {@code new LazyNetRegressor().setLayers("dense(64,relu) dense(1)")}; the input shape is inferred from
 * the data and the loss is the mean squared error. The label is one number per row, so the network
 * ends with one output.
 */
public final class LazyNetRegressor extends LazyNetEstimator<LazyNetRegressor, LazyNetRegressionModel> {

    private static final long serialVersionUID = 1L;

    /** A regressor with a random uid and default Params. */
    public LazyNetRegressor() {
        this(Identifiable.randomUID("lazyNetRegressor"));
    }

    /** A regressor with the given uid, as Spark's persistence creates it. */
    public LazyNetRegressor(String uid) {
        super(uid);
    }

    @Override
    boolean classification() {
        return false;
    }

    @Override
    TargetReader targets(Dataset<?> dataset, int outputs, String lastLayer) {
        if (outputs != 1) {
            throw new IllegalArgumentException("The network's last layer " + lastLayer + " has " + outputs + " outputs,"
                    + " but a regression label is one number per row; end the network with dense(1)");
        }
        return TargetReader.real(getLabelCol());
    }

    @Override
    void checkOutputs(PackedData data, int outputs, String lastLayer) {
        // One output per row was checked before packing; the labels cannot change that.
    }

    @Override
    LazyNetRegressionModel newModel(NetworkRecipe recipe, float[] weights) {
        return new LazyNetRegressionModel(uid(), recipe, weights);
    }

    @Override
    List<SchemaChecks.Output> outputColumns() {
        return LazyNetRegressionModel.outputColumns(this);
    }

    @Override
    public LazyNetRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** The reader of regressors saved with {@code write().save(path)}. */
    public static MLReader<LazyNetRegressor> read() {
        return new DefaultParamsReader<>();
    }

    /** Loads a regressor saved with {@code write().save(path)}. */
    public static LazyNetRegressor load(String path) {
        return read().load(path);
    }
}
