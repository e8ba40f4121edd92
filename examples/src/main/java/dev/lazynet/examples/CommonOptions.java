package dev.lazynet.examples;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every example job takes, mixed into its command with {@code @Mixin}. Defaults suit one
 * machine: the embedded {@code local[*]} master, output under {@code target/}, Fashion-MNIST from the
 * Debian package or the bundled subset.
 */
public final class CommonOptions {

    private static final String SPARK_CONTEXT_LOGGER = "org.apache.spark.SparkContext";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec job;

    @Option(names = "--master", paramLabel = "URL", converter = MasterUrl.class,
            description = "Spark master: local[N], local-cluster[N,C,MB], spark://HOST:PORT, yarn, k8s://..."
                    + " (default: the master given to spark-submit, else local[*])")
    private String master;

    @Option(names = "--out", paramLabel = "DIR",
            description = "folder for the metrics CSV and chart (default: target/examples/JOB)")
    private Path out;

    @Option(names = "--data", paramLabel = "PATH",
            description = "the data: for the Fashion-MNIST jobs a folder with the four .gz files (default: "
                    + FashionMnist.SYSTEM_DIR + " if installed, else the bundled subset); for pipeline-tuning a"
                    + " CSV file laid out like the bundled iris.csv (default: that file)")
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

    /** The {@code --data} path, or {@code null} for the job's default data. */
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

    /**
     * A Spark session named after the job, on the master these options select. Spark logs warnings
     * only (everything under {@code --verbose}), but LazyNet's per-epoch progress lines are kept.
     *
     * @throws ExampleException if Spark cannot start on that master
     */
    public SparkSession sparkSession() {
        SparkSession spark;
        // A context that fails to start logs the failure with its stack trace; the one line below says
        // it already, so that log is shown only under --verbose.
        Level contextLevel = LogManager.getLogger(SPARK_CONTEXT_LOGGER).getLevel();
        if (!verbose) {
            Configurator.setLevel(SPARK_CONTEXT_LOGGER, Level.OFF);
        }
        try {
            spark = SparkSessions.create(job.name(), master);
        } catch (Exception e) {
            // Spark's own failures (SparkException) are checked exceptions that Scala throws undeclared.
            throw new ExampleException("Spark could not start on master "
                    + (master != null ? "'" + master + "'" : "the default") + ": " + e.getMessage()
                    + "; check --master (e.g. local[*], spark://HOST:7077) and that the cluster is up", e);
        } finally {
            if (!verbose) {
                Configurator.setLevel(SPARK_CONTEXT_LOGGER, contextLevel);
            }
        }
        spark.sparkContext().setLogLevel(verbose ? "INFO" : "WARN");
        Configurator.setLevel("dev.lazynet", Level.INFO);
        return spark;
    }

    /**
     * Accepts the master URLs Spark knows (its {@code SparkContext} and cluster managers), so that a
     * typo is a usage error at once rather than a failure after Spark has started.
     */
    static final class MasterUrl implements ITypeConverter<String> {
        private static final Pattern VALID = Pattern.compile("local"
                + "|local\\[(\\*|[1-9][0-9]*)(\\s*,\\s*[0-9]+)?]"
                + "|local-cluster\\[\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*]"
                + "|spark://[^\\s/:,]+:[0-9]+(,[^\\s/:,]+:[0-9]+)*"
                + "|yarn"
                + "|k8s://\\S+");

        @Override
        public String convert(String value) {
            if (!VALID.matcher(value.strip()).matches()) {
                throw new TypeConversionException("'" + value + "' is not a Spark master URL; use local[*],"
                        + " local[N], local-cluster[WORKERS,CORES,MB], spark://HOST:PORT, yarn or k8s://URL");
            }
            return value.strip();
        }
    }
}
