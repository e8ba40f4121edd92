package dev.lazynet.spark;

/**
 * What {@link LazyNetRegressionModel#evaluate} measures on a labelled dataset: the metrics Spark's
 * regression summaries give, computed by Spark's own {@code RegressionMetrics}.
 *
 * @param rootMeanSquaredError the square root of {@link #meanSquaredError()}
 * @param meanSquaredError the mean of the squared differences between prediction and label
 * @param meanAbsoluteError the mean of the absolute differences between prediction and label
 * @param r2 the coefficient of determination: 1 minus the residual over the total sum of squares
 * @param explainedVariance the variance of the predictions around the label mean, as Spark defines it
 */
public record LazyNetRegressionMetrics(double rootMeanSquaredError, double meanSquaredError,
        double meanAbsoluteError, double r2, double explainedVariance) {
}
