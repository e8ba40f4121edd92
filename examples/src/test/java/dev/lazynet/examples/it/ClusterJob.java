package dev.lazynet.examples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A job that the cluster tests submit, and the check of its result line. Every cluster test runs
 * {@link #current()}; switching them all to another job (the Fashion-MNIST MLP with an accuracy floor,
 * once it exists) is a change of that one method.
 *
 * @param mainClass the class spark-submit runs
 * @param appJar the jar submitted: it must hold the job and the examples classes
 * @param args the job's arguments
 * @param check asserts on the parsed result line
 */
record ClusterJob(String mainClass, Path appJar, List<String> args, Consumer<Map<String, String>> check) {

    /** The job the cluster tests run. */
    static ClusterJob current() {
        return squares();
    }

    /** {@link SquaresJob} on two executors, in the examples jar plus the job class. */
    static ClusterJob squares() {
        long n = SquaresJob.COUNT;
        return new ClusterJob(SquaresJob.class.getName(), squaresJar(), List.of(), results -> assertEquals(
                Map.of("count", Long.toString(n), "sum_of_squares", Long.toString(n * (n + 1) * (2 * n + 1) / 6),
                        "executors", "2"), results));
    }

    /** The examples jar with {@link SquaresJob} added, written once next to it. */
    private static synchronized Path squaresJar() {
        Path jar = ItSettings.examplesJar().resolveSibling("squares-job.jar");
        try {
            Files.copy(ItSettings.examplesJar(), jar, StandardCopyOption.REPLACE_EXISTING);
            Path classes = Path.of(SquaresJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String folder = SquaresJob.class.getPackageName().replace('.', '/');
            try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of());
                    Stream<Path> files = Files.list(classes.resolve(folder))) {
                Path target = Files.createDirectories(zip.getPath(folder));
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (file.getFileName().toString().startsWith(SquaresJob.class.getSimpleName())) {
                        Files.copy(file, target.resolve(file.getFileName().toString()));
                    }
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + jar, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The test classes have no file location", e);
        }
    }

    /**
     * The arguments of spark-submit for this job on a two-worker standalone cluster at {@code masterUrl},
     * with the jar at {@code jarPath}: client mode, one executor of one core per worker, and the job held
     * back until both executors are up, so that it really spreads over the workers.
     */
    List<String> submitArguments(String masterUrl, String jarPath) {
        List<String> arguments = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client",
                "--class", mainClass, "--total-executor-cores", "2", "--executor-memory", "512m",
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s", jarPath));
        arguments.addAll(args);
        return arguments;
    }
}
