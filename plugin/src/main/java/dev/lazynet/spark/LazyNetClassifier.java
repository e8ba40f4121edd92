package dev.lazynet.spark;

import dev.lazynet.serve.ClassThresholds;
import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.spark.internal.data.PackedData;
import dev.lazynet.spark.internal.data.SchemaChecks;
import dev.lazynet.spark.internal.data.ShapeInference;
import dev.lazynet.spark.internal.data.TargetReader;
import java.util.List;
import java.util.OptionalInt;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * Trains a neural network classifier whose layers are declared without input sizes, e.g.
 * {@code new LazyNetClassifier().setLayers("dense(256,relu) dense(10)")}; the input shape is inferred
 * from the data and the loss is softmax cross-entropy.
 *
 * <p>Labels are class indices {@code 0 .. k-1}, as {@code StringIndexer} makes them. The number of
 * classes comes from the label column's ML metadata, else from the largest label; the network's last
 * layer must have one output per class.
 */
public final class LazyNetClassifier extends LazyNetEstimator<LazyNetClassifier, LazyNetClassificationModel>
        implements LazyNetClassifierParams {

    private static final long serialVersionUID = 1L;

    /** A classifier with a random uid and default Params. */
    public LazyNetClassifier() {
        this(Identifiable.randomUID("lazyNetClassifier"));
    }

    /** A classifier with the given uid, as Spark's persistence creates it. */
    public LazyNetClassifier(String uid) {
        super(uid);
    }

    /** Sets {@link #probabilityCol()}. */
    public LazyNetClassifier setProbabilityCol(String value) {
        return setParam(probabilityCol(), value);
    }

    /** Sets {@link #rawPredictionCol()}. */
    public LazyNetClassifier setRawPredictionCol(String value) {
        return setParam(rawPredictionCol(), value);
    }

    /** Sets {@link #thresholds()}, one per class; the model gets them, and {@code fit} checks their length. */
    public LazyNetClassifier setThresholds(double[] value) {
        return setParam(thresholds(), value);
    }

    @Override
    boolean classification() {
        return true;
    }

    @Override
    TargetReader targets(Dataset<?> dataset, int outputs, String lastLayer) {
        if (outputs < 2) {
            throw new IllegalArgumentException("The network's last layer " + lastLayer + " has " + outputs + " output,"
                    + " but a classifier needs one output per class, at least 2; end the network with dense(k) for"
                    + " k classes");
        }
        OptionalInt classes = ShapeInference.numClasses(dataset, getLabelCol());
        if (classes.isPresent() && classes.getAsInt() < 2) {
            throw new IllegalArgumentException("Column \"" + getLabelCol() + "\" has " + classes.getAsInt()
                    + " class (from its ML metadata), but a classifier learns to tell at least 2 apart; check that"
                    + " the data holds more than one class (e.g. what was filtered before StringIndexer), or fit"
                    + " LazyNetRegressor for a numeric target");
        }
        if (classes.isPresent() && classes.getAsInt() != outputs) {
            throw new IllegalArgumentException("The network's last layer " + lastLayer + " has " + outputs
                    + " outputs, but column \"" + getLabelCol() + "\" has " + classes.getAsInt() + " classes (from its"
                    + " ML metadata); end the network with dense(" + classes.getAsInt() + ")");
        }
        if (isDefined(thresholds())) {
            ClassThresholds.requireLength(getThresholds(), outputs, getClass().getSimpleName() + ".fit()");
        }
        return TargetReader.classes(getLabelCol(), classes.orElse(0));
    }

    /**
     * Without metadata the number of classes is one more than the largest label; fewer classes than
     * outputs is allowed (a sample may lack the last classes), more is not.
     */
    @Override
    void checkOutputs(PackedData data, int outputs, String lastLayer) {
        long classes = (long) data.maxLabel + 1;
        if (classes > outputs) {
            throw new IllegalArgumentException("The network's last layer " + lastLayer + " has " + outputs
                    + " outputs, but the largest label in column \"" + getLabelCol() + "\" is " + (classes - 1)
                    + ", so there are " + classes + " classes; end the network with dense(" + classes + ")");
        }
    }

    @Override
    LazyNetClassificationModel newModel(NetworkRecipe recipe, float[] weights) {
        return new LazyNetClassificationModel(uid(), recipe, weights);
    }

    @Override
    List<SchemaChecks.Output> outputColumns() {
        return LazyNetClassificationModel.outputColumns(this, 0);
    }

    @Override
    public LazyNetClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** The reader of classifiers saved with {@code write().save(path)}. */
    public static MLReader<LazyNetClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /** Loads a classifier saved with {@code write().save(path)}. */
    public static LazyNetClassifier load(String path) {
        return read().load(path);
    }
}
