package dev.lazynet.examples.bench;

import dev.lazynet.examples.cli.SparkSessions;
import dev.lazynet.examples.data.ImageFrames;
import dev.lazynet.examples.data.LabeledImages;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's timed fits on {@value #MASTER}: two executor JVMs of one core each, so that every
 * step's shares and weights travel between JVMs, against the same fits on {@code local[2]}, where they
 * stay in the driver's JVM; and the same fits with {@value #STEP_LINES}{@code =false}, every step through
 * Spark's RPC instead of the driver's step lines, taking turns with them round by round. It runs after
 * everything else, as a JVM holds one SparkContext at a time.
 *
 * @param epochSeconds every timed epoch over the step lines, or {@code null} when the cluster could not run
 * @param rpcEpochSeconds every timed epoch through Spark's RPC, or {@code null}
 * @param missing why there are no epochs, or {@code null}
 */
record ClusterEpochs(double[] epochSeconds, double[] rpcEpochSeconds, String missing) {

    static final String MASTER = "local-cluster[2,1,2048]";
    /** The plugin's setting that, {@code false}, sends every step through Spark's RPC. */
    static final String STEP_LINES = "spark.lazynet.stepLines";

    /** The median epoch over the step lines. */
    double medianEpochSeconds() {
        return KernelBenchmark.median(epochSeconds);
    }

    /** The median epoch through Spark's RPC. */
    double medianRpcEpochSeconds() {
        return KernelBenchmark.median(rpcEpochSeconds);
    }

    /**
     * Runs {@code rounds} fits of {@code epochs} epochs on {@code train} over the step lines and as many
     * through Spark's RPC, in turns (after an untimed one of each when {@code warmUp}), on a fresh
     * {@value #MASTER}, or says why it could not: executors start from {@code SPARK_HOME/jars}, which
     * examples/run.sh provides, and load LazyNet from the examples jar.
     */
    static ClusterEpochs measure(LabeledImages train, boolean warmUp, int epochs, int rounds) {
        String home = System.getenv("SPARK_HOME");
        if (home == null || !Files.isDirectory(Paths.get(home, "jars"))) {
            return new ClusterEpochs(null, null, "SPARK_HOME is " + home + ", but " + MASTER + " starts its"
                    + " executors from SPARK_HOME/jars; run through examples/run.sh");
        }
        String classes = ClusterEpochs.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        if (!classes.endsWith(".jar")) {
            return new ClusterEpochs(null, null, "LazyNet's classes come from " + classes + ", a folder the"
                    + " executors of " + MASTER + " cannot load; run through examples/run.sh, which uses the"
                    + " packaged jar");
        }
        SparkSession spark = SparkSessions.create("lazynet-benchmark-cluster", MASTER, MASTER);
        try {
            Dataset<Row> frame = ImageFrames.toDataFrame(spark, train, 2).cache();
            frame.count();
            if (warmUp) {
                fit(spark, frame, 3, true);
                fit(spark, frame, 1, false);
            }
            double[] lines = new double[0];
            double[] rpc = new double[0];
            for (int round = 0; round < rounds; round++) {
                lines = append(lines, fit(spark, frame, epochs, true));
                rpc = append(rpc, fit(spark, frame, epochs, false));
            }
            frame.unpersist();
            return new ClusterEpochs(lines, rpc, null);
        } finally {
            spark.stop();
        }
    }

    /** The seconds of each epoch of one fit, its steps over the step lines or through Spark's RPC. */
    private static double[] fit(SparkSession spark, Dataset<Row> frame, int epochs, boolean stepLines) {
        spark.sparkContext().setLocalProperty(STEP_LINES, Boolean.toString(stepLines));
        try {
            return Benchmark.lazyNet(epochs).fit(frame).summary().secondsPerEpoch().stream()
                    .mapToDouble(Double::doubleValue).toArray();
        } finally {
            spark.sparkContext().setLocalProperty(STEP_LINES, null);
        }
    }

    private static double[] append(double[] to, double[] more) {
        double[] all = Arrays.copyOf(to, to.length + more.length);
        System.arraycopy(more, 0, all, to.length, more.length);
        return all;
    }
}
