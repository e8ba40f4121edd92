package dev.lazynet.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;

/**
 * A {@code local[2]} Spark session without UI and with 2 shuffle partitions, shared by the test
 * classes of one JVM: starting Spark once saves seconds per class. Spark's shutdown hook stops it; a
 * class that needs another master stops it first, and the next class starts a new one.
 */
public abstract class SparkTestBase {

    protected static SparkSession spark;
    protected static JavaSparkContext jsc;

    @BeforeAll
    static void startSpark() {
        spark = localSession();
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    /** The Java context of a session. */
    protected static JavaSparkContext jscOf(SparkSession session) {
        return JavaSparkContext.fromSparkContext(session.sparkContext());
    }

    /** The shared {@code local[2]} session, started if none runs. */
    protected static SparkSession localSession() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("lazynet-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }
}
