package dev.lazynet.examples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lazynet.examples.cli.ResultLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.LogUtils;

/**
 * The repository's docker-compose.yml, run as users run it but on the local Spark image and free ports:
 * {@code up} until the submit service exits, then its result line, then {@code down}.
 */
@Testcontainers(disabledWithoutDocker = true)
@Tag("container")
class ComposeClusterIT {

    @Test
    void theComposeClusterRunsTheSubmittedJobOnItsWorkers() throws Exception {
        Optional<ComposeCli> found = ComposeCli.find();
        assertTrue(found.isPresent() || !ItSettings.dockerRequired(),
                "Docker Compose is required but neither docker-compose nor docker compose runs");
        assumeTrue(found.isPresent(), "Docker Compose is not installed");

        ClusterJob job = ClusterJob.current();
        int[] ports = FreePorts.take(4);
        Map<String, String> env = Map.of("SPARK_IMAGE", SparkTestImage.ensure(), "SPARK_PULL_POLICY", "never",
                "SPARK_MASTER_PORT", Integer.toString(ports[0]), "SPARK_MASTER_WEBUI_PORT", Integer.toString(ports[1]),
                "SPARK_WORKER1_WEBUI_PORT", Integer.toString(ports[2]),
                "SPARK_WORKER2_WEBUI_PORT", Integer.toString(ports[3]),
                "LAZYNET_JAR", job.appJar().toString(), "LAZYNET_CLASS", job.mainClass(),
                "LAZYNET_ARGS", String.join(" ", job.args()));
        Path logs = Files.createDirectories(ItSettings.examplesJar().resolveSibling("it-logs").resolve("compose"));
        ComposeCli project = found.get().forProject(ItSettings.repoRoot().resolve("docker-compose.yml"),
                "lazynet-it-" + ports[0]);
        try {
            int exit = project.run(List.of("up", "--no-color", "--exit-code-from", "submit"), env,
                    logs.resolve("up.log"), Duration.ofMinutes(6));
            String id = project.output(List.of("ps", "-q", "submit"), env, logs.resolve("ps.log"),
                    Duration.ofMinutes(1)).strip();
            String stdout = LogUtils.getOutput(DockerClientFactory.instance().client(), id,
                    OutputFrame.OutputType.STDOUT);
            assertEquals(0, exit, "docker-compose up ended with the submit service's exit code " + exit
                    + "; the output is in " + logs.resolve("up.log") + ", its end:\n"
                    + Processes.tail(logs.resolve("up.log"), 40));
            job.check().accept(ResultLine.parse(Processes.lastLine(stdout)));
        } finally {
            project.run(List.of("down", "--timeout", "10"), env, logs.resolve("down.log"), Duration.ofMinutes(2));
        }
    }
}
