package dev.lazynet.spark;

import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.Param;

/**
 * The Params a classifier adds: the probability and raw prediction columns and the class thresholds, as
 * in Spark's probabilistic classifiers.
 */
public interface LazyNetClassifierParams extends LazyNetParams {

    /** Name of the output column with the class probabilities (softmax of the raw prediction); empty for none. */
    default Param<String> probabilityCol() {
        return new Param<>(this, "probabilityCol", "column name for the predicted class probabilities, the"
                + " softmax of the raw prediction; empty: no such column");
    }

    /** Name of the output column with the network's raw outputs (logits); empty for none. */
    default Param<String> rawPredictionCol() {
        return new Param<>(this, "rawPredictionCol", "column name for the raw prediction, the network's outputs"
                + " before softmax (logits); empty: no such column");
    }

    /**
     * Per-class thresholds, as Spark's probabilistic classifiers have them: the predicted class is the one
     * with the largest {@code p / t}, its probability over its threshold, and a class whose threshold is 0
     * is always predicted. It has no default: without it the prediction is the most probable class. Its
     * length must equal the number of classes, which {@code fit} and {@code transform} check.
     */
    default DoubleArrayParam thresholds() {
        String doc = "Thresholds in multi-class classification to adjust the probability of predicting each"
                + " class: the class with the largest value p/t is predicted, where p is the probability of that"
                + " class and t its threshold; a class with threshold 0 is always predicted (its length must"
                + " equal the number of classes; values >= 0, at most one of them 0)";
        return new DoubleArrayParam(this, "thresholds", doc, ParamChecks.thresholds(doc));
    }

    /** See {@link #thresholds()}; throws {@link java.util.NoSuchElementException} if it is not set. */
    default double[] getThresholds() {
        return getOrDefault(thresholds());
    }

    /** See {@link #probabilityCol()}. */
    default String getProbabilityCol() {
        return getOrDefault(probabilityCol());
    }

    /** See {@link #rawPredictionCol()}. */
    default String getRawPredictionCol() {
        return getOrDefault(rawPredictionCol());
    }

    /** Sets the defaults of the shared Params and of the two columns above. */
    @Override
    default void setLazyNetDefaults() {
        LazyNetParams.super.setLazyNetDefaults();
        setDefault(probabilityCol(), "probability");
        setDefault(rawPredictionCol(), "rawPrediction");
    }
}
