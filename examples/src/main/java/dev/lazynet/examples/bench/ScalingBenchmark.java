package dev.lazynet.examples.bench;

import dev.lazynet.examples.cli.ExampleLauncher;
import dev.lazynet.examples.cli.HelpOption;
import dev.lazynet.examples.cli.SparkSessions;
import dev.lazynet.examples.data.ImageFrames;
import dev.lazynet.examples.data.LabeledImages;
import dev.lazynet.spark.LazyNetClassifier;
import dev.lazynet.spark.internal.engine.StepTraffic;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the driver's step exchange costs as executors and parameters grow, measured between real JVMs,
 * and the throughput it predicts past one machine, as {@code docs/benchmarks.md} ("Scaling out")
 * describes.
 *
 * <p>Each {@code local-cluster[N,1,1024]} runs one-job epochs of the benchmark's network and of one ten
 * times its size on tiny shares (a few rows per task and step), so that a step is almost all exchange:
 * every executor sends its share to the driver and gets the weights back. The step times are fitted by
 * least squares to {@code exchange = a + b·N·P}; with one task's share of a 256-row step on one core,
 * {@code compute}, measured apart ({@link StepParts}), the model {@code step = compute/N + a + b·N·P}
 * gives the throughput at any number of executors N. A {@code local-cluster[2,2,1024]} run shows the
 * messages the driver gets per step: one per executor, not one per task.
 *
 * <p>On a machine with fewer cores than executors the executors also wait for a core, which this
 * measures as exchange: the constants are an upper bound there.
 */
@Command(name = "scaling", sortOptions = false, usageHelpAutoWidth = true,
        header = "The driver's step exchange against executors and parameters, and the throughput it predicts",
        description = {"Runs one-job epochs on tiny shares on local-cluster[N,1,1024] masters, fits"
                + " exchange = a + b*N*P by least squares, and predicts the steps per second of the"
                + " benchmark's network and of one ten times its size at 8, 32 and 128 executors; prints"
                + " tables and a key=value result line.",
            "Run through examples/run.sh, which points SPARK_HOME at the Spark jars the executors start from."})
public final class ScalingBenchmark implements Callable<Integer> {

    /** Hidden units of the benchmark's network, and of one with ten times its parameters. */
    static final int[] HIDDEN = {256, 2_560};
    static final int PIXELS = 784;
    static final int CLASSES = 10;
    /** The global mini-batch of the predictions: the benchmark's. */
    static final int BATCH = Benchmark.BATCH;
    static final int[] PREDICTED_EXECUTORS = {8, 32, 128};

    /**
     * The sizes of one run.
     *
     * @param executors the N of the measured clusters, ascending
     * @param rowsPerTask rows of each task's share of a step
     * @param steps steps per epoch
     * @param epochs epochs per fit; all but the first are timed
     */
    record Plan(int[] executors, int rowsPerTask, int steps, int epochs) {
    }

    static final Plan FULL = new Plan(new int[] {1, 2, 4, 8}, 2, 40, 4);
    static final Plan QUICK = new Plan(new int[] {1, 2}, 2, 5, 2);

    @Option(names = "--quick", description = "a smoke run: one and two executors, a few steps; the figures mean"
            + " nothing")
    private boolean quick;

    @Mixin
    private HelpOption help;

    private final PrintStream out;

    /** A scaling benchmark that prints its report to {@code out}, and its progress to standard error. */
    public ScalingBenchmark(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the scaling benchmark alone, for {@code spark-submit --class}.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        ExampleLauncher.exit(new ScalingBenchmark(System.out), args);
    }

    /** One measured step: the exchange of {@code parameters} floats with {@code executors} executors. */
    record Point(int executors, int parameters, double stepSeconds, double messagesPerStep) {
    }

    /** The fitted model {@code exchange = a + b·N·P}. */
    record Fit(double a, double b) {

        double exchange(int executors, long parameters) {
            return a + b * executors * (double) parameters;
        }

        /** Least squares over the points. */
        static Fit of(List<Point> points) {
            double n = points.size();
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            for (Point p : points) {
                double x = (double) p.executors() * p.parameters();
                sx += x;
                sy += p.stepSeconds();
                sxx += x * x;
                sxy += x * p.stepSeconds();
            }
            double b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
            return new Fit((sy - b * sx) / n, b);
        }
    }

    @Override
    public Integer call() throws Exception {
        Plan plan = quick ? QUICK : FULL;
        List<Point> points = new ArrayList<>();
        for (int executors : plan.executors()) {
            String master = "local-cluster[" + executors + ",1,1024]";
            progress("starting " + master);
            SparkSession spark = session(master, executors);
            try {
                for (int hidden : HIDDEN) {
                    progress(master + ", dense(" + hidden + ",relu) dense(" + CLASSES + ")");
                    points.add(measure(spark, plan, executors, executors, hidden));
                }
            } finally {
                spark.stop();
            }
        }
        progress("starting local-cluster[2,2,1024]");
        Point grouped;
        SparkSession spark = session("local-cluster[2,2,1024]", 2);
        try {
            grouped = measure(spark, plan, 2, 4, HIDDEN[0]);
        } finally {
            spark.stop();
        }
        progress("one task's share of a " + BATCH + "-row step, on one core");
        double compute = StepParts.measure(images(BATCH, 1), BATCH, 1, quick ? 1 : 5).taskSeconds();
        print(points, grouped, Fit.of(points), compute);
        return 0;
    }

    private static SparkSession session(String master, int executors) {
        SparkSession spark = SparkSessions.create("lazynet-scaling", master, master);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (spark.sparkContext().statusTracker().getExecutorInfos().length <= executors) {
            if (System.nanoTime() > deadline) {
                spark.stop();
                throw new IllegalStateException(master + " did not register " + executors + " executors within two"
                        + " minutes; check the machine's memory and SPARK_HOME (run through examples/run.sh)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while " + master + " started", e);
            }
        }
        return spark;
    }

    /**
     * The median step of one-job epochs (the first, which warms up, left out) with {@code partitions} tasks
     * of {@code rowsPerTask} rows per step on {@code executors} executors, and the messages per step the
     * driver got.
     */
    private Point measure(SparkSession spark, Plan plan, int executors, int partitions, int hidden) {
        int batch = plan.rowsPerTask() * partitions;
        Dataset<Row> frame = ImageFrames.toDataFrame(spark, images(batch * plan.steps(), hidden), partitions)
                .cache();
        frame.count();
        LazyNetClassifier classifier = new LazyNetClassifier().setLayers("dense(" + hidden + ",relu) dense("
                + CLASSES + ")").setBatchSize(batch).setMaxIter(plan.epochs()).setSeed(1);
        StepTraffic.Counts before = StepTraffic.now();
        List<Double> epochs = classifier.fit(frame).summary().secondsPerEpoch();
        StepTraffic.Counts traffic = StepTraffic.now().since(before);
        frame.unpersist();
        double[] timed = epochs.subList(1, epochs.size()).stream().mapToDouble(Double::doubleValue).toArray();
        return new Point(executors, parameters(hidden), KernelBenchmark.median(timed) / plan.steps(),
                traffic.steps() == 0 ? Double.NaN : (double) traffic.messages() / traffic.steps());
    }

    /** Random pixels and labels: the exchange does not depend on them. */
    private static LabeledImages images(int count, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[count * PIXELS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        int[] labels = new int[count];
        Arrays.setAll(labels, i -> random.nextInt(CLASSES));
        return new LabeledImages(28, 28, pixels, labels);
    }

    static int parameters(int hidden) {
        return PIXELS * hidden + hidden + hidden * CLASSES + CLASSES;
    }

    private void print(List<Point> points, Point grouped, Fit fit, double compute) {
        out.println("Measured step exchange (one-job epochs, " + (quick ? QUICK : FULL).rowsPerTask()
                + " rows per task and step)");
        out.printf(Locale.ROOT, "%-10s %12s %14s %14s %16s%n", "executors", "parameters", "step (ms)",
                "fitted (ms)", "messages/step");
        for (Point p : points) {
            out.printf(Locale.ROOT, "%-10d %12d %14.3f %14.3f %16.1f%n", p.executors(), p.parameters(),
                    p.stepSeconds() * 1e3, fit.exchange(p.executors(), p.parameters()) * 1e3, p.messagesPerStep());
        }
        out.printf(Locale.ROOT, "local-cluster[2,2,1024], 4 tasks: %.1f messages per step at the driver"
                + " (one per task before executors added their tasks' shares), step %.3f ms%n",
                grouped.messagesPerStep(), grouped.stepSeconds() * 1e3);
        out.printf(Locale.ROOT, "Fit: exchange = a + b*N*P, a = %.3f ms, b = %.3f ns per float and executor%n",
                fit.a() * 1e3, fit.b() * 1e9);
        out.printf(Locale.ROOT, "compute = %.2f ms: one core's share of a %d-row step of dense(%d,relu) dense(%d);"
                + " ten times the parameters, ten times that%n", compute * 1e3, BATCH, HIDDEN[0], CLASSES);
        out.println();
        out.println("Predicted: step = compute/N + a + b*N*P, global batch " + BATCH);
        out.printf(Locale.ROOT, "%-12s %10s %12s %14s %14s%n", "parameters", "executors", "step (ms)",
                "images/s", "vs 1 executor");
        StringBuilder result = new StringBuilder(String.format(Locale.ROOT, "a_ms=%.4f b_ns=%.4f compute_ms=%.3f"
                + " grouped_messages_per_step=%.1f", fit.a() * 1e3, fit.b() * 1e9, compute * 1e3,
                grouped.messagesPerStep()));
        for (int hidden : HIDDEN) {
            int parameters = parameters(hidden);
            double work = compute * parameters / parameters(HIDDEN[0]);
            double single = work + fit.exchange(1, parameters);
            for (int executors : PREDICTED_EXECUTORS) {
                double step = work / executors + fit.exchange(executors, parameters);
                out.printf(Locale.ROOT, "%-12d %10d %12.3f %14.0f %14.2f%n", parameters, executors, step * 1e3,
                        BATCH / step, single / step);
                result.append(String.format(Locale.ROOT, " images_per_s_p%d_n%d=%.0f", parameters, executors,
                        BATCH / step));
            }
            double best = Math.sqrt(work / (fit.b() * parameters));
            out.printf(Locale.ROOT, "%-12d the step is shortest at N = sqrt(compute/(b*P)) = %.1f executors%n",
                    parameters, best);
        }
        out.println(result);
    }

    private static void progress(String message) {
        System.err.println("scaling: " + message);
    }
}
