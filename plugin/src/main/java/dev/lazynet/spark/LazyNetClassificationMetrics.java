package dev.lazynet.spark;

import java.util.OptionalDouble;

/**
 * What {@link LazyNetClassificationModel#evaluate} measures on a labelled dataset: the metrics Spark's
 * classification summaries give, computed by Spark's own {@code MulticlassMetrics} (and
 * {@code BinaryClassificationMetrics} for two classes). Weighted metrics weight each label by its share
 * of the rows; the per-label arrays follow {@link #labels()}.
 *
 * @param accuracy the fraction of rows whose prediction is their label
 * @param weightedPrecision the precision of each label, weighted by its share of the rows
 * @param weightedRecall the recall of each label, weighted by its share of the rows
 * @param weightedFMeasure the F1 measure of each label, weighted by its share of the rows
 * @param labels the labels found in the label column, in ascending order
 * @param precisionByLabel the precision of each of {@link #labels()}
 * @param recallByLabel the recall (true positive rate) of each of {@link #labels()}
 * @param fMeasureByLabel the F1 measure of each of {@link #labels()}
 * @param areaUnderROC the area under the ROC curve of the probability of class 1, for a model of two
 *     classes; empty for more classes
 */
public record LazyNetClassificationMetrics(double accuracy, double weightedPrecision, double weightedRecall,
        double weightedFMeasure, double[] labels, double[] precisionByLabel, double[] recallByLabel,
        double[] fMeasureByLabel, OptionalDouble areaUnderROC) {
}
