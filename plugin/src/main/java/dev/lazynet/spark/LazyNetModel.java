package dev.lazynet.spark;

import dev.lazynet.nn.Embed;
import dev.lazynet.nn.Sequential;
import dev.lazynet.serve.FeatureMessages;
import dev.lazynet.spark.internal.data.BatchPredictor;
import dev.lazynet.spark.internal.data.FeatureReader;
import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.spark.internal.data.Predictions;
import dev.lazynet.spark.internal.data.SchemaChecks;
import dev.lazynet.spark.internal.engine.MemoryGuard;
import dev.lazynet.spark.internal.onnx.OnnxExport;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What LazyNet's fitted models share: the trained network (its spec, the shape of one row and the flat
 * weights), batched inference in {@link #transform}, single-row inference, the training summary, and ML
 * persistence.
 *
 * @param <M> the concrete model, which setters return
 */
public abstract class LazyNetModel<M extends LazyNetModel<M>> extends Model<M> implements LazyNetParams, MLWritable {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(LazyNetModel.class);

    private final String uid;
    final NetworkRecipe recipe;
    final float[] weights;
    private final int outputWidth;
    private LazyNetTrainingSummary summary;
    private transient Sequential localNetwork;

    LazyNetModel(String uid, NetworkRecipe recipe, float[] weights) {
        this.uid = uid;
        this.recipe = recipe;
        this.weights = weights;
        this.outputWidth = recipe.shaped().outputShape().dim(1);
        setLazyNetDefaults();
    }

    /**
     * Refuses to make a model without a network. The concrete models' public no-argument constructors
     * call it: Spark Connect finds stages with {@link java.util.ServiceLoader}, which requires such a
     * constructor of every listed class but never calls it (it reads the class only).
     */
    static String refuseEmptyModel(Class<?> model) {
        throw new UnsupportedOperationException(model.getSimpleName() + " cannot be made without a network: get"
                + " one from the estimator's fit or from " + model.getSimpleName() + ".load(path); the public"
                + " no-argument constructor exists only for Spark Connect's ServiceLoader lookup");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The number of values in one input row. */
    public int numFeatures() {
        return recipe.sampleShape().size();
    }

    /** The shape of one input row, e.g. {@code (784,)} or {@code (1, 28, 28)}. */
    public Shape featureShape() {
        return recipe.sampleShape();
    }

    /** The width of the network's output: the number of classes, or 1 for regression. */
    int outputWidth() {
        return outputWidth;
    }

    /**
     * A copy of the trained network with concrete shapes and the trained weights, in inference mode;
     * changing it does not change the model.
     */
    public Sequential network() {
        return recipe.withWeights(weights);
    }

    /** The trained weights as one flat array, in the order of {@code network().parameters()}. */
    public float[] weights() {
        return weights.clone();
    }

    /** Whether a training summary exists (on models returned by {@code fit}, not on loaded ones). */
    public boolean hasSummary() {
        return summary != null;
    }

    /**
     * The training summary: loss per epoch, validation metrics, rows skipped, time per epoch, and where
     * the input shape came from.
     *
     * @throws IllegalStateException on a loaded model, which has none
     */
    public LazyNetTrainingSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("Model " + uid + " has no training summary: summaries exist on models"
                    + " returned by fit(), not on loaded ones; check hasSummary() first");
        }
        return summary;
    }

    @SuppressWarnings("unchecked")
    final M withSummary(LazyNetTrainingSummary trainingSummary) {
        this.summary = trainingSummary;
        return (M) this;
    }

    /** Sets {@link #featuresCol()}. */
    public M setFeaturesCol(String value) {
        return setParam(featuresCol(), value);
    }

    /** Sets {@link #labelCol()}, the column {@code evaluate} compares the predictions with. */
    public M setLabelCol(String value) {
        return setParam(labelCol(), value);
    }

    /** Sets {@link #predictionCol()}; empty for none. */
    public M setPredictionCol(String value) {
        return setParam(predictionCol(), value);
    }

    /** Sets {@link #handleInvalid()}: with "skip", {@link #transform} drops rows it cannot predict. */
    public M setHandleInvalid(String value) {
        return setParam(handleInvalid(), value);
    }

    /** Sets {@link #batchSize()}, the rows per forward pass in {@link #transform}. */
    public M setBatchSize(int value) {
        return setParam(batchSize(), value);
    }

    /** Sets a Param; its validator refuses a bad value with the Param's constraint. */
    @SuppressWarnings("unchecked")
    final <T> M setParam(Param<T> param, T value) {
        set(param, value);
        return (M) this;
    }

    /**
     * The network's outputs for one row of features (a vector of {@link #numFeatures()} values), as a
     * dense vector: logits for a classifier, the prediction for a regressor.
     */
    public Vector predictRaw(Vector features) {
        return new DenseVector(Predictions.toDouble(forwardOne(features), 0, outputWidth()));
    }

    /**
     * Runs one row through the local copy of the network; synchronized, since layers keep state.
     *
     * @throws IllegalArgumentException if the vector is null, of another size, or holds a value that is not
     *     a finite float32 or, in a categorical slot of an embed layer, no index of its vocabulary, with the
     *     same wording as {@link #transform}
     */
    synchronized float[] forwardOne(Vector features) {
        if (features == null) {
            throw new IllegalArgumentException("The features vector is null, but the network needs " + numFeatures()
                    + " values (input shape " + featureShape() + ")");
        }
        if (features.size() != numFeatures()) {
            throw new IllegalArgumentException("The features vector has size " + features.size() + ", but the network"
                    + " was built for " + numFeatures() + " values (input shape " + featureShape() + ")");
        }
        double[] values = features.toArray();
        float[] x = new float[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) values[i];
            if (!Float.isFinite(x[i])) {
                throw new IllegalArgumentException(FeatureMessages.notFinite("The features vector has", values[i], i, "",
                        false));
            }
        }
        if (localNetwork == null) {
            localNetwork = network();
        }
        int[] vocabularies = Embed.slotLayout(localNetwork);
        for (int i = 0; vocabularies != null && i < x.length; i++) {
            if (vocabularies[i] > 0 && !FeatureMessages.isCategory(x[i], vocabularies[i])) {
                throw new IllegalArgumentException(FeatureMessages.notACategory("The features vector has", values[i], i,
                        vocabularies[i], "", false));
            }
        }
        return localNetwork.forward(Tensor.of(x, featureShape().prepend(1))).data();
    }

    /** The columns {@link #transform} appends, in order, each with its ML metadata; none if every name is empty. */
    abstract List<SchemaChecks.Output> outputColumns();

    /** How each row's network outputs become the values of the columns {@link #outputColumns()} lists. */
    abstract BatchPredictor.Outputs outputs();

    @Override
    public StructType transformSchema(StructType schema) {
        SchemaChecks.requireFeatures(schema, getFeaturesCol());
        return SchemaChecks.append(schema, outputColumns());
    }

    /**
     * Appends the output columns: each partition runs its rows through the network in batches of
     * {@link #getBatchSize()}, with the weights broadcast once per call. With every output column name
     * empty it returns the data unchanged, as Spark's models do.
     *
     * @throws IllegalArgumentException if the features column is missing or of the wrong type, an output
     *     column exists already, or a batch of {@link #getBatchSize()} rows cannot fit in a task's memory; a
     *     row that does not fit the network fails the Spark job that reads it with an
     *     {@link InvalidDataException}, unless {@link #handleInvalid()} is {@code "skip"}
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = transformSchema(dataset.schema(), true);
        if (outputColumns().isEmpty()) {
            LOG.warn("{}: transform does nothing because every output column name is empty", uid);
            return dataset.toDF();
        }
        String column = getFeaturesCol();
        boolean vectors = SchemaChecks.requireFeatures(dataset.schema(), column);
        FeatureReader reader = new FeatureReader(column, vectors, numFeatures(), "input shape " + featureShape()
                + " of the fitted model", Embed.slotLayout(recipe.shaped()));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        MemoryGuard.checkBatch(column, numFeatures(), getBatchSize(), MemoryGuard.Budget.of(jsc.sc()));
        BatchPredictor predictor = new BatchPredictor(recipe, jsc.broadcast(weights), reader,
                dataset.schema().fieldIndex(column), getBatchSize(), getHandleInvalid().equals("skip"), outputs());
        Dataset<Row> out = dataset.toDF().mapPartitions(predictor, Encoders.row(schema));
        return withMetadata(out, schema);
    }

    /** The columns of {@code data} with the ML metadata of {@code schema}, which a row encoder drops. */
    private static Dataset<Row> withMetadata(Dataset<Row> data, StructType schema) {
        Column[] columns = new Column[schema.size()];
        for (int i = 0; i < columns.length; i++) {
            StructField field = schema.fields()[i];
            columns[i] = SchemaChecks.column(field.name()).as(field.name(), field.metadata());
        }
        return data.select(columns);
    }

    /**
     * The output of {@link #transform} on {@code dataset} with the columns that {@code evaluate} reads:
     * the given output columns, each under its own name, or under a fresh one where its name is empty,
     * the label, cast to double, and, where {@link #weightCol()} is set and the dataset has that column,
     * the weight, cast to double, as Spark's metrics classes read a weighted row.
     *
     * @param outputs the Params of the output columns evaluate needs, in the order they are selected
     * @throws IllegalArgumentException if the label column is missing or not numeric, if the weight column
     *     is not numeric, or as {@link #transform}
     */
    final Dataset<Row> scored(Dataset<?> dataset, List<Param<String>> outputs) {
        SchemaChecks.requireNumeric(dataset.schema(), getLabelCol(), "labelCol");
        String weights = ParamChecks.weightColumn(this);
        boolean weighted = weights != null && Arrays.asList(dataset.schema().fieldNames()).contains(weights);
        if (weighted) {
            SchemaChecks.requireWeights(dataset.schema(), weights);
        }
        M model = copy(ParamMap.empty());
        Column[] columns = new Column[outputs.size() + (weighted ? 2 : 1)];
        for (int i = 0; i < outputs.size(); i++) {
            Param<String> param = outputs.get(i);
            if (model.getOrDefault(param).isEmpty()) {
                model.set(param, param.name() + "_" + UUID.randomUUID());
            }
            columns[i] = SchemaChecks.column(model.getOrDefault(param));
        }
        columns[outputs.size()] = SchemaChecks.column(getLabelCol()).cast(DataTypes.DoubleType);
        if (weighted) {
            columns[outputs.size() + 1] = SchemaChecks.column(weights).cast(DataTypes.DoubleType);
        }
        return model.transform(dataset).select(columns);
    }

    /**
     * Writes the trained network as an ONNX model (opset 17), to serve it with ONNX Runtime or any other
     * ONNX engine. Its input is {@code features}, float32 of shape {@code [batch, numFeatures()]} with a
     * dynamic batch size, viewed as {@link #featureShape()} inside; its outputs are the values of
     * {@link #transform}'s columns in float32: {@code rawPrediction} and {@code probability}, shape
     * {@code [batch, numClasses]}, for a classifier, {@code prediction}, shape {@code [batch, 1]}, for a
     * regressor. The producer is {@code LazyNet} with its version; the graph is named after {@link #uid()}.
     *
     * @param path a file on any file system {@code write().save} can write to (a local path,
     *     {@code hdfs://}, {@code s3a://}, …), reached with the active Spark session's Hadoop
     *     configuration; an existing file is replaced
     * @throws IOException naming the path, if it is a directory or cannot be written
     * @throws UnsupportedOperationException naming a layer that has no ONNX form
     */
    public void exportOnnx(String path) throws IOException {
        OnnxExport.write(OnnxExport.model(network(), featureShape(), recipe.classification(), uid, toString()),
                path);
    }

    @Override
    public MLWriter write() {
        return new LazyNetModelWriter(this);
    }
}
