package dev.lazynet.spark;

import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Layer;
import dev.lazynet.nn.Embed;
import dev.lazynet.nn.NetworkSpec;
import dev.lazynet.nn.Sequential;
import dev.lazynet.nn.init.Initializer;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.spark.internal.data.FeatureReader;
import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.spark.internal.data.PackedData;
import dev.lazynet.spark.internal.data.PackingLimit;
import dev.lazynet.spark.internal.data.RowPacker;
import dev.lazynet.spark.internal.data.SchemaChecks;
import dev.lazynet.spark.internal.data.WeightReader;
import dev.lazynet.spark.internal.data.ShapeInference;
import dev.lazynet.spark.internal.data.TargetReader;
import dev.lazynet.spark.internal.engine.Checkpoints;
import dev.lazynet.spark.internal.engine.DistributedTrainer;
import dev.lazynet.spark.internal.engine.EpochHistory;
import dev.lazynet.spark.internal.engine.FitWarnings;
import dev.lazynet.spark.internal.engine.JobProperties;
import dev.lazynet.spark.internal.engine.MemoryGuard;
import dev.lazynet.spark.internal.engine.OptimizerSettings;
import dev.lazynet.tensor.Shape;
import dev.lazynet.train.StepSizeSchedule;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * What LazyNet's estimators share: the Params and their setters, and {@code fit}.
 *
 * <p>A fit infers the shape of one input row (Param, column metadata, or first row), walks the network
 * once with {@code inferShape}, initializes it with the seed, validates and packs the rows once into
 * cached float blocks, and runs the distributed mini-batch loop. Estimators are saved and loaded with
 * Spark's default Params persistence.
 *
 * @param <E> the concrete estimator, which setters return
 * @param <M> the model it fits
 */
public abstract class LazyNetEstimator<E extends LazyNetEstimator<E, M>, M extends LazyNetModel<M>>
        extends Estimator<M> implements LazyNetParams, DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;

    LazyNetEstimator(String uid) {
        this.uid = uid;
        setLazyNetDefaults();
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Sets a Param; its validator refuses a bad value with the Param's constraint. */
    @SuppressWarnings("unchecked")
    final <T> E setParam(Param<T> param, T value) {
        set(param, value);
        return (E) this;
    }

    /** Sets {@link #featuresCol()}. */
    public E setFeaturesCol(String value) {
        return setParam(featuresCol(), value);
    }

    /** Sets {@link #labelCol()}. */
    public E setLabelCol(String value) {
        return setParam(labelCol(), value);
    }

    /** Sets {@link #predictionCol()}; empty for none. */
    public E setPredictionCol(String value) {
        return setParam(predictionCol(), value);
    }

    /**
     * Sets the network from its spec, e.g. {@code "dense(256,relu) dense(10)"}.
     *
     * @throws IllegalArgumentException at once if the spec does not parse, naming the bad layer, its
     *     position and the valid choices
     */
    public E setLayers(String spec) {
        return setParam(layers(), spec);
    }

    /**
     * Sets the network from a template: its architecture, in the spec form it is saved with; the
     * template's own weights, if any, are not used.
     *
     * @throws IllegalArgumentException if the template is null
     * @throws UnsupportedOperationException if a layer has no spec form
     */
    public E setNetwork(Sequential template) {
        if (template == null) {
            throw new IllegalArgumentException("setNetwork was given null instead of a network; pass a Sequential,"
                    + " e.g. new Sequential().add(new Dense(256, Activation.RELU), new Dense(10)), or a spec to"
                    + " setLayers(\"dense(256,relu) dense(10)\")");
        }
        return setParam(layers(), NetworkSpec.format(template));
    }

    /** Sets {@link #maxIter()}, the number of epochs. */
    public E setMaxIter(int value) {
        return setParam(maxIter(), value);
    }

    /** Sets {@link #batchSize()}. */
    public E setBatchSize(int value) {
        return setParam(batchSize(), value);
    }

    /**
     * Sets {@link #localSteps()}: 1 (the default) for exact synchronous steps, k > 1 for k local steps
     * per partition between weight averages.
     */
    public E setLocalSteps(int value) {
        return setParam(localSteps(), value);
    }

    /** Sets {@link #stepSize()}, the learning rate. */
    public E setStepSize(double value) {
        return setParam(stepSize(), value);
    }

    /** Sets {@link #optimizer()}: "adam" or "sgd", in any case. */
    public E setOptimizer(String value) {
        return setParam(optimizer(), value);
    }

    /** Sets {@link #weightDecay()}. */
    public E setWeightDecay(double value) {
        return setParam(weightDecay(), value);
    }

    /** Sets {@link #clipNorm()}: the largest L2 norm of a step's mean gradient; 0 (the default) for no clipping. */
    public E setClipNorm(double value) {
        return setParam(clipNorm(), value);
    }

    /**
     * Sets {@link #stepSizeSchedule()}, e.g. "step(10,0.5)" or "warmup(2) cosine"; "constant" (the default)
     * keeps {@link #stepSize()} in every epoch.
     *
     * @throws IllegalArgumentException at once if the text does not parse
     */
    public E setStepSizeSchedule(String value) {
        return setParam(stepSizeSchedule(), value);
    }

    /**
     * Sets {@link #earlyStoppingPatience()}: with validation rows, stop after this many epochs without a
     * lower validation loss and keep the best epoch's weights; 0 (the default) for no early stopping.
     */
    public E setEarlyStoppingPatience(int value) {
        return setParam(earlyStoppingPatience(), value);
    }

    /** Sets {@link #seed()}. */
    public E setSeed(long value) {
        return setParam(seed(), value);
    }

    /**
     * Sets {@link #initializer()}, e.g. "xavier" or "normal(0.01)".
     *
     * @throws IllegalArgumentException at once if the text does not parse
     */
    public E setInitializer(String value) {
        return setParam(initializer(), value);
    }

    /**
     * Sets {@link #inputShape()}, e.g. "1,28,28"; empty to infer it.
     *
     * @throws IllegalArgumentException at once if the text is not a shape
     */
    public E setInputShape(String value) {
        return setParam(inputShape(), value);
    }

    /** Sets {@link #handleInvalid()}: "error" or "skip". */
    public E setHandleInvalid(String value) {
        return setParam(handleInvalid(), value);
    }

    /** Sets {@link #validationFraction()}; a fit refuses it together with {@link #validationIndicatorCol()}. */
    public E setValidationFraction(double value) {
        return setParam(validationFraction(), value);
    }

    /** Sets {@link #validationIndicatorCol()}; a fit refuses it together with {@link #validationFraction()}. */
    public E setValidationIndicatorCol(String value) {
        return setParam(validationIndicatorCol(), value);
    }

    /**
     * Sets {@link #weightCol()}: the numeric column of each row's weight (>= 0); a weight of 2 counts the
     * row twice. Each mini-batch's loss and gradient are divided by its sum of weights.
     */
    public E setWeightCol(String value) {
        return setParam(weightCol(), value);
    }

    /**
     * Sets {@link #checkpointDir()}: where the fit keeps its latest checkpoint and resumes from one
     * written with the same configuration; empty for none.
     */
    public E setCheckpointDir(String value) {
        return setParam(checkpointDir(), value);
    }

    /** Sets {@link #checkpointInterval()}: epochs between checkpoints, or -1 for none. */
    public E setCheckpointInterval(int value) {
        return setParam(checkpointInterval(), value);
    }

    /**
     * Sets {@link #initialWeights()}: the fit starts from these weights instead of the initializer's, e.g.
     * from a model's weights to train it further. After a {@link TrainingDivergedException}, its
     * {@code lastGoodWeights()} (a {@code float[]}) resume the fit with a lower step size:
     * <pre>{@code
     * float[] good = e.lastGoodWeights();
     * double[] start = new double[good.length];
     * for (int i = 0; i < good.length; i++) start[i] = good[i];
     * estimator.setInitialWeights(Vectors.dense(start)).setStepSize(e.stepSize() / 10).fit(data);
     * }</pre>
     * Every float converts to a double and back exactly, so the fit starts from exactly those weights.
     */
    public E setInitialWeights(Vector value) {
        return setParam(initialWeights(), value);
    }

    /** Whether the label is a class index (else a real number). */
    abstract boolean classification();

    /**
     * Checks the network's output width against the label column before any data is read, and returns
     * how to read the labels.
     */
    abstract TargetReader targets(Dataset<?> dataset, int outputs, String lastLayer);

    /** Checks the network's output width against what packing learned about the labels. */
    abstract void checkOutputs(PackedData data, int outputs, String lastLayer);

    /** A new model of this estimator's uid. */
    abstract M newModel(NetworkRecipe recipe, float[] weights);

    /** The columns a model appends, for {@link #transformSchema}. */
    abstract List<SchemaChecks.Output> outputColumns();

    @Override
    public StructType transformSchema(StructType schema) {
        SchemaChecks.requireFeatures(schema, getFeaturesCol());
        SchemaChecks.requireNumeric(schema, getLabelCol(), "labelCol");
        if (!getValidationIndicatorCol().isEmpty()) {
            SchemaChecks.requireBoolean(schema, getValidationIndicatorCol(), "validationIndicatorCol");
            if (getValidationFraction() > 0) {
                throw new IllegalArgumentException("Both validationIndicatorCol (\"" + getValidationIndicatorCol()
                        + "\") and validationFraction (" + getValidationFraction() + ") are set; set only one");
            }
        }
        String weights = ParamChecks.weightColumn(this);
        if (weights != null) {
            SchemaChecks.requireWeights(schema, weights);
        }
        return SchemaChecks.append(schema, outputColumns());
    }

    /**
     * Trains a model on {@code dataset}: infers the shape of one row, initializes the network with the
     * seed, packs the rows once and runs {@link #maxIter()} epochs. Every error below names the column,
     * Param or file at fault and what to change; a Spark job that fails for another reason throws what
     * Spark throws.
     *
     * @throws IllegalArgumentException before any training step if the settings cannot work with the data:
     *     no network set; a column missing or of the wrong type; an output column that exists already;
     *     both {@link #validationFraction()} and {@link #validationIndicatorCol()} set; an
     *     {@link #inputShape()} that disagrees with the column; an {@code embed} layer that is not first, or
     *     whose features column records no categorical slot (index it with StringIndexer); a network whose output is not one vector per
     *     row, or whose width does not match the classes or the regression label; no training row left;
     *     a network too large for the driver's or the executors' heap; a checkpoint in
     *     {@link #checkpointDir()} written by a fit of another configuration
     * @throws InvalidDataException (an {@code IllegalArgumentException}) for the first row that does not fit
     *     the network, naming its partition and row, unless {@link #handleInvalid()} is {@code "skip"}
     * @throws TrainingDivergedException (an {@code IllegalStateException}) if the loss, the gradient or the
     *     weights stop being finite numbers; it holds the last good weights
     * @throws java.io.UncheckedIOException if a checkpoint cannot be read or written
     */
    @Override
    public M fit(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        if (!isDefined(layers()) || getLayers().isBlank()) {
            throw new IllegalArgumentException(uid + " has no network; call setLayers(\"dense(256,relu) dense(10)\")"
                    + " or setNetwork(template) before fit");
        }
        Sequential network = NetworkSpec.parse(getLayers());
        String spec = ShapeInference.resolveEmbeddings(getLayers(), network, dataset, getFeaturesCol());
        Initializer initializer = Initializers.parse(getInitializer());
        StepSizeSchedule schedule = StepSizeSchedule.parse(getStepSizeSchedule());
        schedule.requireUsable(getStepSize(), getMaxIter());
        if (getEarlyStoppingPatience() > 0 && getValidationFraction() == 0 && getValidationIndicatorCol().isEmpty()) {
            throw new IllegalArgumentException("earlyStoppingPatience is " + getEarlyStoppingPatience() + ", but there"
                    + " are no validation rows to stop by: set validationFraction (e.g. 0.1) or"
                    + " validationIndicatorCol, or set earlyStoppingPatience to 0");
        }
        OptimizerSettings optimizer = new OptimizerSettings(getOptimizer(), getStepSize(), getWeightDecay(),
                getClipNorm(), schedule.toString());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        JobProperties callerJobProperties = new JobProperties(jsc.sc());
        try {
            return fit(dataset, spec, network, initializer, optimizer, jsc);
        } finally {
            callerJobProperties.restore();
        }
    }

    private M fit(Dataset<?> dataset, String spec, Sequential network, Initializer initializer,
            OptimizerSettings optimizer, JavaSparkContext jsc) {
        String featuresCol = getFeaturesCol();
        boolean vectors = SchemaChecks.requireFeatures(dataset.schema(), featuresCol);
        ShapeInference.Resolved input = ShapeInference.inputShape(dataset, featuresCol, vectors, getInputShape());
        int outputs = outputWidth(network, input);
        MemoryGuard.check(network, getOptimizer(), jsc.sc());
        network.initialize(initializer, false, getSeed());
        FlatParameters layout = FlatParameters.of(network);
        float[] weights = layout.values();
        if (isDefined(initialWeights())) {
            startFrom(getInitialWeights(), weights, spec);
        }
        String lastLayer = network.get(network.size() - 1).spec();

        TargetReader targets = targets(dataset, outputs, lastLayer);
        FeatureReader features = new FeatureReader(featuresCol, vectors, input.shape().size(), input.provenance(),
                Embed.slotLayout(network));
        String indicator = getValidationIndicatorCol().isEmpty() ? null : getValidationIndicatorCol();
        RowPacker.Validation validation = new RowPacker.Validation(indicator, getValidationFraction(), getSeed());
        String weightCol = ParamChecks.weightColumn(this);
        RowPacker packer = new RowPacker(features, targets, weightCol == null ? null : new WeightReader(weightCol),
                getHandleInvalid().equals("skip"), validation,
                new PackingLimit(MemoryGuard.Budget.of(jsc.sc()).tasksPerExecutor()));
        NetworkRecipe recipe = new NetworkRecipe(spec, input.shape(), classification());
        LazyNetTrainingSummary summary;
        try (PackedData data = PackedData.pack(dataset, featuresCol, getLabelCol(), packer, indicator, weightCol)) {
            checkOutputs(data, outputs, lastLayer);
            if (getEarlyStoppingPatience() > 0 && data.validationCount == 0) {
                throw new IllegalArgumentException("earlyStoppingPatience is " + getEarlyStoppingPatience() + ", but no"
                        + " row was held out for validation by " + (getValidationIndicatorCol().isEmpty()
                        ? "validationFraction " + getValidationFraction() : "validationIndicatorCol \""
                        + getValidationIndicatorCol() + "\"") + "; hold out some rows, or set earlyStoppingPatience"
                        + " to 0");
            }
            Checkpoints checkpoints = getCheckpointDir().isEmpty() ? Checkpoints.disabled()
                    : Checkpoints.in(jsc.hadoopConfiguration(), getCheckpointDir(), getCheckpointInterval(),
                            configuration(spec, input.shape(), weights.length, data), getSeed());
            EpochHistory history = new EpochHistory();
            DistributedTrainer.Settings settings = new DistributedTrainer.Settings(optimizer, getInitializer(),
                    getMaxIter(), getBatchSize(), getSeed(), getLocalSteps(), getEarlyStoppingPatience());
            new DistributedTrainer(uid, recipe, settings, checkpoints)
                    .train(jsc, data, weights, layout.trainableMask(), history);
            summary = new LazyNetTrainingSummary(input.shape(), input.source(), data.trainCount, data.validationCount,
                    data.skipped, history, FitWarnings.of(uid, data, history, featuresCol, getLabelCol(),
                            !classification()));
        }
        // The model's layers are the fitted spec, which records what the data decided (embed's slot layout).
        M model = copyValues(newModel(recipe, weights), ParamMap.empty().put(layers(), recipe.spec()));
        return model.withSummary(summary).setParent(this);
    }

    /**
     * What decides a fit's weights besides the epoch count, by name: a checkpoint is resumed only by a fit
     * where all of these are the same. The data is identified by its columns, its row counts and the
     * fingerprint of its rows.
     */
    private Map<String, String> configuration(String spec, Shape input, int parameters, PackedData data) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("estimator", getClass().getSimpleName());
        c.put("layers", spec);
        c.put("inputShape", input.toString());
        c.put("parameters", Integer.toString(parameters));
        c.put("initializer", getInitializer());
        c.put("seed", Long.toString(getSeed()));
        c.put("batchSize", Integer.toString(getBatchSize()));
        c.put("optimizer", getOptimizer());
        c.put("stepSize", Double.toString(getStepSize()));
        c.put("weightDecay", Double.toString(getWeightDecay()));
        c.put("localSteps", Integer.toString(getLocalSteps()));
        if (getClipNorm() > 0) {
            c.put("clipNorm", Double.toString(getClipNorm()));
        }
        StepSizeSchedule schedule = StepSizeSchedule.parse(getStepSizeSchedule());
        if (!schedule.isConstant()) {
            // A cosine spans maxIter epochs, so a fit with another maxIter has other step sizes throughout.
            c.put("stepSizeSchedule", schedule + (schedule.dependsOnEpochs() ? " over " + getMaxIter() + " epochs"
                    : ""));
        }
        if (getEarlyStoppingPatience() > 0) {
            c.put("earlyStoppingPatience", Integer.toString(getEarlyStoppingPatience()));
        }
        if (isDefined(initialWeights())) {
            c.put("initialWeights", Integer.toHexString(Arrays.hashCode(getInitialWeights().toArray())));
        }
        c.put("featuresCol", getFeaturesCol());
        c.put("labelCol", getLabelCol());
        if (ParamChecks.weightColumn(this) != null) {
            c.put("weightCol", getWeightCol());
        }
        c.put("trainingRows", Integer.toString(data.trainCount));
        c.put("validationRows", Long.toString(data.validationCount));
        c.put(Checkpoints.DATA_FINGERPRINT, data.fingerprint.toString());
        return c;
    }

    /**
     * Replaces the initializer's weights with the given ones, after checking that there is one finite
     * float for each of the network's.
     */
    private void startFrom(Vector initial, float[] weights, String spec) {
        if (initial.size() != weights.length) {
            throw new IllegalArgumentException("initialWeights has " + initial.size() + " values, but the network \""
                    + spec + "\" has " + weights.length + " weights for this input; pass the weights of a model"
                    + " with the same layers and input shape, in the order of network().parameters()");
        }
        for (int i = 0; i < weights.length; i++) {
            float w = (float) initial.apply(i);
            if (!Float.isFinite(w)) {
                throw new IllegalArgumentException("initialWeights has the value " + initial.apply(i) + " at index "
                        + i + ", which is not a finite float32; every initial weight must be a finite number");
            }
            weights[i] = w;
        }
    }

    /** Walks the network once over the input shape; its output must be one vector per row. */
    private static int outputWidth(Layer network, ShapeInference.Resolved input) {
        Shape out = network.inferShape(input.shape().prepend(Shape.UNKNOWN));
        if (out.rank() != 2) {
            throw new IllegalArgumentException("The network's output has shape " + out + " for " + input.provenance()
                    + ", but it must be one vector per row, (?, k); end the network with flatten and a dense layer");
        }
        return out.dim(1);
    }

    /** A copy with the same uid and Params, {@code extra} applied; each estimator returns its own type. */
    @Override
    public abstract E copy(ParamMap extra);
}
