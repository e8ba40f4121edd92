package dev.lazynet.examples.bench;

import dev.lazynet.examples.FashionMnistLenet;
import dev.lazynet.examples.data.LabeledImages;
import dev.lazynet.spark.LazyNetClassificationModel;
import dev.lazynet.spark.LazyNetClassifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The benchmark's LeNet rows: the {@code fashion-mnist-lenet} example's network ({@value #SPEC}) on the
 * same rows viewed as 1x28x28 images, trained by LazyNet on Spark's master, by LazyNet's single-JVM trainer
 * and by PyTorch on each of {@link Benchmark#TORCH_THREADS} threads, all with the benchmark's optimizer,
 * batch, seed and initializer. Each fit runs {@value #WARM_UP_EPOCHS} warm-up epoch and then the timed
 * ones; a system's epoch is the median of its timed epochs, so the JIT's compilation and torch's first
 * choice of kernels count in none of them.
 */
final class LenetRows {

    /** The network of the {@code fashion-mnist-lenet} example. */
    static final String SPEC = FashionMnistLenet.LAYERS;
    /** Epochs each fit runs before its timed ones. */
    static final int WARM_UP_EPOCHS = 1;
    private static final int[] IMAGE = {1, 28, 28};

    /**
     * One system's fit: every epoch's seconds, the warm-up first, and the test accuracy after the last.
     *
     * @param missing why the system has no fit, or {@code null} when it ran
     */
    record Fit(double[] epochSeconds, double accuracy, String missing) {

        static Fit missing(String why) {
            return new Fit(new double[0], Double.NaN, why);
        }

        /** The median of the epochs after the warm-up. */
        double epoch() {
            return KernelBenchmark.median(timed());
        }

        /** The epochs after the warm-up. */
        double[] timed() {
            return Arrays.copyOfRange(epochSeconds, Math.min(WARM_UP_EPOCHS, epochSeconds.length),
                    epochSeconds.length);
        }
    }

    /**
     * The rows' measurements.
     *
     * @param timedEpochs epochs of each fit after the warm-up
     * @param spark LazyNet on Spark's master
     * @param local LazyNet's single-JVM trainer
     * @param torch PyTorch's fit on each of {@link Benchmark#TORCH_THREADS}, in that order
     */
    record Result(int timedEpochs, Fit spark, Fit local, List<Fit> torch) {

        /** PyTorch's fit on {@code threads} threads. */
        Fit torch(int threads) {
            for (int i = 0; i < Benchmark.TORCH_THREADS.length; i++) {
                if (Benchmark.TORCH_THREADS[i] == threads) {
                    return torch.get(i);
                }
            }
            throw new IllegalArgumentException("PyTorch's LeNet fits ran on " + Arrays.toString(Benchmark.TORCH_THREADS)
                    + " threads, not " + threads);
        }
    }

    private LenetRows() {
    }

    /**
     * Fits the network on each system for {@value #WARM_UP_EPOCHS} + {@code timedEpochs} epochs, PyTorch
     * with {@code torchPython}; a thread count of PyTorch's that cannot run says why, as do the ones after.
     */
    static Result measure(Dataset<Row> trainFrame, Dataset<Row> testFrame, LabeledImages train, LabeledImages test,
            int timedEpochs, String torchPython) throws IOException, InterruptedException {
        int epochs = WARM_UP_EPOCHS + timedEpochs;
        LazyNetClassificationModel model = new LazyNetClassifier().setLayers(SPEC)
                .setInputShape(FashionMnistLenet.INPUT_SHAPE).setInitializer("xavier").setOptimizer("adam")
                .setStepSize(Benchmark.STEP_SIZE).setBatchSize(Benchmark.BATCH).setSeed(Benchmark.SEED)
                .setMaxIter(epochs).fit(trainFrame);
        Fit spark = new Fit(model.summary().secondsPerEpoch().stream().mapToDouble(Double::doubleValue).toArray(),
                new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(testFrame)),
                null);
        BenchmarkReport.Local fit = Benchmark.localFit(train, test, epochs, SPEC, IMAGE);
        Fit local = new Fit(fit.epochSeconds(), fit.accuracy(), null);
        return new Result(timedEpochs, spark, local, torchFits(train, test, epochs, torchPython));
    }

    private static List<Fit> torchFits(LabeledImages train, LabeledImages test, int epochs, String torchPython)
            throws IOException, InterruptedException {
        List<Fit> fits = new ArrayList<>();
        TorchPeer peer = TorchPeer.on(torchPython, train, test);
        try {
            String missing = null;
            for (int threads : Benchmark.TORCH_THREADS) {
                if (missing != null) {
                    fits.add(Fit.missing(missing));
                    continue;
                }
                TorchPeer.Outcome outcome = peer.fitLenet(threads, epochs, Benchmark.BATCH, Benchmark.STEP_SIZE,
                        Benchmark.SEED);
                if (outcome.run() == null) {
                    missing = outcome.missing();
                    fits.add(Fit.missing(missing));
                } else {
                    double[] accuracy = outcome.run().accuracy();
                    fits.add(new Fit(outcome.run().epochSeconds(), accuracy[accuracy.length - 1], null));
                }
            }
            return fits;
        } finally {
            peer.delete();
        }
    }
}
