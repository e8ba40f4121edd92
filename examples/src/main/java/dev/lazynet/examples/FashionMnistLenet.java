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
 * A LeNet-style convolutional network, {@value #LAYERS}, on Fashion-MNIST: the flat 784-pixel vectors
 * are viewed as 1x28x28 images ({@code setInputShape("1,28,28")}) and no layer is given an input size;
 * the channels of the second convolution (6) and the width of the first dense layer (16x4x4 = 256) are
 * inferred. Adam with learning rate 0.001, batches of 256, seed 1.
 */
@Command(name = "fashion-mnist-lenet", sortOptions = false,
        header = "a LeNet-style convolutional network on Fashion-MNIST",
        description = {"Trains the LeNet-style network " + FashionMnistLenet.LAYERS + " on Fashion-MNIST"
                + " viewed as 1x28x28 images (Adam 0.001, batch 256, seed 1), measures the test accuracy after"
                + " each epoch, and writes metrics.csv and metrics.png to --out.",
            "The last line of standard output is the result: test_accuracy=... epochs=... train_seconds=... ..."},
        footer = {"", FashionMnist.DATA_HELP})
public final class FashionMnistLenet implements Callable<Integer> {

    /** Two convolution and pooling stages, then three dense layers; no input sizes. */
    public static final String LAYERS = "conv2d(6,5,relu) maxpool(2) conv2d(16,5,relu) maxpool(2) flatten"
            + " dense(120,relu) dense(84,relu) dense(10)";
    /** How the network sees one row of 784 pixels: one channel of 28x28. */
    public static final String INPUT_SHAPE = "1,28,28";

    @Mixin
    private CommonOptions common;
    @Mixin
    private OutputOptions output;
    /** Fifteen epochs: enough to pass 0.89 test accuracy on the full set, as the README reports. */
    @Mixin
    private TrainingOptions training = new TrainingOptions(15);
    @Mixin
    private FashionMnistOptions fashion = new FashionMnistOptions(LAYERS);
    @Mixin
    private HelpOption help;

    private final PrintStream out;

    /** A job that reports to {@code out}. */
    FashionMnistLenet(PrintStream out) {
        this.out = out;
    }

    /** Runs the job alone, for {@code spark-submit --class}; {@code --help} lists the options. */
    public static void main(String[] args) {
        ExampleLauncher.exit(new FashionMnistLenet(System.out), args);
    }

    @Override
    public Integer call() {
        FashionMnistTraining.run(common, output, training, fashion, INPUT_SHAPE, out);
        return 0;
    }
}
