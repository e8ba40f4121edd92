package dev.lazynet.serve;

/**
 * The words in which every reader of features, the Spark models' {@code transform} and single-row
 * predictions as well as the {@link Predictor}, refuses a value the network cannot use, so that a user
 * meets one message wherever the row goes in.
 */
public final class FeatureMessages {

    private FeatureMessages() {
    }

    /**
     * What is wrong with a feature value that is not a finite float32: NaN and infinities are not numbers
     * the network can use, and a double beyond float32's range becomes an infinity in the precision the
     * network computes in.
     *
     * @param subjectHas what holds the value with its verb, e.g. {@code Column "features" has} or
     *     {@code The features have}
     * @param value the value as given, which {@code (float) value} makes infinite or NaN
     * @param index its index in the row
     * @param where where the row is, e.g. {@code " in partition 0, row 3"}, or empty
     * @param skippable whether {@code handleInvalid = "skip"} can drop the row
     * @return the message
     */
    public static String notFinite(String subjectHas, double value, int index, String where, boolean skippable) {
        String skip = skippable ? ", or set handleInvalid to \"skip\"" : "";
        if (Double.isFinite(value)) {
            return subjectHas + " " + value + " at index " + index + where + ", beyond the float32 range (±"
                    + Float.MAX_VALUE + ") the network computes in; rescale the features (e.g. with StandardScaler)"
                    + skip;
        }
        return subjectHas + " " + value + " at index " + index + where + ", but features must be finite numbers;"
                + " impute or drop such rows (e.g. with Imputer)" + skip;
    }
}
