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
 * step's shares and weights cross Spark's RPC, against the same fits on {@code local[2]}, where they
 * stay in the driver's JVM. It runs after everything else, as a JVM holds one SparkContext at a time.
 *
 * @param epochSeconds every timed epoch, or {@code null} when the cluster could not run
 * @param missing why there are no epochs, or {@code null}
 */
record ClusterEpochs(double[] epochSeconds, String missing) {

    static final String MASTER = "local-cluster[2,1,2048]";

    /** The median epoch. */
    double medianEpochSeconds() {
        return KernelBenchmark.median(epochSeconds);
    }

    /**
     * Runs {@code rounds} fits of {@code epochs} epochs on {@code train} (after an untimed one when
     * {@code warmUp}) on a fresh {@value #MASTER}, or says why it could not: executors start from
     * {@code SPARK_HOME/jars}, which examples/run.sh provides, and load LazyNet from the examples jar.
     */
    static ClusterEpochs measure(LabeledImages train, boolean warmUp, int epochs, int rounds) {
        String home = System.getenv("SPARK_HOME");
        if (home == null || !Files.isDirectory(Paths.get(home, "jars"))) {
            return new ClusterEpochs(null, "SPARK_HOME is " + home + ", but " + MASTER + " starts its executors"
                    + " from SPARK_HOME/jars; run through examples/run.sh");
        }
        String classes = ClusterEpochs.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        if (!classes.endsWith(".jar")) {
            return new ClusterEpochs(null, "LazyNet's classes come from " + classes + ", a folder the executors of "
                    + MASTER + " cannot load; run through examples/run.sh, which uses the packaged jar");
        }
        SparkSession spark = SparkSessions.create("lazynet-benchmark-cluster", MASTER, MASTER);
        try {
            Dataset<Row> frame = ImageFrames.toDataFrame(spark, train, 2).cache();
            frame.count();
            if (warmUp) {
                Benchmark.lazyNet(3).fit(frame);
            }
            double[] seconds = new double[0];
            for (int round = 0; round < rounds; round++) {
                double[] fit = Benchmark.lazyNet(epochs).fit(frame).summary().secondsPerEpoch().stream()
                        .mapToDouble(Double::doubleValue).toArray();
                seconds = Arrays.copyOf(seconds, seconds.length + fit.length);
                System.arraycopy(fit, 0, seconds, seconds.length - fit.length, fit.length);
            }
            frame.unpersist();
            return new ClusterEpochs(seconds, null);
        } finally {
            spark.stop();
        }
    }
}
