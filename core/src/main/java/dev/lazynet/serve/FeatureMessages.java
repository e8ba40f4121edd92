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

    /**
     * Whether {@code value}, as the network reads it, is a category index of a slot with
     * {@code vocabulary} categories: a whole number from 0 to {@code vocabulary - 1}.
     */
    public static boolean isCategory(float value, int vocabulary) {
        return value >= 0 && value < vocabulary && value == Math.rint(value);
    }

    /**
     * What is wrong with a value in a categorical slot of the network's embed layer that is no index of
     * its vocabulary: most often a category the {@code StringIndexer} did not see when the network was
     * fitted, which has no row in the slot's table.
     *
     * @param subjectHas what holds the value with its verb, as in {@link #notFinite}
     * @param value the value as given
     * @param index the slot's index in the row
     * @param vocabulary the slot's number of categories
     * @param where where the row is, e.g. {@code " in partition 0, row 3"}, or empty
     * @param skippable whether {@code handleInvalid = "skip"} can drop the row
     * @return the message
     */
    public static String notACategory(String subjectHas, double value, int index, int vocabulary, String where,
            boolean skippable) {
        String skip = skippable ? ", or set handleInvalid to \"skip\" to drop such rows" : "";
        return subjectHas + " " + value + " at index " + index + where + ", a categorical slot of the embed layer"
                + " with a vocabulary of " + vocabulary + " categories, so it must be a category index 0 .. "
                + (vocabulary - 1) + "; a category unseen when the network was fitted has no embedding: fit that"
                + " column's StringIndexer with handleInvalid=\"keep\" before fitting the network, so that unseen"
                + " categories get an index of their own" + skip;
    }
}
