package dev.lazynet.spark;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * A {@code local[2]} Spark session without UI and with 2 shuffle partitions for each test class that
 * extends this, and the one place where test classes get their sessions: starting Spark once saves
 * seconds per class, and no class stops a session another class may still use.
 */
@Tag("spark")
public abstract class SparkTestBase {

    protected static SparkSession spark;
    protected static JavaSparkContext jsc;

    private static SparkSession current;
    private static String currentSettings;

    @BeforeAll
    static void startSpark() {
        spark = localSession();
        jsc = jscOf(spark);
    }

    /** The Java context of a session. */
    protected static JavaSparkContext jscOf(SparkSession session) {
        return JavaSparkContext.fromSparkContext(session.sparkContext());
    }

    /** The shared {@code local[2]} session. */
    public static SparkSession localSession() {
        return session("local[2]", Map.of("spark.sql.shuffle.partitions", "2"));
    }

    /**
     * A session on {@code master} with {@code settings} on top of the tests' defaults: the running one if
     * it was started with the same master and settings, else a new one. A JVM holds one SparkContext, so
     * the running session is stopped first; classes themselves stop none, and Spark's shutdown hook stops
     * the last.
     */
    public static synchronized SparkSession session(String master, Map<String, String> settings) {
        String wanted = master + " " + new TreeMap<>(settings);
        if (current != null && wanted.equals(currentSettings) && !current.sparkContext().isStopped()) {
            return current;
        }
        if (current != null) {
            current.stop();
        }
        SparkSession.Builder builder = SparkSession.builder()
                .master(master)
                .appName("lazynet-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1");
        settings.forEach(builder::config);
        current = builder.getOrCreate();
        currentSettings = wanted;
        return current;
    }

    /**
     * Stops {@code session} if it is the running one, for a class whose tests leave it unfit for the
     * next class (an executor killed, say).
     */
    static synchronized void discard(SparkSession session) {
        if (session == current) {
            current.stop();
            current = null;
            currentSettings = null;
        }
    }
}
