package dev.lazynet.examples;

import dev.lazynet.examples.cli.CommonOptions;
import dev.lazynet.examples.cli.ExampleLauncher;
import dev.lazynet.examples.cli.HelpOption;
import dev.lazynet.examples.cli.OutputOptions;
import dev.lazynet.examples.cli.TrainingOptions;
import dev.lazynet.examples.data.FashionMnist;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A dense network, {@value #LAYERS}, trained on Fashion-MNIST's flat 784-pixel vectors without being
 * told their size: the first layer's weight shape, (256, 784), is inferred from the data. Adam with
 * learning rate 0.001, batches of 256, seed 1; the test accuracy is measured after every epoch.
 */
@Command(name = "fashion-mnist-mlp", sortOptions = false, header = "a dense network on Fashion-MNIST",
        description = {"Trains " + FashionMnistMlp.LAYERS + " on Fashion-MNIST (Adam 0.001, batch 256, seed 1),"
                + " measures the test accuracy after each epoch, and writes metrics.csv and metrics.png to --out.",
            "The last line of standard output is the result: test_accuracy=... epochs=... train_seconds=... ..."},
        footer = {"", FashionMnist.DATA_HELP})
public final class FashionMnistMlp implements Callable<Integer> {

    /** The network: one hidden layer of 256 ReLU units and 10 outputs, no input size given. */
    public static final String LAYERS = "dense(256,relu) dense(10)";

    @Mixin
    private CommonOptions common;
    @Mixin
    private OutputOptions output;
    @Mixin
    private TrainingOptions training = new TrainingOptions(10);
    @Mixin
    private FashionMnistOptions fashion = new FashionMnistOptions(LAYERS);
    @Mixin
    private HelpOption help;

    private final PrintStream out;

    /** A job that reports to {@code out}. */
    FashionMnistMlp(PrintStream out) {
        this.out = out;
    }

    /** Runs the job alone, for {@code spark-submit --class}; {@code --help} lists the options. */
    public static void main(String[] args) {
        ExampleLauncher.exit(new FashionMnistMlp(System.out), args);
    }

    @Override
    public Integer call() {
        FashionMnistTraining.run(common, output, training, fashion, null, out);
        return 0;
    }
}
