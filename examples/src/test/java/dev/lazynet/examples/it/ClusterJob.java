package dev.lazynet.examples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.examples.FashionMnistMlp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A job that the cluster tests submit, and the check of its result line. Every cluster test runs
 * {@link #current()}, so switching them all to another job is a change of that one method.
 *
 * @param mainClass the class spark-submit runs
 * @param appJar the jar submitted: it must hold the job and the examples classes
 * @param args the job's arguments
 * @param check asserts on the parsed result line
 */
record ClusterJob(String mainClass, Path appJar, List<String> args, Consumer<Map<String, String>> check) {

    /** Training and test images the cluster run uses, from whichever Fashion-MNIST the driver finds. */
    static final int IMAGES = 2000;
    /**
     * The least test accuracy accepted. One epoch on 2000 images (8 steps) reaches about 0.7 on the full
     * set and on the bundled subset alike; chance is 0.1, so a broken gradient sum or broadcast cannot
     * pass.
     */
    static final double ACCURACY_FLOOR = 0.6;

    /** The job the cluster tests run. */
    static ClusterJob current() {
        return fashionMnistMlp();
    }

    /**
     * The Fashion-MNIST MLP from the examples jar, one epoch on the first {@value #IMAGES} images. The
     * data has as many partitions as the cluster's default parallelism, the cores of the executors
     * registered when the job starts: with one core per worker, {@code partitions=2} shows that both
     * workers took part.
     */
    static ClusterJob fashionMnistMlp() {
        List<String> args = List.of("--epochs", "1", "--limit", Integer.toString(IMAGES), "--out",
                "/tmp/lazynet-cluster-it");
        return new ClusterJob(FashionMnistMlp.class.getName(), ItSettings.examplesJar(), args, results -> {
            assertEquals("1", results.get("epochs"), results.toString());
            assertEquals(Integer.toString(IMAGES), results.get("rows"), results.toString());
            assertEquals(Integer.toString(IMAGES), results.get("test_rows"), results.toString());
            assertEquals("2", results.get("partitions"), results.toString());
            double accuracy = Double.parseDouble(results.get("test_accuracy"));
            assertTrue(accuracy >= ACCURACY_FLOOR, "test_accuracy " + accuracy + " is below " + ACCURACY_FLOOR
                    + ": " + results);
        });
    }

    /**
     * The arguments of spark-submit for this job on a two-worker standalone cluster at {@code masterUrl},
     * with the jar at {@code jarPath}: client mode, one executor of one core per worker, and the job held
     * back until both executors are up, so that it really spreads over the workers. Executors in
     * containers share the host's address but not their disks, so shuffle blocks are fetched over the
     * network rather than read from a "host-local" executor's files.
     */
    List<String> submitArguments(String masterUrl, String jarPath) {
        List<String> arguments = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client",
                "--class", mainClass, "--total-executor-cores", "2", "--executor-memory", "512m",
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
                "--conf", "spark.shuffle.readHostLocalDisk=false", jarPath));
        arguments.addAll(args);
        return arguments;
    }
}
