package dev.lazynet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {

    private static final Path JAR = Path.of("/opt/lazynet-examples.jar");

    private static Properties submitted(String... pairs) {
        Properties system = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            system.setProperty(pairs[i], pairs[i + 1]);
        }
        return system;
    }

    @Test
    void withoutAMasterTheEmbeddedOneRunsWithoutItsWebUi() {
        assertEquals(Map.of("spark.app.name", "job", "spark.master", "local[*]", "spark.ui.enabled", "false"),
                SparkSessions.settings("job", null, "local[*]", submitted(), JAR));
    }

    @Test
    void withoutAMasterTheJobsOwnDefaultRuns() {
        assertEquals("local[2]", SparkSessions.settings("job", null, "local[2]", submitted(), JAR).get("spark.master"));
    }

    @Test
    void theMasterAndNameFromSparkSubmitAreKept() {
        Properties system = submitted("spark.master", "spark://10.0.0.1:7077", "spark.app.name", "mine",
                "spark.jars", "file:/app.jar");
        assertEquals(Map.of(), SparkSessions.settings("job", null, "local[*]", system, JAR));
    }

    @Test
    void anExplicitMasterOverridesTheOneFromSparkSubmit() {
        Properties system = submitted("spark.master", "yarn", "spark.jars", "file:/app.jar");
        assertEquals(Map.of("spark.app.name", "job", "spark.master", "local[2]", "spark.ui.enabled", "false"),
                SparkSessions.settings("job", "local[2]", "local[*]", system, JAR));
    }

    @Test
    void aClusterMasterWithoutSparkSubmitShipsTheExamplesJar() {
        assertEquals(Map.of("spark.app.name", "job", "spark.master", "spark://127.0.0.1:7077",
                "spark.jars", JAR.toString()), SparkSessions.settings("job", "spark://127.0.0.1:7077", "local[*]", submitted(), JAR));
    }

    @Test
    void localClusterExecutorsAreSeparateJvmsAndGetTheJarToo() {
        assertEquals(JAR.toString(),
                SparkSessions.settings("job", "local-cluster[2,1,1024]", "local[*]", submitted(), JAR).get("spark.jars"));
    }
}
