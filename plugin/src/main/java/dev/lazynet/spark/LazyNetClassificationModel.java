package dev.lazynet.spark;

import dev.lazynet.serve.ClassThresholds;
import dev.lazynet.spark.internal.data.BatchPredictor;
import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.spark.internal.data.Predictions;
import dev.lazynet.spark.internal.data.SchemaChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.mllib.evaluation.MulticlassMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A fitted {@link LazyNetClassifier}. {@link #transform} adds, like Spark's own classifiers,
 * {@code rawPrediction} (the network's outputs, logits), {@code probability} (their softmax) and
 * {@code prediction} (the index of the largest output, as a double, or with {@link #thresholds()} set the
 * class with the largest probability over its threshold), so it works with
 * {@code MulticlassClassificationEvaluator} and {@code BinaryClassificationEvaluator}. An empty column
 * name leaves that column out.
 */
public final class LazyNetClassificationModel extends LazyNetModel<LazyNetClassificationModel>
        implements LazyNetClassifierParams {

    private static final long serialVersionUID = 1L;

    LazyNetClassificationModel(String uid, NetworkRecipe recipe, float[] weights) {
        super(uid, recipe, weights);
    }

    /**
     * Always throws {@link UnsupportedOperationException}: a model comes from {@code fit} or
     * {@link #load}. It exists because Spark Connect finds models through {@code
     * META-INF/services/org.apache.spark.ml.Transformer}, and {@link java.util.ServiceLoader} requires a
     * public no-argument constructor of each class listed there, though it never calls it.
     */
    public LazyNetClassificationModel() {
        this(refuseEmptyModel(LazyNetClassificationModel.class), null, null);
    }

    /** The number of classes: the width of the network's output. */
    public int numClasses() {
        return outputWidth();
    }

    /** Sets {@link #probabilityCol()}. */
    public LazyNetClassificationModel setProbabilityCol(String value) {
        return setParam(probabilityCol(), value);
    }

    /** Sets {@link #rawPredictionCol()}. */
    public LazyNetClassificationModel setRawPredictionCol(String value) {
        return setParam(rawPredictionCol(), value);
    }

    /** Sets {@link #thresholds()}, one per class. */
    public LazyNetClassificationModel setThresholds(double[] value) {
        return setParam(thresholds(), value);
    }

    /**
     * The predicted class of one row of features: the index of the largest output, or with
     * {@link #thresholds()} set the class with the largest probability over its threshold.
     */
    public double predict(Vector features) {
        double[] thresholds = checkedThresholds("predict()");
        float[] raw = forwardOne(features);
        return thresholds == null ? Predictions.argmax(raw, 0, numClasses())
                : ClassThresholds.predict(Predictions.softmax(raw, 0, numClasses()), thresholds);
    }

    /** The thresholds if set, after checking that there is one per class; {@code null} if not set. */
    private double[] checkedThresholds(String method) {
        if (!isDefined(thresholds())) {
            return null;
        }
        double[] thresholds = getThresholds();
        ClassThresholds.requireLength(thresholds, numClasses(), getClass().getSimpleName() + "." + method);
        return thresholds;
    }

    /** The class probabilities of one row of features: the softmax of {@link #predictRaw}. */
    public Vector predictProbability(Vector features) {
        return new DenseVector(Predictions.softmax(forwardOne(features), 0, numClasses()));
    }

    /**
     * Measures the model on a labelled dataset, as Spark's classification summaries do: its predictions
     * (with {@link #thresholds()} if set) against {@link #labelCol()}, by Spark's {@code MulticlassMetrics},
     * and for a model of two classes the area under the ROC curve of the probability of class 1, by
     * {@code BinaryClassificationMetrics}. Where {@link #weightCol()} is set and the dataset has that
     * column, each row counts with its weight, as those classes weigh rows. Rows that {@link #transform}
     * drops with {@code handleInvalid = "skip"} are not measured.
     *
     * @throws IllegalArgumentException if the label column is missing or not numeric, or as {@link #transform}
     */
    public LazyNetClassificationMetrics evaluate(Dataset<?> dataset) {
        Dataset<Row> scored = scored(dataset, List.of(predictionCol(), probabilityCol())).cache();
        try {
            Column prediction = SchemaChecks.column(scored.columns()[0]);
            Column label = SchemaChecks.column(scored.columns()[2]);
            Column weight = scored.columns().length > 3 ? SchemaChecks.column(scored.columns()[3])
                    : org.apache.spark.sql.functions.lit(1.0);
            MulticlassMetrics metrics = new MulticlassMetrics(scored.select(prediction, label, weight));
            double[] labels = metrics.labels();
            double[] precision = new double[labels.length];
            double[] recall = new double[labels.length];
            double[] fMeasure = new double[labels.length];
            for (int i = 0; i < labels.length; i++) {
                precision[i] = metrics.precision(labels[i]);
                recall[i] = metrics.recall(labels[i]);
                fMeasure[i] = metrics.fMeasure(labels[i]);
            }
            OptionalDouble areaUnderROC = numClasses() != 2 ? OptionalDouble.empty()
                    : OptionalDouble.of(new BinaryClassificationMetrics(scored.select(
                            functions.vector_to_array(SchemaChecks.column(scored.columns()[1]), "float64").getItem(1),
                            label, weight)).areaUnderROC());
            return new LazyNetClassificationMetrics(metrics.accuracy(), metrics.weightedPrecision(),
                    metrics.weightedRecall(), metrics.weightedFMeasure(), labels, precision, recall, fMeasure,
                    areaUnderROC);
        } finally {
            scored.unpersist();
        }
    }

    @Override
    List<SchemaChecks.Output> outputColumns() {
        return outputColumns(this, numClasses());
    }

    /**
     * The columns a classifier appends, with ML metadata recording the number of classes where known.
     *
     * @param numClasses the number of classes, or 0 if not known yet
     */
    static List<SchemaChecks.Output> outputColumns(LazyNetClassifierParams params, int numClasses) {
        List<SchemaChecks.Output> columns = new ArrayList<>();
        String raw = params.getRawPredictionCol();
        if (!raw.isEmpty()) {
            AttributeGroup group = numClasses > 0 ? new AttributeGroup(raw, numClasses) : new AttributeGroup(raw);
            columns.add(new SchemaChecks.Output(group.toStructField(), "rawPredictionCol"));
        }
        String probability = params.getProbabilityCol();
        if (!probability.isEmpty()) {
            AttributeGroup group = numClasses > 0
                    ? new AttributeGroup(probability, numClasses)
                    : new AttributeGroup(probability);
            columns.add(new SchemaChecks.Output(group.toStructField(), "probabilityCol"));
        }
        String prediction = params.getPredictionCol();
        if (!prediction.isEmpty()) {
            NominalAttribute attribute = NominalAttribute.defaultAttr().withName(prediction);
            columns.add(new SchemaChecks.Output((numClasses > 0 ? attribute.withNumValues(numClasses) : attribute)
                    .toStructField(), "predictionCol"));
        }
        return columns;
    }

    /** The outputs of {@link #transform}, which refuses thresholds of another length here, before any job. */
    @Override
    BatchPredictor.Outputs outputs() {
        return new Outputs(!getRawPredictionCol().isEmpty(), !getProbabilityCol().isEmpty(),
                !getPredictionCol().isEmpty(), checkedThresholds("transform()"));
    }

    /**
     * Raw prediction, probability and prediction, each if its column is wanted; the prediction decided by
     * {@code thresholds} unless they are {@code null}.
     */
    private record Outputs(boolean raw, boolean probability, boolean prediction, double[] thresholds)
            implements BatchPredictor.Outputs {

        @Override
        public int count() {
            return (raw ? 1 : 0) + (probability ? 1 : 0) + (prediction ? 1 : 0);
        }

        @Override
        public void write(float[] out, int offset, int width, Object[] row, int at) {
            int i = at;
            if (raw) {
                row[i++] = new DenseVector(Predictions.toDouble(out, offset, width));
            }
            if (probability) {
                row[i++] = new DenseVector(Predictions.softmax(out, offset, width));
            }
            if (prediction) {
                row[i] = (double) (thresholds == null ? Predictions.argmax(out, offset, width)
                        : ClassThresholds.predict(Predictions.softmax(out, offset, width), thresholds));
            }
        }
    }

    @Override
    public LazyNetClassificationModel copy(ParamMap extra) {
        LazyNetClassificationModel copy = copyValues(new LazyNetClassificationModel(uid(), recipe, weights), extra);
        return (hasSummary() ? copy.withSummary(summary()) : copy).setParent(parent());
    }

    /** The reader of models saved by {@link #write()}. */
    public static MLReader<LazyNetClassificationModel> read() {
        return new LazyNetModelReader<>(LazyNetClassificationModel.class, true, LazyNetClassificationModel::new);
    }

    /** Loads a model saved with {@code write().save(path)}. */
    public static LazyNetClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "LazyNetClassificationModel: uid=" + uid() + ", layers=" + recipe.spec() + ", input shape "
                + featureShape() + ", numClasses=" + numClasses();
    }
}
