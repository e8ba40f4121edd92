package dev.lazynet.examples;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every example job takes, mixed into its command with {@code @Mixin}. Defaults suit one
 * machine: the embedded {@code local[*]} master, output under {@code target/}, Fashion-MNIST from the
 * Debian package or the bundled subset.
 */
public final class CommonOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec job;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N], local-cluster[N,C,MB], spark://HOST:PORT, yarn, k8s://..."
                    + " (default: the master given to spark-submit, else local[*])")
    private String master;

    @Option(names = "--out", paramLabel = "DIR",
            description = "folder for the metrics CSV and chart (default: target/examples/JOB)")
    private Path out;

    @Option(names = "--data", paramLabel = "DIR",
            description = "folder with the four Fashion-MNIST .gz files (default: " + FashionMnist.SYSTEM_DIR
                    + " if installed, else the bundled subset)")
    private Path data;

    @Option(names = "--verbose", description = "print stack traces of errors and Spark's INFO log")
    private boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    /** The {@code --master} value, or {@code null} to take spark-submit's master or {@code local[*]}. */
    public String master() {
        return master;
    }

    /** The output folder: {@code --out}, or {@code target/examples/<job name>}. */
    public Path out() {
        return out != null ? out : Path.of("target", "examples", job.name());
    }

    /** The {@code --data} folder, or {@code null} to search the usual places. */
    public Path data() {
        return data;
    }

    /** Whether {@code --verbose} was given. */
    public boolean verbose() {
        return verbose;
    }

    /** Loads Fashion-MNIST from {@code --data} or the usual places; notes go to standard error. */
    public FashionMnist fashionMnist() {
        return FashionMnist.load(data, System.err);
    }

    /** A Spark session named after the job, on the master these options select. */
    public SparkSession sparkSession() {
        SparkSession spark = SparkSessions.create(job.name(), master);
        spark.sparkContext().setLogLevel(verbose ? "INFO" : "WARN");
        return spark;
    }
}
