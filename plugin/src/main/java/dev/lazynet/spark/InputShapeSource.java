package dev.lazynet.spark;

/** Where a fit took the shape of one input row from, in the order they are tried. */
public enum InputShapeSource {
    /** The {@code inputShape} Param, e.g. {@code "1,28,28"}. */
    PARAMETER("the inputShape parameter"),
    /** The features column's ML attribute metadata, as {@code VectorAssembler} or {@code VectorSizeHint} set it. */
    METADATA("the column's ML metadata"),
    /** The first row of the first non-empty partition. */
    FIRST_PARTITION("the first row of the first non-empty partition");

    private final String description;

    InputShapeSource(String description) {
        this.description = description;
    }

    /** A phrase for messages, e.g. "the column's ML metadata". */
    public String description() {
        return description;
    }
}
