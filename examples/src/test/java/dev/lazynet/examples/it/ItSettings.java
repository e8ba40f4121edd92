package dev.lazynet.examples.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the build tells the integration tests through Failsafe's system properties. */
final class ItSettings {

    private ItSettings() {
    }

    /** The packaged examples jar. */
    static Path examplesJar() {
        return existing("lazynet.examplesJar");
    }

    /** The folder with {@code jars/} (Spark's runtime) and {@code conf/spark-env.sh}. */
    static Path sparkHome() {
        return existing("lazynet.sparkHome");
    }

    /** The repository root, where docker-compose.yml is. */
    static Path repoRoot() {
        return existing("lazynet.repoRoot").normalize();
    }

    /** The JVM flags Spark needs on Java 17 (the parent pom's spark.java17.flags). */
    static String javaFlags() {
        return property("lazynet.javaFlags");
    }

    /** Spark's Scala line, e.g. 2.13. */
    static String scalaVersion() {
        return property("lazynet.scalaVersion");
    }

    /** The name of the local Spark image the container tests build. */
    static String sparkImage() {
        return property("lazynet.sparkImage");
    }

    /** Whether a missing container engine fails the build rather than skipping the container tests. */
    static boolean dockerRequired() {
        return Boolean.parseBoolean(System.getProperty("lazynet.requireDocker"))
                || Boolean.parseBoolean(System.getenv("LAZYNET_REQUIRE_DOCKER"));
    }

    /**
     * Whether a machine that cannot make network namespaces fails the build rather than skipping the
     * network fault tests.
     */
    static boolean netnsRequired() {
        return Boolean.parseBoolean(System.getProperty("lazynet.requireNetns"))
                || Boolean.parseBoolean(System.getenv("LAZYNET_REQUIRE_NETNS"));
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set; run the integration"
                    + " tests through Maven (mvn verify), whose Failsafe configuration sets it");
        }
        return value;
    }

    private static Path existing(String name) {
        Path path = Path.of(property(name));
        if (!Files.exists(path)) {
            throw new IllegalStateException(name + " points at " + path + ", which does not exist; run"
                    + " mvn verify, which packages the examples before the integration tests");
        }
        return path;
    }
}
