package dev.lazynet.examples.it;

import dev.lazynet.examples.cli.ResultLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * A Spark standalone master, two workers and the submitting driver, each in its own container of the
 * local Spark image, on the host's loopback network.
 */
@Testcontainers(disabledWithoutDocker = true)
@Tag("container")
class SparkContainersIT {

    private static final String APP_JAR = "/opt/lazynet/app.jar";
    private static final Duration START = Duration.ofMinutes(3);

    @Test
    void aJobSubmittedFromAContainerRunsOnMasterAndWorkerContainers() {
        String image = SparkTestImage.ensure();
        int[] ports = FreePorts.take(4);
        String masterUrl = "spark://127.0.0.1:" + ports[0];
        ClusterJob job = ClusterJob.current();
        List<String> submitCommand = new ArrayList<>(List.of("/opt/spark/bin/spark-submit"));
        submitCommand.addAll(job.submitArguments(masterUrl, APP_JAR));
        try (GenericContainer<?> master = spark(image)
                        .withCommand("/opt/spark/bin/spark-class", "org.apache.spark.deploy.master.Master", "--host",
                                "127.0.0.1", "--port", Integer.toString(ports[0]), "--webui-port",
                                Integer.toString(ports[1]))
                        .waitingFor(Wait.forLogMessage(".*I have been elected leader.*\\n", 1)
                                .withStartupTimeout(START));
                GenericContainer<?> worker1 = worker(image, masterUrl, ports[2]);
                GenericContainer<?> worker2 = worker(image, masterUrl, ports[3]);
                GenericContainer<?> submit = spark(image)
                        .withFileSystemBind(job.appJar().toString(), APP_JAR, BindMode.READ_ONLY)
                        .withCommand(submitCommand.toArray(String[]::new))
                        .withStartupCheckStrategy(
                                new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(4)))) {
            master.start();
            worker1.start();
            worker2.start();
            try {
                submit.start();
            } catch (ContainerLaunchException e) {
                throw new AssertionError("The submit container failed:\n" + submit.getLogs(), e);
            }
            String last = Processes.lastLine(submit.getLogs(OutputFrame.OutputType.STDOUT));
            job.check().accept(ResultLine.parse(last));
        }
    }

    private static GenericContainer<?> worker(String image, String masterUrl, int webUiPort) {
        return spark(image)
                .withCommand("/opt/spark/bin/spark-class", "org.apache.spark.deploy.worker.Worker", "--host",
                        "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", Integer.toString(webUiPort),
                        masterUrl)
                .waitingFor(Wait.forLogMessage(".*Successfully registered with master.*\\n", 1)
                        .withStartupTimeout(START));
    }

    /** A container of the local image on the host's network, never pulled, with an init process. */
    private static GenericContainer<?> spark(String image) {
        return new GenericContainer<>(image)
                .withImagePullPolicy(name -> false)
                .withNetworkMode("host")
                .withEnv("SPARK_LOCAL_IP", "127.0.0.1")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withInit(true));
    }
}
