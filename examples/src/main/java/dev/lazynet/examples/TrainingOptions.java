package dev.lazynet.examples;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of jobs that train, mixed in with
 * {@code @Mixin TrainingOptions training = new TrainingOptions(10);} so each job keeps its own default.
 */
public final class TrainingOptions {

    @Option(names = "--epochs", paramLabel = "N", converter = PositiveInt.class,
            description = "passes over the training data (default: ${DEFAULT-VALUE})")
    private int epochs;

    /** Options whose {@code --epochs} defaults to {@code defaultEpochs}. */
    public TrainingOptions(int defaultEpochs) {
        this.epochs = defaultEpochs;
    }

    /** The number of epochs to train. */
    public int epochs() {
        return epochs;
    }

    /** Reads a whole number of at least 1. */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number; give one >= 1");
            }
            if (n < 1) {
                throw new TypeConversionException(n + " is too small; give a number >= 1");
            }
            return n;
        }
    }
}
