package dev.lazynet.serve;

import dev.lazynet.io.ModelDescription;
import dev.lazynet.io.ModelDirectory;
import dev.lazynet.io.StageMetadata;
import dev.lazynet.nn.Embed;
import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Sequential;
import dev.lazynet.tensor.Kernels;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A saved LazyNet model served without Spark: {@link #load(Path)} reads a folder written by
 * {@code model.write().save(path)} on a local file system, with only {@code lazynet-core} and its
 * dependencies on the class path, and the {@code predict} methods give what the model's
 * {@code transform} gives for the same features.
 *
 * <p>One row is a {@code float[]} of {@link #numFeatures()} values, in the order of the model's
 * features vector (an image row by row, as {@code inputShape} reads it); a batch is a {@code float[][]}
 * of such rows, run through the network together, which is faster per row than one call per row. A row
 * of another size, with a NaN or infinite value, or with a value in a categorical slot of an embed layer
 * that is no index of its vocabulary, is refused with the message {@code transform} gives.
 *
 * <p>Thread-safe: one Predictor serves any number of threads. The weights are read once and never
 * change; each call borrows a network built from them (layers keep per-call buffers) and returns it
 * afterwards, so there are as many copies as calls ever ran at the same time.
 */
public final class Predictor {

    /** The class of saved classifiers, as Spark's metadata names it. */
    static final String CLASSIFIER = "dev.lazynet.spark.LazyNetClassificationModel";

    /** The class of saved regressors, as Spark's metadata names it. */
    static final String REGRESSOR = "dev.lazynet.spark.LazyNetRegressionModel";

    /** Rows per forward pass in the batch methods, so that a large batch needs bounded scratch memory. */
    private static final int CHUNK_ROWS = 256;

    private final String location;
    private final ModelDescription description;
    private final float[] weights;
    private final int numFeatures;
    private final int outputWidth;
    private final String expectation;
    private final double[] thresholds;
    private final int[] vocabularies;
    private final ConcurrentLinkedQueue<Sequential> idle = new ConcurrentLinkedQueue<>();

    private Predictor(String location, ModelDescription description, float[] weights, double[] thresholds) {
        this.location = location;
        this.description = description;
        this.weights = weights;
        Sequential network = network();
        this.numFeatures = description.inputShape().size();
        this.outputWidth = network.outputShape().dim(1);
        this.vocabularies = Embed.slotLayout(network);
        this.expectation = numFeatures + " (input shape " + description.inputShape() + " of the model at "
                + location + ")";
        if (thresholds != null) {
            ClassThresholds.requireLength(thresholds, outputWidth, "Predictor.load(" + location + ")");
        }
        this.thresholds = thresholds;
        idle.add(network);
    }

    /**
     * Loads the model saved at {@code savedModelDir}, a {@code LazyNetClassificationModel} or
     * {@code LazyNetRegressionModel}. Of its Params only a classifier's {@code thresholds} change its
     * predictions, so only they and its class are read from Spark's metadata.
     *
     * @param savedModelDir the folder given to {@code model.write().save(path)}
     * @throws IllegalArgumentException naming the file and what is wrong, if nothing is saved there, the
     *     folder holds another kind of model, a file is damaged, or the saved thresholds are not one per
     *     class
     * @throws java.io.UncheckedIOException if a file cannot be read
     */
    public static Predictor load(Path savedModelDir) {
        ModelDirectory dir = ModelDirectory.local(savedModelDir);
        StageMetadata metadata = StageMetadata.read(dir);
        String className = metadata.className();
        if (!className.equals(CLASSIFIER) && !className.equals(REGRESSOR)) {
            throw new IllegalArgumentException("The model at " + savedModelDir + " is a " + className + ", not a "
                    + CLASSIFIER + " or " + REGRESSOR + "; Predictor serves only LazyNet models, saved with"
                    + " model.write().save(path)");
        }
        ModelDescription description = ModelDescription.read(dir, className, className.equals(CLASSIFIER));
        double[] thresholds = description.classification() ? metadata.doubleArrayParam("thresholds") : null;
        return new Predictor(savedModelDir.toString(), description, description.readWeights(dir), thresholds);
    }

    /** Whether the model is a classifier (else a regressor). */
    public boolean isClassifier() {
        return description.classification();
    }

    /** The number of values in one row of features. */
    public int numFeatures() {
        return numFeatures;
    }

    /** The shape of one row of features, e.g. {@code (784,)} or {@code (1, 28, 28)}. */
    public Shape featureShape() {
        return description.inputShape();
    }

    /** The number of values {@link #predictRaw(float[])} returns: the number of classes, or 1. */
    public int outputWidth() {
        return outputWidth;
    }

    /**
     * The network's outputs for one row, as {@code transform}'s {@code rawPrediction} column has them:
     * the logits of a classifier, the one-value prediction of a regressor.
     *
     * @throws IllegalArgumentException if the row has another size than {@link #numFeatures()}, or a NaN
     *     or infinite value
     */
    public float[] predictRaw(float[] features) {
        return run(new float[][] {features}, false)[0];
    }

    /**
     * The class probabilities for one row: the softmax of {@link #predictRaw(float[])}, as
     * {@code transform}'s {@code probability} column has them.
     *
     * @throws IllegalStateException if the model is a regressor
     * @throws IllegalArgumentException as {@link #predictRaw(float[])}
     */
    public float[] predictProbability(float[] features) {
        requireClassifier();
        float[] raw = predictRaw(features);
        Kernels.softmax(raw, raw, 1, outputWidth);
        return raw;
    }

    /**
     * The prediction for one row, as {@code transform}'s {@code prediction} column has it: the index of
     * the largest output of a classifier (the first on ties), or with the model's {@code thresholds} the
     * class with the largest probability over its threshold (see {@link ClassThresholds}); the output of
     * a regressor.
     *
     * @throws IllegalArgumentException as {@link #predictRaw(float[])}
     */
    public double predict(float[] features) {
        return prediction(predictRaw(features));
    }

    /**
     * {@link #predictRaw(float[])} for each of {@code rows}, run through the network in batches.
     *
     * @throws IllegalArgumentException naming the row, if a row has another size or a non-finite value
     */
    public float[][] predictRaw(float[][] rows) {
        return run(rows, true);
    }

    /**
     * {@link #predictProbability(float[])} for each of {@code rows}.
     *
     * @throws IllegalStateException if the model is a regressor
     * @throws IllegalArgumentException as {@link #predictRaw(float[][])}
     */
    public float[][] predictProbability(float[][] rows) {
        requireClassifier();
        float[][] out = predictRaw(rows);
        for (float[] row : out) {
            Kernels.softmax(row, row, 1, outputWidth);
        }
        return out;
    }

    /**
     * {@link #predict(float[])} for each of {@code rows}.
     *
     * @throws IllegalArgumentException as {@link #predictRaw(float[][])}
     */
    public double[] predict(float[][] rows) {
        float[][] raw = predictRaw(rows);
        double[] out = new double[raw.length];
        for (int r = 0; r < raw.length; r++) {
            out[r] = prediction(raw[r]);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Predictor: " + (isClassifier() ? "classifier" : "regressor") + " at " + location + ", layers="
                + description.layers() + ", input shape " + featureShape();
    }

    private double prediction(float[] raw) {
        if (!isClassifier()) {
            return raw[0];
        }
        if (thresholds != null) {
            return ClassThresholds.predict(ClassThresholds.probabilities(raw, 0, raw.length), thresholds);
        }
        int best = 0;
        for (int j = 1; j < raw.length; j++) {
            if (raw[j] > raw[best]) {
                best = j;
            }
        }
        return best;
    }

    private void requireClassifier() {
        if (!isClassifier()) {
            throw new IllegalStateException("The model at " + location + " is a regressor, which has no class"
                    + " probabilities; call predict or predictRaw");
        }
    }

    /**
     * The outputs for {@code rows}, each checked first.
     *
     * @param batch whether the rows came as a batch, so that a message names the row by its index
     */
    private float[][] run(float[][] rows, boolean batch) {
        Objects.requireNonNull(rows, "rows");
        float[][] out = new float[rows.length][];
        Sequential network = borrow();
        try {
            for (int from = 0; from < rows.length; from += CHUNK_ROWS) {
                int count = Math.min(CHUNK_ROWS, rows.length - from);
                float[] x = new float[count * numFeatures];
                for (int r = 0; r < count; r++) {
                    copyChecked(rows[from + r], batch ? from + r : -1, x, r * numFeatures);
                }
                float[] y = network.forward(Tensor.of(x, description.inputShape().prepend(count))).data();
                for (int r = 0; r < count; r++) {
                    out[from + r] = Arrays.copyOfRange(y, r * outputWidth, (r + 1) * outputWidth);
                }
            }
        } finally {
            idle.add(network);
        }
        return out;
    }

    /**
     * Copies one row into {@code dest} at {@code offset}, refusing it as {@code transform} would.
     *
     * @param index the row's index in its batch, or -1 for a single row
     */
    private void copyChecked(float[] row, int index, float[] dest, int offset) {
        if (row == null || row.length != numFeatures) {
            throw new IllegalArgumentException(subject(index) + (row == null ? " no values (null)"
                    : " size " + row.length) + ", but the network was built for " + expectation
                    + "; pass one value per input, in the order of the model's features vector");
        }
        for (int i = 0; i < numFeatures; i++) {
            if (!Float.isFinite(row[i])) {
                throw new IllegalArgumentException(
                        FeatureMessages.notFinite(subject(index), row[i], i, "", false) + " before predicting");
            }
            if (vocabularies != null && vocabularies[i] > 0 && !FeatureMessages.isCategory(row[i], vocabularies[i])) {
                throw new IllegalArgumentException(
                        FeatureMessages.notACategory(subject(index), row[i], i, vocabularies[i], "", false));
            }
        }
        System.arraycopy(row, 0, dest, offset, numFeatures);
    }

    /** The start of a message about a row, built only for a row that has a problem. */
    private static String subject(int index) {
        return index < 0 ? "The features have" : "Row " + index + " of the batch has";
    }

    private Sequential borrow() {
        Sequential network = idle.poll();
        return network != null ? network : network();
    }

    /** A network with the saved weights, in inference mode, whose buffers serve one call at a time. */
    private Sequential network() {
        Sequential network = description.network();
        FlatParameters.of(network).setValues(weights);
        network.setTraining(false);
        network.setReuseBuffers(true);
        return network;
    }
}
