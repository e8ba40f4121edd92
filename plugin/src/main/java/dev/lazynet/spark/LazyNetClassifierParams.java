package dev.lazynet.spark;

import org.apache.spark.ml.param.Param;

/** The Params a classifier adds: the probability and raw prediction columns, as in Spark's classifiers. */
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
