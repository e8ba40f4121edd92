package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end scenarios on {@code local-cluster[2,1,1024]}: two executor JVMs, so tasks, results and
 * broadcasts really go through serialization. Executors take their classpath from
 * {@code SPARK_HOME/jars}, which the build fills with the Spark runtime (see the plugin's pom), and
 * LazyNet's classes from a jar shipped with {@code spark.jars}.
 */
class LocalClusterEndToEndTest extends EndToEndScenarios {

    private static SparkSession cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        String sparkHome = System.getenv("SPARK_HOME");
        if (sparkHome == null || !Files.isDirectory(Paths.get(sparkHome, "jars"))) {
            throw new IllegalStateException("SPARK_HOME is " + sparkHome + ", but local-cluster tests need it to name a"
                    + " folder whose jars/ holds the Spark runtime; run them through Maven (mvn verify), which"
                    + " prepares target/spark-home");
        }
        SparkSession.getDefaultSession().foreach(session -> {
            session.stop();
            return null;
        });
        Path jar = Files.createTempDirectory("lazynet-cluster").resolve("lazynet-classes.jar");
        jarOf(jar, classesOf(LazyNetClassifier.class), classesOf(LocalClusterEndToEndTest.class));
        cluster = SparkSession.builder()
                .master("local-cluster[2,1,1024]")
                .appName("lazynet-local-cluster-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.executor.memory", "512m")
                .config("spark.executor.extraJavaOptions", System.getProperty("lazynet.test.executorJavaOptions"))
                .config("spark.jars", jar.toUri().toString())
                .getOrCreate();
    }

    @AfterAll
    static void stopCluster() {
        cluster.stop();
    }

    @Override
    SparkSession session() {
        return cluster;
    }

    @Test
    void executorsRunInTheirOwnJvms() {
        List<String> processes = SparkTestBase.jscOf(cluster).parallelize(List.of(1, 2, 3, 4), 4)
                .map(i -> ProcessHandle.current().pid() + "").distinct().collect();

        assertTrue(processes.size() >= 1 && !processes.contains(ProcessHandle.current().pid() + ""),
                "executor pids " + processes + ", driver " + ProcessHandle.current().pid());
    }

    @Test
    void twoFitsOnTheClusterGiveBitwiseIdenticalWeights() {
        Dataset<Row> data = TestData.frame(cluster, TestData.blobs(200, 4, 3, 7), 4);
        LazyNetClassifier classifier = new LazyNetClassifier().setLayers("dense(8,relu) dense(3)").setMaxIter(2)
                .setBatchSize(50).setSeed(9);

        assertArrayEquals(classifier.fit(data).weights(), classifier.fit(data).weights());
    }

    /** The folder a class was compiled into. */
    private static Path classesOf(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A jar of the library's classes and of the tests' (whose lambdas run on executors), for
     * {@code spark.jars}.
     */
    private static void jarOf(Path jar, Path... folders) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Path folder : folders) {
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path path : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        out.putNextEntry(new JarEntry(folder.relativize(path).toString().replace('\\', '/')));
                        Files.copy(path, out);
                        out.closeEntry();
                    }
                }
            }
        }
    }
}
