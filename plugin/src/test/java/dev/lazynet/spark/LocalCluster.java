package dev.lazynet.spark;

import dev.lazynet.tensor.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Starts a {@code local-cluster[2,1,1024]} session: two executor JVMs, so tasks, results and broadcasts
 * really go through serialization. Executors take their classpath from {@code SPARK_HOME/jars}, which the
 * build fills with the Spark runtime (see the plugin's pom), and LazyNet's classes and the tests' from a
 * jar shipped with {@code spark.jars}.
 */
final class LocalCluster {

    private LocalCluster() {
    }

    /** A local cluster with {@code extraConf} on top of the defaults, in place of the running session. */
    static SparkSession start(String appName, Map<String, String> extraConf) throws IOException {
        return start(appName, "local-cluster[2,1,1024]", extraConf);
    }

    /** {@link #start(String, Map)} on another {@code local-cluster[...]} master. */
    static SparkSession start(String appName, String master, Map<String, String> extraConf) throws IOException {
        String sparkHome = System.getenv("SPARK_HOME");
        if (sparkHome == null || !Files.isDirectory(Paths.get(sparkHome, "jars"))) {
            throw new IllegalStateException("SPARK_HOME is " + sparkHome + ", but local-cluster tests need it to name a"
                    + " folder whose jars/ holds the Spark runtime; run them through Maven (mvn verify), which"
                    + " prepares target/spark-home");
        }
        Path jar = Files.createTempDirectory("lazynet-cluster").resolve("lazynet-classes.jar");
        Path core = classesOf(Shape.class);
        Path plugin = classesOf(LazyNetClassifier.class);
        String jars = jar.toUri().toString();
        if (!Files.isDirectory(plugin)) {
            // The packaged plugin jar, core inside (the runtime checks of .ci/spark-lines.sh).
            jarOf(jar, classesOf(LocalCluster.class));
            jars += "," + plugin.toUri();
        } else if (Files.isDirectory(core)) {
            jarOf(jar, core, plugin, classesOf(LocalCluster.class));
        } else {
            jarOf(jar, plugin, classesOf(LocalCluster.class));
            jars += "," + core.toUri();
        }
        Map<String, String> settings = new HashMap<>(Map.of(
                "spark.app.name", appName,
                "spark.sql.shuffle.partitions", "2",
                "spark.executor.memory", "512m",
                "spark.executor.extraJavaOptions", System.getProperty("lazynet.test.executorJavaOptions"),
                "spark.jars", jars));
        settings.putAll(extraConf);
        return SparkTestBase.session(master, settings);
    }

    /** The folder a class was compiled into, or the jar it was packaged in. */
    private static Path classesOf(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A jar of LazyNet's classes and of the tests' (whose lambdas run on executors), for
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
