package dev.lazynet.examples.cli;

import picocli.CommandLine.Option;

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
}
