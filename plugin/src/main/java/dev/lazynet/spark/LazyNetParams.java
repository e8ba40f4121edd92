package dev.lazynet.spark;

import java.util.List;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The Params shared by LazyNet's estimators and models, with Spark's names and conventions.
 *
 * <p>Spark finds Params by reflection on public no-argument methods and tells them apart by owner uid
 * and name, so each accessor here returns a fresh {@link Param} bound to this stage: an interface
 * cannot hold the fields a Scala trait would, and an equal Param serves every purpose a cached one
 * would. Defaults are listed in each Param's description and set by {@link #setLazyNetDefaults}.
 */
public interface LazyNetParams extends Params {

    /** The default of {@link #seed()}, fixed so that an unseeded fit is reproducible. */
    long DEFAULT_SEED = 42L;

    /** Name of the features column: an ML vector or an array of numbers, one row per sample. */
    default Param<String> featuresCol() {
        return new Param<>(this, "featuresCol", "features column name: an ML vector or an array of numbers"
                + " (default: features)");
    }

    /** Name of the label column: a class index for classification, a number for regression. */
    default Param<String> labelCol() {
        return new Param<>(this, "labelCol", "label column name: class indices 0, 1, ... for classification"
                + " (e.g. from StringIndexer), numbers for regression (default: label)");
    }

    /** Name of the output column with the prediction. */
    default Param<String> predictionCol() {
        return new Param<>(this, "predictionCol", "prediction column name (default: prediction)");
    }

    /** The network in the spec text format, e.g. {@code "dense(256,relu) dense(10)"}. */
    default Param<String> layers() {
        return new Param<>(this, "layers", "the network in the LazyNet spec format, layers separated by spaces"
                + " and without input sizes, e.g. \"dense(256,relu) dense(10)\" (no default)");
    }

    /** Number of epochs. */
    default IntParam maxIter() {
        return new IntParam(this, "maxIter", "maximum number of epochs, passes over the data (>= 0; default 10)",
                ParamValidators.gtEq(0));
    }

    /** Rows per global mini-batch, summed over all partitions. */
    default IntParam batchSize() {
        return new IntParam(this, "batchSize", "rows per mini-batch across all partitions, one optimizer step"
                + " each (> 0; default 256)", ParamValidators.gt(0));
    }

    /** The optimizer's learning rate. */
    default DoubleParam stepSize() {
        return new DoubleParam(this, "stepSize", "learning rate of the optimizer (> 0; default 0.001)",
                ParamValidators.gt(0));
    }

    /**
     * Optimizer steps each partition takes on its own rows between two synchronizations; 1 (the default)
     * keeps training exact.
     */
    default IntParam localSteps() {
        return new IntParam(this, "localSteps", "optimizer steps each partition takes on its own share of the"
                + " mini-batches between two synchronizations (>= 1; default 1: every step is one synchronous"
                + " step over the whole global mini-batch, exactly the single-JVM algorithm; k > 1: each partition"
                + " runs k steps on its share of k consecutive mini-batches with its own optimizer state, then the"
                + " driver averages the weights, which costs k times fewer Spark jobs but is local SGD, not the"
                + " exact algorithm)", ParamValidators.gtEq(1));
    }

    /** The optimizer: {@code adam} or {@code sgd}. */
    default Param<String> optimizer() {
        return new Param<>(this, "optimizer", "optimizer: adam (betas 0.9, 0.999) or sgd (momentum 0.9)"
                + " (default: adam)", ParamValidators.inArray(List.of("adam", "sgd")));
    }

    /** L2 weight decay added to the gradient. */
    default DoubleParam weightDecay() {
        return new DoubleParam(this, "weightDecay", "L2 penalty coefficient added to the gradient (>= 0;"
                + " default 0)", ParamValidators.gtEq(0));
    }

    /** Seeds the initial weights, the batch order and the validation split. */
    default LongParam seed() {
        return new LongParam(this, "seed", "random seed of the initial weights, the batch order of each epoch"
                + " and the validation split (default " + DEFAULT_SEED + ")");
    }

    /** How the weights start. */
    default Param<String> initializer() {
        return new Param<>(this, "initializer", "weight initializer: uniform, uniform(scale), normal(sigma),"
                + " constant(value), xavier, kaiming, zeros or ones; biases start at zero (default: xavier,"
                + " Glorot uniform, which keeps activation variance steady from layer to layer)");
    }

    /** The shape of one row, or empty to infer it. */
    default Param<String> inputShape() {
        return new Param<>(this, "inputShape", "shape of one row, e.g. \"1,28,28\" to view flat vectors of 784"
                + " values as 1x28x28 images; empty: from the features column's ML metadata, else from the first"
                + " row (default: empty)");
    }

    /** What to do with rows that do not fit the network. */
    default Param<String> handleInvalid() {
        return new Param<>(this, "handleInvalid", "how to handle invalid rows (null, NaN or infinite values,"
                + " vectors of another size, labels that are not valid class indices): error or skip (drop"
                + " them and report how many) (default: error)", ParamValidators.inArray(List.of("error", "skip")));
    }

    /** The fraction of rows held out to report validation metrics per epoch. */
    default DoubleParam validationFraction() {
        return new DoubleParam(this, "validationFraction", "fraction of rows held out, by a draw seeded with the"
                + " seed and each row's partition and position, to report validation loss and accuracy after each"
                + " epoch (in [0, 1); default 0: none)", ParamValidators.inRange(0, 1, true, false));
    }

    /** A boolean column marking validation rows, or empty for none. */
    default Param<String> validationIndicatorCol() {
        return new Param<>(this, "validationIndicatorCol", "name of a boolean column that is true for rows held"
                + " out for validation; empty: none (default: empty)");
    }

    /** Where to keep checkpoints, or empty for none. */
    default Param<String> checkpointDir() {
        return new Param<>(this, "checkpointDir", "directory (any Hadoop file system) where a fit keeps its latest"
                + " checkpoint: weights, optimizer state, epoch, random state and network spec; a fit that finds one"
                + " written with the same configuration resumes from it; empty: no checkpoints (default: empty)");
    }

    /** Epochs between checkpoints. */
    default IntParam checkpointInterval() {
        return new IntParam(this, "checkpointInterval", "write a checkpoint every this many epochs and after the"
                + " last (>= 1), or never (-1); used only with checkpointDir (default 1)",
                // ParamValidators has no "either"; like Spark's own validators, this one must be serializable.
                (scala.Function1<Object, Object> & java.io.Serializable) value -> (Integer) value == -1
                        || (Integer) value >= 1);
    }

    /** See {@link #featuresCol()}. */
    default String getFeaturesCol() {
        return getOrDefault(featuresCol());
    }

    /** See {@link #labelCol()}. */
    default String getLabelCol() {
        return getOrDefault(labelCol());
    }

    /** See {@link #predictionCol()}. */
    default String getPredictionCol() {
        return getOrDefault(predictionCol());
    }

    /** See {@link #layers()}. */
    default String getLayers() {
        return getOrDefault(layers());
    }

    /** See {@link #maxIter()}. */
    default int getMaxIter() {
        return (Integer) getOrDefault(maxIter());
    }

    /** See {@link #batchSize()}. */
    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    /** See {@link #localSteps()}. */
    default int getLocalSteps() {
        return (Integer) getOrDefault(localSteps());
    }

    /** See {@link #stepSize()}. */
    default double getStepSize() {
        return (Double) getOrDefault(stepSize());
    }

    /** See {@link #optimizer()}. */
    default String getOptimizer() {
        return getOrDefault(optimizer());
    }

    /** See {@link #weightDecay()}. */
    default double getWeightDecay() {
        return (Double) getOrDefault(weightDecay());
    }

    /** See {@link #seed()}. */
    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    /** See {@link #initializer()}. */
    default String getInitializer() {
        return getOrDefault(initializer());
    }

    /** See {@link #inputShape()}. */
    default String getInputShape() {
        return getOrDefault(inputShape());
    }

    /** See {@link #handleInvalid()}. */
    default String getHandleInvalid() {
        return getOrDefault(handleInvalid());
    }

    /** See {@link #validationFraction()}. */
    default double getValidationFraction() {
        return (Double) getOrDefault(validationFraction());
    }

    /** See {@link #validationIndicatorCol()}. */
    default String getValidationIndicatorCol() {
        return getOrDefault(validationIndicatorCol());
    }

    /** See {@link #checkpointDir()}. */
    default String getCheckpointDir() {
        return getOrDefault(checkpointDir());
    }

    /** See {@link #checkpointInterval()}. */
    default int getCheckpointInterval() {
        return (Integer) getOrDefault(checkpointInterval());
    }

    /** Sets the defaults of the Params above; each stage's constructor calls it once. */
    default void setLazyNetDefaults() {
        setDefault(featuresCol(), "features");
        setDefault(labelCol(), "label");
        setDefault(predictionCol(), "prediction");
        setDefault(maxIter(), 10);
        setDefault(batchSize(), 256);
        setDefault(localSteps(), 1);
        setDefault(stepSize(), 0.001);
        setDefault(optimizer(), "adam");
        setDefault(weightDecay(), 0.0);
        setDefault(seed(), DEFAULT_SEED);
        setDefault(initializer(), "xavier");
        setDefault(inputShape(), "");
        setDefault(handleInvalid(), "error");
        setDefault(validationFraction(), 0.0);
        setDefault(validationIndicatorCol(), "");
        setDefault(checkpointDir(), "");
        setDefault(checkpointInterval(), 1);
    }
}
