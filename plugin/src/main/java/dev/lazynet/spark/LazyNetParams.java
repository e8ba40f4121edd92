package dev.lazynet.spark;

import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.Vector;
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
 * would. Each description ends with the constraint, as Spark's do; {@code explainParams()} adds the
 * default, which {@link #setLazyNetDefaults} sets. Every Param carries its validator, so a value is
 * checked however it is set: by a setter, a {@code ParamMap}, {@code ParamGridBuilder}, {@code copy} or
 * {@code load}; a refused value gets the same message every way, with the Param's constraint.
 */
public interface LazyNetParams extends Params {

    /**
     * The default of {@link #seed()}, fixed so that an unseeded fit is reproducible. It differs from
     * {@code Parameter.DEFAULT_SEED} (0), which seeds a network initialized outside a fit; the two never
     * meet, since a fit initializes its network with this seed.
     */
    long DEFAULT_SEED = 42L;

    /** Name of the features column: an ML vector or an array of numbers, one row per sample. */
    default Param<String> featuresCol() {
        return new Param<>(this, "featuresCol", "features column name: an ML vector or an array of numbers,"
                + " one row per sample");
    }

    /** Name of the label column: a class index for classification, a number for regression. */
    default Param<String> labelCol() {
        return new Param<>(this, "labelCol", "label column name: class indices 0, 1, ... for classification"
                + " (e.g. from StringIndexer), numbers for regression");
    }

    /** Name of the output column with the prediction; empty for none. */
    default Param<String> predictionCol() {
        return new Param<>(this, "predictionCol", "prediction column name; empty: no such column");
    }

    /**
     * The network in the {@link dev.lazynet.nn.NetworkSpec} text format, e.g.
     * {@code "dense(256,relu) dense(10)"}; required, it has no default. A spec that does not parse is
     * refused when it is set, however it is set, naming the layer, its position and the valid choices.
     */
    default Param<String> layers() {
        return new Param<>(this, "layers", "the network in the LazyNet spec format, layers separated by spaces"
                + " and without input sizes, e.g. \"dense(256,relu) dense(10)\"", ParamChecks.networkSpec());
    }

    /** Number of epochs. */
    default IntParam maxIter() {
        return ParamChecks.intParam(this, "maxIter", "maximum number of epochs, passes over the data (>= 0)",
                ParamValidators.gtEq(0));
    }

    /** Rows per global mini-batch, summed over all partitions. */
    default IntParam batchSize() {
        return ParamChecks.intParam(this, "batchSize", "rows per mini-batch across all partitions, one optimizer step"
                + " each (> 0)", ParamValidators.gt(0));
    }

    /** The optimizer's learning rate. */
    default DoubleParam stepSize() {
        return ParamChecks.doubleParam(this, "stepSize",
                "learning rate of the optimizer (> 0 as a float32, the precision"
                + " of the weights: from 1.4E-45 to 3.4028235E38)", ParamChecks.positiveFloat32());
    }

    /**
     * Optimizer steps each partition takes on its own rows between two synchronizations; 1 (the default)
     * keeps training exact.
     */
    default IntParam localSteps() {
        return ParamChecks.intParam(this, "localSteps", "optimizer steps each partition takes on its own share of the"
                + " mini-batches between two synchronizations: 1 makes every step one synchronous step over the"
                + " whole global mini-batch, exactly the single-JVM algorithm; k > 1 makes each partition run k"
                + " steps on its share of k consecutive mini-batches with its own optimizer state, then the driver"
                + " averages the weights, which costs k times fewer Spark jobs but is local SGD, not the exact"
                + " algorithm (>= 1)", ParamValidators.gtEq(1));
    }

    /** The optimizer: {@code adam} or {@code sgd}, in any case. */
    default Param<String> optimizer() {
        return ParamChecks.textParam(this, "optimizer", "optimizer: adam (betas 0.9, 0.999) or sgd (momentum 0.9),"
                + " in any case", ParamChecks.oneOfIgnoringCase(List.of("adam", "sgd")));
    }

    /** L2 weight decay added to the gradient. */
    default DoubleParam weightDecay() {
        return ParamChecks.doubleParam(this, "weightDecay", "L2 penalty coefficient added to the gradient (>= 0 and at"
                + " most 3.4028235E38, finite as a float32, the precision of the weights)",
                ParamChecks.nonNegativeFloat32());
    }

    /**
     * The largest global L2 norm of a step's mean gradient, over all weights, before the optimizer step;
     * a larger one is scaled down to it. 0 (the default) turns clipping off.
     */
    default DoubleParam clipNorm() {
        return ParamChecks.doubleParam(this, "clipNorm", "largest global L2 norm of each step's mean gradient,"
                + " over all weights: a gradient with a larger norm is scaled down to it before the optimizer step;"
                + " 0: no clipping (>= 0 and at most 3.4028235E38, finite as a float32, the precision of the"
                + " weights)", ParamChecks.nonNegativeFloat32());
    }

    /**
     * How the step size changes from epoch to epoch, in the text form
     * {@link dev.lazynet.train.StepSizeSchedule#parse} reads: {@code constant} (the default),
     * {@code step(E,F)}, {@code cosine}, optionally preceded by {@code warmup(W) }. Text that does not parse
     * is refused when it is set, naming the position and what was expected there.
     */
    default Param<String> stepSizeSchedule() {
        return new Param<>(this, "stepSizeSchedule", "how the step size changes per epoch, set at each epoch's start:"
                + " constant; step(E,F): times F every E epochs; cosine: from stepSize towards 0 over maxIter"
                + " epochs; optionally preceded by \"warmup(W) \": epoch e < W uses stepSize*(e+1)/W, and the schedule"
                + " after it counts its epochs from the warmup's end, e.g. \"warmup(2) cosine\"",
                ParamChecks.stepSizeSchedule());
    }

    /**
     * Epochs without a lower validation loss after which the fit stops and keeps the weights of the epoch
     * with the lowest; 0 (the default) turns early stopping off. It needs validation rows.
     */
    default IntParam earlyStoppingPatience() {
        return ParamChecks.intParam(this, "earlyStoppingPatience", "epochs without a lower validation loss after"
                + " which the fit stops and keeps the weights of the epoch with the lowest (summary().bestEpoch());"
                + " needs validation rows (validationFraction or validationIndicatorCol); 0: off (>= 0)",
                ParamValidators.gtEq(0));
    }

    /**
     * Seeds the initial weights, the batch order, the validation split and the dropout masks; the default
     * is {@link #DEFAULT_SEED}.
     */
    default LongParam seed() {
        return new LongParam(this, "seed", "random seed of the initial weights, the batch order of each epoch,"
                + " the validation split and the dropout masks");
    }

    /**
     * How the weights start, in the text form {@link dev.lazynet.nn.init.Initializers#parse} reads. The
     * default is {@code xavier}, which keeps activation variance steady from layer to layer and so trains
     * deeper networks than a fixed scale does; a network initialized outside a fit with
     * {@code Layer.initialize()} gets the library's default, {@code uniform(0.07)}, as in Gluon.
     */
    default Param<String> initializer() {
        return new Param<>(this, "initializer", "weight initializer: uniform (scale 0.07), uniform(scale), normal"
                + " (sigma 0.01), normal(sigma), constant(value), xavier (Glorot uniform), kaiming (He normal),"
                + " zeros or ones; biases start at zero", ParamChecks.initializer());
    }

    /** The shape of one row, or empty to infer it. */
    default Param<String> inputShape() {
        return new Param<>(this, "inputShape", "shape of one row, e.g. \"1,28,28\" to view flat vectors of 784"
                + " values as 1x28x28 images; empty: from the features column's ML metadata, else from the first"
                + " row", ParamChecks.shapeOrEmpty());
    }

    /** What to do with rows that do not fit the network. */
    default Param<String> handleInvalid() {
        return ParamChecks.textParam(this, "handleInvalid", "how to handle invalid rows (null, NaN or infinite values,"
                + " vectors of another size, labels that are not valid class indices, negative weights): error or"
                + " skip (drop them and report how many)", ParamValidators.inArray(List.of("error", "skip")));
    }

    /**
     * The fraction of rows held out to report validation metrics per epoch; 0 for none. It and
     * {@link #validationIndicatorCol()} exclude each other: a fit with both set is refused.
     */
    default DoubleParam validationFraction() {
        return ParamChecks.doubleParam(this, "validationFraction",
                "fraction of rows held out, by a draw seeded with the"
                + " seed and each row's partition and position, to report validation loss and accuracy after each"
                + " epoch; 0: none; set it or validationIndicatorCol, not both (in [0, 1))",
                ParamValidators.inRange(0, 1, true, false));
    }

    /**
     * A boolean column marking validation rows, or empty for none; it and {@link #validationFraction()}
     * exclude each other.
     */
    default Param<String> validationIndicatorCol() {
        return new Param<>(this, "validationIndicatorCol", "name of a boolean column that is true for rows held"
                + " out for validation; empty: none; set it or validationFraction, not both");
    }

    /**
     * The column of each row's weight, as in Spark's other estimators ({@code HasWeightCol}); unset or
     * empty (the default), every row weighs 1.0. A row of weight 2 counts as the row twice: each batch's
     * loss and gradient are its rows' weighted sums divided by the batch's sum of weights, MLlib's
     * convention, and a batch whose weights sum to 0 makes no step. Validation losses and accuracies are
     * weighted too.
     */
    default Param<String> weightCol() {
        return new Param<>(this, "weightCol", "weight column name: each row's weight, a finite number >= 0 (a"
                + " weight of 2 counts the row twice); each mini-batch's loss and gradient are its rows' weighted"
                + " sums divided by its sum of weights, and a mini-batch whose weights sum to 0 makes no step;"
                + " validation metrics are weighted too. If this is not set or empty, we treat all instance"
                + " weights as 1.0");
    }

    /** Where to keep checkpoints, or empty for none. */
    default Param<String> checkpointDir() {
        return ParamChecks.textParam(this, "checkpointDir",
                "directory (any Hadoop file system) where a fit keeps its latest"
                + " checkpoint: weights, optimizer state, epoch, random state and network spec; a fit that finds one"
                + " written with the same configuration resumes from it; empty: no checkpoints (empty, or a path"
                + " that is not blank)", ParamChecks.emptyOrNotBlank());
    }

    /** Epochs between checkpoints. */
    default IntParam checkpointInterval() {
        return ParamChecks.intParam(this, "checkpointInterval",
                "write a checkpoint every this many epochs and after the"
                + " last (>= 1), or never (-1); used only with checkpointDir",
                ParamChecks.neverOrAtLeastOne());
    }

    /**
     * Weights to start from instead of the initializer's: one flat vector in the order of the model's
     * {@code network().parameters()}, as MLlib's {@code MultilayerPerceptronClassifier} takes them; it has no
     * default. A fit checks its length against the network's parameter count.
     */
    default Param<Vector> initialWeights() {
        return new Param<>(this, "initialWeights", "weights to start from instead of the initializer's: one flat"
                + " vector of finite values in the order of the network's parameters (e.g. a model's weights,"
                + " or TrainingDivergedException.lastGoodWeights()), as long as the network has parameters");
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

    /**
     * See {@link #optimizer()}: the name in lower case however it was set, so that every use of it (the
     * optimizer, the memory check, a checkpoint's configuration) agrees.
     */
    default String getOptimizer() {
        return getOrDefault(optimizer()).strip().toLowerCase(Locale.ROOT);
    }

    /** See {@link #weightDecay()}. */
    default double getWeightDecay() {
        return (Double) getOrDefault(weightDecay());
    }

    /** See {@link #clipNorm()}. */
    default double getClipNorm() {
        return (Double) getOrDefault(clipNorm());
    }

    /** See {@link #stepSizeSchedule()}. */
    default String getStepSizeSchedule() {
        return getOrDefault(stepSizeSchedule());
    }

    /** See {@link #earlyStoppingPatience()}. */
    default int getEarlyStoppingPatience() {
        return (Integer) getOrDefault(earlyStoppingPatience());
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

    /** See {@link #weightCol()}. */
    default String getWeightCol() {
        return getOrDefault(weightCol());
    }

    /** See {@link #checkpointDir()}. */
    default String getCheckpointDir() {
        return getOrDefault(checkpointDir());
    }

    /** See {@link #checkpointInterval()}. */
    default int getCheckpointInterval() {
        return (Integer) getOrDefault(checkpointInterval());
    }

    /** See {@link #initialWeights()}. */
    default Vector getInitialWeights() {
        return getOrDefault(initialWeights());
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
        setDefault(clipNorm(), 0.0);
        setDefault(stepSizeSchedule(), "constant");
        setDefault(earlyStoppingPatience(), 0);
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
