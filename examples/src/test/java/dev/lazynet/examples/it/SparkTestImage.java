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
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The local Spark image of the container tests ({@code examples/src/test/docker}), built from the Maven
 * jars on {@value #BASE} when missing. Its tag carries a digest of everything that goes into it, so a
 * change of the scripts, the JVM flags or the jars builds a new one.
 */
final class SparkTestImage {

    /** The Java 17 base image, made without a registry by {@code .ci/base-image.sh}. */
    static final String BASE = "local/jre17:ci";

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
            throw new AssertionError("The base image " + BASE + " is missing; build it once with"
                    + " .ci/base-image.sh (needs debootstrap and network access to a Debian mirror), as"
                    + " .ci/run does");
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
