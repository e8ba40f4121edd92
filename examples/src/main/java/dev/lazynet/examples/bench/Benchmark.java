package dev.lazynet.examples.bench;

import dev.lazynet.examples.cli.CommonOptions;
import dev.lazynet.examples.cli.ExampleLauncher;
import dev.lazynet.examples.cli.HelpOption;
import dev.lazynet.examples.cli.PositiveInt;
import dev.lazynet.examples.data.FashionMnist;
import dev.lazynet.examples.data.ImageFrames;
import dev.lazynet.examples.data.LabeledImages;
import dev.lazynet.nn.NetworkSpec;
import dev.lazynet.nn.Sequential;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.spark.LazyNetClassificationModel;
import dev.lazynet.spark.LazyNetClassifier;
import dev.lazynet.tensor.Blas;
import dev.lazynet.tensor.Tensor;
import dev.lazynet.train.LocalTrainer;
import dev.lazynet.train.Optimizer;
import dev.lazynet.train.SoftmaxCrossEntropy;
import dev.lazynet.train.TrainingHistory;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * LazyNet against Spark MLlib's {@code MultilayerPerceptronClassifier} on Fashion-MNIST, side by side in
 * one process on the same cached DataFrame, as {@code docs/benchmarks.md} describes: time to a test
 * accuracy, seconds per epoch and the achieved GFLOP/s against the machine's raw sgemm rate for the
 * step's matrix sizes, the single-JVM trainer on the same data, exact epochs run as a Spark job per step
 * (the fallback to one job per epoch), the growth of epoch time with rows, memory, and PyTorch's epoch
 * of the same MLP and of the {@code fashion-mnist-lenet} network ({@link LenetRows}). Every clock starts
 * after the DataFrames are cached and counted, and test accuracy is always evaluated outside the clock.
 *
 * <p>No timed fit has a listener or probe attached: an exact epoch's tasks wait for each other at every
 * step, so a thread that takes a core for a moment delays the whole step. Where a step's time goes is
 * measured apart ({@link StepParts}), and memory in untimed fits of one epoch with a {@link MemoryProbe}.
 *
 * <p>{@code --quick} runs every part on a few thousand rows, to check that the command works; its
 * figures mean nothing.
 */
@Command(name = "benchmark", sortOptions = false, usageHelpAutoWidth = true,
        header = "LazyNet against Spark MLlib's perceptron, side by side",
        description = {"LazyNet's dense(256,relu) dense(10) against Spark MLlib's MultilayerPerceptronClassifier"
                + " [784,256,10] on Fashion-MNIST, in one process on the same cached DataFrame; prints one table"
                + " of ratios (see docs/benchmarks.md) and a key=value result line.",
            "Run with OPENBLAS_NUM_THREADS=1 (run.sh sets it): Spark already runs one task per core."},
        footer = {"", FashionMnist.DATA_HELP})
public final class Benchmark implements Callable<Integer> {

    /** The master of the standard job: two cores, as on the machines the figures come from. */
    static final String DEFAULT_MASTER = "local[2]";
    static final String SPEC = "dense(256,relu) dense(10)";
    /** MLlib's perceptron has sigmoid hidden units only: LazyNet with the same, for a like-for-like row. */
    static final String SIGMOID_SPEC = "dense(256,sigmoid) dense(10)";
    /**
     * Fits after the first that reached the target which must stay at or above it, so that a time to the
     * target is not a lucky crossing.
     */
    static final int STAYS_FOR = 2;
    /** Threads of PyTorch's fits: the cores of the standard job's master, and one. */
    static final int[] TORCH_THREADS = {2, 1};
    static final int BATCH = 256;
    static final double STEP_SIZE = 1e-3;
    static final long SEED = 1;
    static final int[] MLLIB_LAYERS = {784, 256, 10};
    static final int MLLIB_BLOCK_SIZE = 128;
    /** The plugin's setting that, {@code false}, runs every step of an exact epoch as its own Spark job. */
    static final String EPOCHS_AS_ONE_JOB = "spark.lazynet.epochsAsOneJob";
    /** Epochs of the fit with a job per step; its first epoch also compiles that path, so the second counts. */
    static final int STEP_JOBS_EPOCHS = 2;
    /** Epochs of each fit watched for memory: long enough for a few collections while it trains. */
    static final int MEMORY_EPOCHS = 3;

    /**
     * The sizes of one run.
     *
     * @param warmUp whether to run both systems once, untimed, before any clock
     * @param timedEpochs epochs of each timed fit
     * @param timedRounds timed fits; the median and spread are over all their epochs
     * @param maxEpochs the most epochs LazyNet gets to reach the target accuracy and stay there
     * @param mllibIterations the coarse {@code maxIter} ladder of MLlib's perceptron, ascending; the
     *     smallest {@code maxIter} that reaches the target is then searched between two of its steps
     * @param sweepRows training rows of the growth runs, ascending
     * @param sweepEpochs epochs of each growth run
     * @param sweepRounds growth runs per size, one size after the other in each round; the median is over
     *     all their epochs
     * @param repetitions timed repetitions of the sgemm and step-part measurements
     * @param seeds the seeds of the time-to-target comparison with PyTorch, distinct: a LazyNet ladder of
     *     {@link #SPEC} (for {@link #SEED}, the one MLlib's rows use) and a PyTorch fit of {@code maxEpochs}
     *     epochs per thread count for each, as one seed's time is mostly that seed's luck; PyTorch's epoch
     *     median is over all these fits
     * @param lenetEpochs timed epochs of each system's LeNet fit, after its warm-up epoch
     */
    record Plan(int trainRows, int testRows, boolean warmUp, int timedEpochs, int timedRounds, int maxEpochs,
            int[] mllibIterations, int[] sweepRows, int sweepEpochs, int sweepRounds, int repetitions,
            long[] seeds, int lenetEpochs) {
    }

    static final Plan FULL = new Plan(60_000, 10_000, true, 3, 5, 12, new int[] {10, 25, 50, 100},
            new int[] {15_000, 30_000, 60_000}, 3, 5, 9, new long[] {1, 2, 3, 4, 5}, 3);
    static final Plan QUICK = new Plan(1_000, 500, false, 2, 2, 3, new int[] {1, 2}, new int[] {250, 500, 1_000}, 2,
            1, 1, new long[] {SEED}, 1);

    @Mixin
    private CommonOptions common;

    @Option(names = "--quick", description = "a smoke run: every part on 1 000 training and 500 test images;"
            + " the figures mean nothing")
    private boolean quick;

    @Option(names = "--target-accuracy", paramLabel = "A", defaultValue = "0.85", converter = Fraction.class,
            description = "the test accuracy both systems race to, in (0, 1) (default: ${DEFAULT-VALUE})")
    private double targetAccuracy;

    @Option(names = "--local-steps", paramLabel = "K", defaultValue = "4", converter = PositiveInt.class,
            description = "localSteps of the extra LazyNet run that synchronizes every K steps (default:"
                    + " ${DEFAULT-VALUE})")
    private int localSteps;

    @Option(names = "--torch-python", paramLabel = "PYTHON", defaultValue = "${env:LAZYNET_TORCH_PYTHON:-python3}",
            description = "a Python with torch, which runs the same job as PyTorch's row; without torch the row"
                    + " says why it is missing (default: $LAZYNET_TORCH_PYTHON, else python3)")
    private String torchPython;

    @Mixin
    private HelpOption help;

    private final PrintStream out;
    private long started;

    /** A benchmark that prints its report to {@code out}, and its progress to standard error. */
    public Benchmark(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the benchmark alone, for {@code spark-submit --class}.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        ExampleLauncher.exit(new Benchmark(System.out), args);
    }

    @Override
    public Integer call() throws Exception {
        started = System.nanoTime();
        Plan plan = quick ? QUICK : FULL;
        progress("loading Fashion-MNIST");
        FashionMnist set = FashionMnist.load(common.data(), System.err);
        LabeledImages train = set.train().first(plan.trainRows());
        LabeledImages test = set.test().first(plan.testRows());
        progress("starting Spark");
        SparkSession spark = common.sparkSession(DEFAULT_MASTER);
        BenchmarkReport report;
        try {
            report = run(spark, plan, set.source(), train, test);
        } finally {
            spark.stop();
        }
        progress("LazyNet on " + ClusterEpochs.MASTER + ", " + plan.timedRounds() + " timed fits of "
                + plan.timedEpochs() + " epochs");
        report.cluster = ClusterEpochs.measure(train, plan.warmUp(), plan.timedEpochs(), plan.timedRounds());
        report.print(out);
        return 0;
    }

    private BenchmarkReport run(SparkSession spark, Plan plan, String source, LabeledImages train,
            LabeledImages test) throws Exception {
        int partitions = spark.sparkContext().defaultParallelism();
        BenchmarkReport report = new BenchmarkReport(targetAccuracy, localSteps, BenchmarkReport.Context.now(spark,
                source, train.count(), test.count(), partitions));
        progress("caching the training and test DataFrames");
        Dataset<Row> trainFrame = cachedFrame(spark, train, partitions);
        Dataset<Row> testFrame = cachedFrame(spark, test, partitions);

        if (plan.warmUp()) {
            progress("warm-up: both systems, untimed");
            warmUp(trainFrame, localSteps);
        }
        int taskBatch = Math.max(1, (BATCH + partitions - 1) / partitions);
        progress("raw sgemm and the layers at the step's sizes");
        report.limits = limits(taskBatch, partitions, plan.repetitions());
        progress("a task's share of a step and the driver's update, each alone");
        report.stepParts = StepParts.measure(train, taskBatch, partitions, plan.repetitions());
        progress("LazyNet, " + plan.timedRounds() + " timed fits of " + plan.timedEpochs() + " epochs");
        report.timed = timedFits(trainFrame, testFrame, plan.timedEpochs(), plan.timedRounds());
        progress("LazyNet with a Spark job per step (" + EPOCHS_AS_ONE_JOB + "=false), " + STEP_JOBS_EPOCHS
                + " epochs");
        report.stepJobsEpochSeconds = stepJobsFit(spark, trainFrame);
        progress("LazyNet, fits of 1, 2, ... epochs until the test accuracy reaches " + targetAccuracy
                + " and stays there for " + STAYS_FOR + " more");
        report.lazyNetLadder = lazyNetLadder(trainFrame, testFrame, SPEC, plan.maxEpochs(), 1, SEED);
        for (long seed : plan.seeds()) {
            if (seed == SEED) {
                report.seedLadders.put(seed, report.lazyNetLadder);
            } else {
                progress("LazyNet with seed " + seed + ", the same");
                report.seedLadders.put(seed, lazyNetLadder(trainFrame, testFrame, SPEC, plan.maxEpochs(), 1, seed));
            }
        }
        // The two ladders below only put LazyNet next to MLlib, which runs with seed 1: one seed each.
        progress("LazyNet with localSteps " + localSteps + ", the same, seed " + SEED);
        report.localStepsLadder = lazyNetLadder(trainFrame, testFrame, SPEC, plan.maxEpochs(), localSteps, SEED);
        progress("LazyNet " + SIGMOID_SPEC + ", MLlib's activation, the same, seed " + SEED);
        report.sigmoidLadder = lazyNetLadder(trainFrame, testFrame, SIGMOID_SPEC, plan.maxEpochs(), 1, SEED);
        progress("the single-JVM trainer, " + plan.timedEpochs() + " epochs");
        report.local = localFit(train, test, plan.timedEpochs());
        progress("PyTorch with " + torchPython + ", a fit of " + plan.maxEpochs() + " epochs per seed "
                + Arrays.toString(plan.seeds()) + " and thread count " + Arrays.toString(TORCH_THREADS));
        report.torch = torchFits(train, test, plan);
        progress("LeNet (" + LenetRows.SPEC + ") on LazyNet, its single-JVM trainer and PyTorch, "
                + LenetRows.WARM_UP_EPOCHS + " warm-up + " + plan.lenetEpochs() + " timed epochs each");
        report.lenet = LenetRows.measure(trainFrame, testFrame, train, test, plan.lenetEpochs(), torchPython);
        progress("rows sweep " + Arrays.toString(plan.sweepRows()) + ", " + plan.sweepRounds() + " rounds of a fit of "
                + plan.sweepEpochs() + " epochs each");
        List<Integer> sizes = sweepSizes(plan, train.count());
        List<double[]> sweepSeconds = sweep(spark, train, trainFrame, sizes, plan);
        report.mllibLadder = mllibLadder(trainFrame, testFrame, plan.mllibIterations());
        progress("memory: an untimed fit of " + MEMORY_EPOCHS + " epochs per size, watched; last, as its forced"
                + " collections shrink the heap that the next fit would grow again");
        report.sweep = memory(spark, train, trainFrame, sizes, sweepSeconds);
        report.context.finish();
        trainFrame.unpersist();
        testFrame.unpersist();
        return report;
    }

    /**
     * Runs both systems once, untimed: three epochs of exact LazyNet, one with local steps, and a few
     * iterations of MLlib's perceptron. Spark's scheduler, LazyNet's step and MLlib's aggregation are then
     * compiled by the JIT, and the heap has grown to its working size, before any clock starts; without it
     * the first timed fit paid for a good part of that (its first epochs ran up to three times slower
     * than the later ones).
     */
    private static void warmUp(Dataset<Row> train, int localSteps) {
        lazyNet(3).fit(train);
        lazyNet(1).setLocalSteps(localSteps).fit(train);
        new MultilayerPerceptronClassifier().setLayers(MLLIB_LAYERS).setBlockSize(MLLIB_BLOCK_SIZE)
                .setSolver("l-bfgs").setSeed(SEED).setMaxIter(5).fit(train);
    }


    /** A note on standard error of what runs now, so that a long run shows where it is. */
    private void progress(String what) {
        System.err.printf(Locale.ROOT, "benchmark: %6.1f s  %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    /** The images as a DataFrame, cached and counted so that no clock pays for building it. */
    private static Dataset<Row> cachedFrame(SparkSession spark, LabeledImages images, int partitions) {
        Dataset<Row> frame = ImageFrames.toDataFrame(spark, images, partitions).cache();
        frame.count();
        return frame;
    }

    static LazyNetClassifier lazyNet(int epochs) {
        return new LazyNetClassifier().setLayers(SPEC).setOptimizer("adam").setStepSize(STEP_SIZE)
                .setBatchSize(BATCH).setSeed(SEED).setMaxIter(epochs);
    }

    private static double accuracy(Model<?> model, Dataset<Row> test) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(test));
    }

    /**
     * The machine's limit at the step's sizes: raw sgemm on one thread and on {@code threads} at once,
     * and the layers' forward and backward pass next to raw sgemm on one thread.
     */
    private static BenchmarkReport.Limits limits(int taskBatch, int threads, int repetitions) throws Exception {
        KernelBenchmark.Workload workload = KernelBenchmark.denseMlp(taskBatch, 784, 256, 10);
        KernelBenchmark.Row single = KernelBenchmark.measure(workload, Blas.current().implementation(), repetitions);
        return new BenchmarkReport.Limits(taskBatch, threads, single.sgemmGflops(),
                concurrentSgemmGflops(taskBatch, threads, repetitions), single.layerGflops());
    }

    /** Raw sgemm of the step's products on {@code threads} threads at once, each with its own matrices. */
    private static double concurrentSgemmGflops(int batch, int threads, int repetitions) throws Exception {
        List<KernelBenchmark.Workload> workloads = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workloads.add(KernelBenchmark.denseMlp(batch, 784, 256, 10));
        }
        int calls = KernelBenchmark.callsPerRepetition(workloads.get(0).sgemm());
        double[][] seconds = KernelBenchmark.secondsPerCallTogether(
                workloads.stream().map(KernelBenchmark.Workload::sgemm).toList(), calls, repetitions);
        double[] rates = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            for (int t = 0; t < threads; t++) {
                rates[r] += workloads.get(t).flops() / seconds[r][t] / 1e9;
            }
        }
        return KernelBenchmark.median(rates);
    }

    /** The fits whose epochs are timed, with nothing attached to them; the accuracy is the last fit's. */
    private static BenchmarkReport.Timed timedFits(Dataset<Row> train, Dataset<Row> test, int epochs, int rounds) {
        double[] seconds = new double[0];
        LazyNetClassificationModel model = null;
        for (int round = 0; round < rounds; round++) {
            model = lazyNet(epochs).fit(train);
            seconds = concat(seconds, epochSeconds(model));
        }
        return new BenchmarkReport.Timed(seconds, accuracy(model, test));
    }

    private static double[] concat(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * The seconds of each epoch of a fit that runs every step as its own Spark job, as before epochs ran as
     * one job: {@value #EPOCHS_AS_ONE_JOB} is set to {@code false} on this thread for the fit only.
     */
    private static double[] stepJobsFit(SparkSession spark, Dataset<Row> train) {
        SparkContext sc = spark.sparkContext();
        sc.setLocalProperty(EPOCHS_AS_ONE_JOB, "false");
        try {
            return epochSeconds(lazyNet(STEP_JOBS_EPOCHS).fit(train));
        } finally {
            sc.setLocalProperty(EPOCHS_AS_ONE_JOB, null);
        }
    }

    private static double[] epochSeconds(LazyNetClassificationModel model) {
        return model.summary().secondsPerEpoch().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * LazyNet fits of {@code spec} of 1, 2, ... epochs with {@code localSteps} and {@code seed}, each timed
     * whole, until {@value #STAYS_FOR} fits after the first that reached the target accuracy have also
     * reached it, or {@code maxEpochs}.
     */
    private List<BenchmarkReport.Point> lazyNetLadder(Dataset<Row> train, Dataset<Row> test, String spec,
            int maxEpochs, int localSteps, long seed) {
        List<BenchmarkReport.Point> points = new ArrayList<>();
        int reachedInARow = 0;
        for (int epochs = 1; epochs <= maxEpochs && reachedInARow <= STAYS_FOR; epochs++) {
            long start = System.nanoTime();
            LazyNetClassificationModel model = lazyNet(epochs).setLayers(spec).setLocalSteps(localSteps).setSeed(seed)
                    .fit(train);
            double seconds = (System.nanoTime() - start) / 1e9;
            BenchmarkReport.Point point = new BenchmarkReport.Point(epochs, seconds, accuracy(model, test),
                    KernelBenchmark.median(epochSeconds(model)));
            points.add(point);
            reachedInARow = point.accuracy() >= targetAccuracy ? reachedInARow + 1 : 0;
        }
        return points;
    }

    /**
     * MLlib's perceptron at each {@code maxIter} of the coarse ladder, then, between the last step that
     * missed the target and the first that reached it, a bisection for the smallest {@code maxIter} that
     * reaches it; each fit from scratch and timed whole. L-BFGS with a fixed seed takes the same iterates
     * whatever {@code maxIter}, so a fit of fewer iterations is the start of a longer one; the bisection
     * assumes the accuracy does not fall back below the target between the two steps.
     */
    private List<BenchmarkReport.Point> mllibLadder(Dataset<Row> train, Dataset<Row> test, int[] iterations) {
        List<BenchmarkReport.Point> points = new ArrayList<>();
        int missed = 0;
        int reached = -1;
        for (int maxIter : iterations) {
            BenchmarkReport.Point point = mllibFit(train, test, maxIter);
            points.add(point);
            if (point.accuracy() >= targetAccuracy) {
                reached = maxIter;
                break;
            }
            missed = maxIter;
        }
        while (reached > 0 && reached - missed > 1) {
            int middle = (missed + reached) >>> 1;
            BenchmarkReport.Point point = mllibFit(train, test, middle);
            points.add(point);
            if (point.accuracy() >= targetAccuracy) {
                reached = middle;
            } else {
                missed = middle;
            }
        }
        points.sort(Comparator.comparingInt(BenchmarkReport.Point::iterations));
        return points;
    }

    private BenchmarkReport.Point mllibFit(Dataset<Row> train, Dataset<Row> test, int maxIter) {
        progress("MLlib's perceptron, maxIter " + maxIter);
        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(MLLIB_LAYERS)
                .setBlockSize(MLLIB_BLOCK_SIZE).setSolver("l-bfgs").setSeed(SEED).setMaxIter(maxIter);
        long start = System.nanoTime();
        Model<?> model = mlp.fit(train);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new BenchmarkReport.Point(maxIter, seconds, accuracy(model, test), Double.NaN);
    }

    /**
     * PyTorch's fits of the same job on the same rows, one per seed of the plan and thread count; after a
     * fit that cannot run, none is tried, as the next would fail for the same reason.
     */
    private List<TorchPeer.Outcome> torchFits(LabeledImages train, LabeledImages test, Plan plan) throws Exception {
        List<TorchPeer.Outcome> outcomes = new ArrayList<>();
        TorchPeer peer = TorchPeer.on(torchPython, train, test);
        try {
            for (int threads : TORCH_THREADS) {
                for (long seed : plan.seeds()) {
                    TorchPeer.Outcome outcome = peer.fit(threads, plan.maxEpochs(), BATCH, STEP_SIZE, seed, "relu");
                    outcomes.add(outcome);
                    if (outcome.run() == null) {
                        return outcomes;
                    }
                }
            }
            return outcomes;
        } finally {
            peer.delete();
        }
    }

    /** The single-JVM trainer on the same rows, network, initial weights, optimizer and batch order. */
    private static BenchmarkReport.Local localFit(LabeledImages train, LabeledImages test, int epochs) {
        return localFit(train, test, epochs, SPEC, train.pixelsPerImage());
    }

    /**
     * The single-JVM trainer's fit of {@code spec} on the rows, each viewed with {@code sampleShape} (the
     * pixels as they are, or e.g. {@code 1, 28, 28} for images), with the benchmark's optimizer, batch,
     * seed and initializer.
     */
    static BenchmarkReport.Local localFit(LabeledImages train, LabeledImages test, int epochs, String spec,
            int... sampleShape) {
        Sequential network = NetworkSpec.parse(spec);
        network.initialize(Initializers.xavier(), false, SEED);
        float[] labels = new float[train.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = train.labels()[i];
        }
        TrainingHistory history = new LocalTrainer(new SoftmaxCrossEntropy(), Optimizer.create("adam", STEP_SIZE, 0),
                epochs, BATCH, SEED).fit(network, batchOf(train, sampleShape), labels);
        network.setTraining(false);
        float[] logits = network.forward(batchOf(test, sampleShape)).data();
        int classes = logits.length / test.count();
        int correct = 0;
        double[] row = new double[classes];
        for (int r = 0; r < test.count(); r++) {
            for (int k = 0; k < classes; k++) {
                row[k] = logits[r * classes + k];
            }
            // The prediction rule of Spark's classifiers, LazyNet's included: the first largest output.
            correct += Vectors.dense(row).argmax() == test.labels()[r] ? 1 : 0;
        }
        double[] seconds = history.secondsPerEpoch().stream().mapToDouble(Double::doubleValue).toArray();
        return new BenchmarkReport.Local(seconds, (double) correct / test.count());
    }

    /** The images as one tensor of {@code (count, sampleShape...)}. */
    private static Tensor batchOf(LabeledImages images, int... sampleShape) {
        int[] dims = new int[sampleShape.length + 1];
        dims[0] = images.count();
        System.arraycopy(sampleShape, 0, dims, 1, sampleShape.length);
        return Tensor.of(images.pixels(), dims);
    }

    /** The training rows of each size of the sweep, up to the whole training set. */
    private static List<Integer> sweepSizes(Plan plan, int trainRows) {
        List<Integer> sizes = new ArrayList<>();
        for (int size : plan.sweepRows()) {
            sizes.add(Math.min(size, trainRows));
            if (size >= trainRows) {
                break;
            }
        }
        return sizes;
    }

    /**
     * Fits on the first rows of the training set at each size of the sweep, one after the other so that
     * the sizes see the same machine, in rounds of one fit per size, so that a slow spell of a shared
     * machine does not fall on one size only; the seconds of all epochs of each size. The full size uses
     * the cached training frame.
     */
    private static List<double[]> sweep(SparkSession spark, LabeledImages train, Dataset<Row> trainFrame,
            List<Integer> sizes, Plan plan) {
        List<Dataset<Row>> frames = sweepFrames(spark, train, trainFrame, sizes);
        try {
            List<double[]> seconds = new ArrayList<>();
            for (int i = 0; i < frames.size(); i++) {
                seconds.add(new double[0]);
            }
            for (int round = 0; round < plan.sweepRounds(); round++) {
                for (int i = 0; i < frames.size(); i++) {
                    seconds.set(i, concat(seconds.get(i), epochSeconds(lazyNet(plan.sweepEpochs()).fit(frames.get(i)))));
                }
            }
            return seconds;
        } finally {
            unpersistAllBut(frames, trainFrame);
        }
    }

    /**
     * An untimed fit of {@value #MEMORY_EPOCHS} epochs per size of the sweep watched by a
     * {@link MemoryProbe}, with the sweep's timed epochs beside it. It runs after every timed fit of both
     * systems: the probe's forced collections shrink the heap, and a fit right after them paid for growing
     * it again.
     */
    private static List<BenchmarkReport.SweepPoint> memory(SparkSession spark, LabeledImages train,
            Dataset<Row> trainFrame, List<Integer> sizes, List<double[]> sweepSeconds) {
        List<Dataset<Row>> frames = sweepFrames(spark, train, trainFrame, sizes);
        try {
            List<BenchmarkReport.SweepPoint> points = new ArrayList<>();
            for (int i = 0; i < frames.size(); i++) {
                BenchmarkReport.Memory memory;
                try (MemoryProbe probe = new MemoryProbe(spark.sparkContext())) {
                    lazyNet(MEMORY_EPOCHS).fit(frames.get(i));
                    memory = BenchmarkReport.Memory.of(probe);
                }
                points.add(new BenchmarkReport.SweepPoint(sizes.get(i), sweepSeconds.get(i).length,
                        KernelBenchmark.median(sweepSeconds.get(i)), memory));
            }
            return points;
        } finally {
            unpersistAllBut(frames, trainFrame);
        }
    }

    /** A cached frame of the first rows per size; the full size is the training frame itself. */
    private static List<Dataset<Row>> sweepFrames(SparkSession spark, LabeledImages train, Dataset<Row> trainFrame,
            List<Integer> sizes) {
        int partitions = spark.sparkContext().defaultParallelism();
        List<Dataset<Row>> frames = new ArrayList<>();
        for (int rows : sizes) {
            frames.add(rows == train.count() ? trainFrame : cachedFrame(spark, train.first(rows), partitions));
        }
        return frames;
    }

    private static void unpersistAllBut(List<Dataset<Row>> frames, Dataset<Row> kept) {
        for (Dataset<Row> frame : frames) {
            if (frame != kept) {
                frame.unpersist();
            }
        }
    }

    /** Reads a fraction strictly between 0 and 1, so that a percentage is a usage error. */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double fraction;
            try {
                fraction = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number; give a fraction in (0, 1),"
                        + " e.g. 0.85");
            }
            if (!(fraction > 0 && fraction < 1)) {
                throw new TypeConversionException(value + " is not a fraction in (0, 1); give e.g. 0.85");
            }
            return fraction;
        }
    }
}
