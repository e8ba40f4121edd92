package dev.lazynet.examples.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.opentest4j.TestAbortedException;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The local Spark image of the container tests ({@code examples/src/test/docker}), built from the Maven
 * jars on {@value #BASE} when missing. Its tag carries a digest of everything that goes into it, so a
 * change of the scripts, the JVM flags or the jars builds a new one. The base image itself is built by
 * {@code .ci/base-image.sh} where this machine can run it (as root, with debootstrap); elsewhere the
 * container tests skip, naming that command, unless the container engine is required.
 */
final class SparkTestImage {

    /** The Java 17 base image, made without a registry by {@code .ci/base-image.sh}. */
    static final String BASE = "local/jre17:ci";
    /** Time enough for debootstrap to fetch and unpack a Java runtime from a Debian mirror. */
    private static final Duration BASE_BUILD = Duration.ofMinutes(20);

    private SparkTestImage() {
    }

    /** The image's name, after building it if this engine does not have it yet. */
    static synchronized String ensure() {
        Path docker = ItSettings.repoRoot().resolve("examples/src/test/docker");
        Path home = ItSettings.sparkHome();
        List<Path> scripts = List.of(docker.resolve("Dockerfile"), docker.resolve("bin/spark-class"),
                docker.resolve("bin/spark-submit"), home.resolve("conf/spark-env.sh"));
        String name = ItSettings.sparkImage() + "-" + digest(scripts, home.resolve("jars"));
        DockerClient client = DockerClientFactory.instance().client();
        if (exists(client, name)) {
            return name;
        }
        if (!exists(client, BASE)) {
            buildBase();
        }
        new ImageFromDockerfile(name, false)
                .withFileFromPath("Dockerfile", scripts.get(0))
                .withFileFromPath("bin/spark-class", scripts.get(1))
                .withFileFromPath("bin/spark-submit", scripts.get(2))
                .withFileFromPath("conf/spark-env.sh", scripts.get(3))
                .withFileFromPath("jars", home.resolve("jars"))
                .get();
        return name;
    }

    /**
     * Runs {@code .ci/base-image.sh} where it can run; where it cannot, or fails, skips the calling test
     * (or fails it where the container engine is required) with the command that builds the image.
     */
    private static void buildBase() {
        Path script = ItSettings.repoRoot().resolve(".ci/base-image.sh");
        String remedy = "build it once as root with " + script + " (needs debootstrap and a Debian mirror),"
                + " as .ci/run does";
        Optional<String> cannot = !isRoot() ? Optional.of("this user is not root")
                : onPath("debootstrap") ? Optional.empty() : Optional.of("debootstrap is not installed");
        if (cannot.isPresent()) {
            throw missingBase("The base image " + BASE + " is missing and " + cannot.get() + "; " + remedy);
        }
        try {
            Path log = Files.createDirectories(ItSettings.examplesJar().resolveSibling("it-logs"))
                    .resolve("base-image.log");
            Process build = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!build.waitFor(BASE_BUILD.toMinutes(), TimeUnit.MINUTES)) {
                build.destroyForcibly();
                throw missingBase(script + " did not build " + BASE + " within " + BASE_BUILD + "; see " + log);
            }
            if (build.exitValue() != 0) {
                throw missingBase(script + " failed with exit code " + build.exitValue() + " (see " + log + "):\n"
                        + Processes.tail(log, 20) + "\n" + remedy);
            }
        } catch (IOException e) {
            throw missingBase("Could not run " + script + ": " + e + "; " + remedy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while building " + BASE, e);
        }
    }

    /** The skip to throw without a base image; where the container engine is required, a failure instead. */
    private static RuntimeException missingBase(String message) {
        if (ItSettings.dockerRequired()) {
            throw new AssertionError(message);
        }
        return new TestAbortedException(message);
    }

    private static boolean isRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        return Stream.of(path.split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }

    private static boolean exists(DockerClient client, String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The first 12 hex digits of a SHA-256 over the files' contents and the jars' names. */
    private static String digest(List<Path> files, Path jars) {
        try (Stream<Path> listing = Files.list(jars)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                sha.update(Files.readAllBytes(file));
            }
            for (Path jar : listing.sorted().toList()) {
                sha.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
