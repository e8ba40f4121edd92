package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/**
 * The parent pom's {@code spark.java17.flags} (the JVM flags of tests, executors and the examples) is a
 * copy of the list Spark's launcher adds; it must follow the Spark it is built against.
 */
class SparkJavaFlagsTest {

    @Test
    void thePomsJavaFlagsAreTheListOfSparksOwnLauncher() {
        String pomFlags = System.getProperty("lazynet.test.executorJavaOptions");

        assertEquals(JavaModuleOptions.defaultModuleOptions(), pomFlags,
                "spark.java17.flags in the parent pom differs from the flags of the Spark on the class path"
                        + " (org.apache.spark.launcher.JavaModuleOptions); copy Spark's list into the pom");
    }
}
