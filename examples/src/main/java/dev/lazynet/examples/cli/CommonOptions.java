package dev.lazynet.examples.cli;

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
 * The options of every example job that runs on Spark, mixed into its command with {@code @Mixin}:
 * {@code --master}, {@code --data} and {@code --verbose}. Defaults suit one machine: the embedded
 * {@code local[*]} master and the job's own data.
 */
public final class CommonOptions {

    private static final String SPARK_CONTEXT_LOGGER = "org.apache.spark.SparkContext";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec job;

    @Option(names = "--master", paramLabel = "URL", converter = MasterUrl.class,
            description = "Spark master: local[*], local[N], local-cluster[N,C,MB] or spark://HOST:PORT; yarn and"
                    + " k8s://URL only through a Spark distribution's spark-submit, whose jars support them"
                    + " (default: the master given to spark-submit, else local[*]; benchmark: local[2])")
    private String master;

    @Option(names = "--data", paramLabel = "PATH",
            description = "the job's data, as the end of this help says (default: the job's own)")
    private Path data;

    @Option(names = "--verbose", description = "print stack traces of errors and Spark's INFO log")
    private boolean verbose;

    /** The {@code --master} value, or {@code null} to take spark-submit's master or the job's default. */
    public String master() {
        return master;
    }

    /** The {@code --data} path, or {@code null} for the job's default data. */
    public Path data() {
        return data;
    }

    /** Whether {@code --verbose} was given. */
    public boolean verbose() {
        return verbose;
    }

    /** As {@link #sparkSession(String)} with {@value SparkSessions#DEFAULT_MASTER} as the default. */
    public SparkSession sparkSession() {
        return sparkSession(SparkSessions.DEFAULT_MASTER);
    }

    /**
     * A Spark session named after the job, on {@code --master}, else spark-submit's master, else
     * {@code defaultMaster}. Spark logs warnings only (everything under {@code --verbose}), but
     * LazyNet's per-epoch progress lines are kept.
     *
     * @throws ExampleException if Spark cannot start on that master
     */
    public SparkSession sparkSession(String defaultMaster) {
        SparkSession spark;
        // A context that fails to start logs the failure with its stack trace; the one line below says
        // it already, so that log is shown only under --verbose.
        Level contextLevel = LogManager.getLogger(SPARK_CONTEXT_LOGGER).getLevel();
        if (!verbose) {
            Configurator.setLevel(SPARK_CONTEXT_LOGGER, Level.OFF);
        }
        try {
            spark = SparkSessions.create(job.name(), master, defaultMaster);
        } catch (Exception e) {
            // Spark's own failures (SparkException) are checked exceptions that Scala throws undeclared.
            throw new ExampleException("Spark could not start on master "
                    + (master != null ? "'" + master + "'" : "the default") + ": " + e.getMessage() + remedy(), e);
        } finally {
            if (!verbose) {
                Configurator.setLevel(SPARK_CONTEXT_LOGGER, contextLevel);
            }
        }
        spark.sparkContext().setLogLevel(verbose ? "INFO" : "WARN");
        Configurator.setLevel("dev.lazynet", Level.INFO);
        return spark;
    }

    /** What to do when Spark cannot start: yarn and k8s:// need jars that only a Spark distribution has. */
    private String remedy() {
        if (master != null && (master.equals("yarn") || master.startsWith("k8s://"))) {
            return "; a yarn or k8s:// master works only through a Spark distribution's spark-submit, whose jars"
                    + " support it (e.g. spark-submit --master " + master + " --class ... lazynet-examples.jar)";
        }
        return "; check --master (e.g. local[*], spark://HOST:7077) and that the cluster is up";
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
