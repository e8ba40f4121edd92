package dev.lazynet.examples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lazynet.examples.cli.ResultLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A standalone cluster on hosts of their own ({@link NetnsHosts}): the master on host 1, workers on hosts
 * 2 and 3, each driver on host 4, so executors and driver talk over addresses of their own. Each fault
 * is compared with an undisturbed fit of the same seed and data on the same cluster, bit for bit.
 *
 * <p>The cluster is shared; the link test runs last because it leaves a worker host's executor lost.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkFaultIT {

    private static final int EPOCHS = 3;
    private static final int STEPS = NetworkFaultFit.IMAGES / NetworkFaultFit.BATCH_SIZE;
    private static final Duration FIT_TIMEOUT = Duration.ofMinutes(3);
    /**
     * Lower than Spark's defaults so that a host that vanishes is noticed in seconds, not minutes: the
     * plugin's stall timeout (60 s) ends the one-job epoch, the executors' heartbeats (every 10 s, checked
     * every 60 s, 120 s of silence) declare the lost executor dead, and the network timeout (120 s) ends
     * fetches of its blocks.
     */
    private static final List<String> FAST_DETECTION = List.of(
            "spark.lazynet.epochStallTimeout=3s",
            "spark.executor.heartbeatInterval=1s",
            "spark.network.timeoutInterval=1s",
            "spark.network.timeout=6s");

    private static NetnsHosts hosts;
    private static StandaloneCluster cluster;
    private static Path appJar;
    private static Path logConfig;
    private static Map<String, String> undisturbed;
    private static int runs;

    @BeforeAll
    static void startHosts() throws IOException {
        Optional<String> unavailable = NetnsHosts.unavailable();
        if (unavailable.isPresent()) {
            if (ItSettings.netnsRequired()) {
                fail(unavailable.get() + " (LAZYNET_REQUIRE_NETNS is set, so this fails instead of skipping)");
            }
            Assumptions.abort(unavailable.get());
        }
        Path logs = ItSettings.examplesJar().resolveSibling("it-logs").resolve("netns");
        hosts = NetnsHosts.create(4);
        cluster = StandaloneCluster.start(logs, hosts.host(1), List.of(hosts.host(2), hosts.host(3)),
                Duration.ofMinutes(3));
        appJar = NetworkFaultFit.jar(logs);
        logConfig = writeLogConfig(logs);
    }

    @AfterAll
    static void stopHosts() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (hosts != null) {
                hosts.close();
            }
        }
    }

    @Test
    @Order(1)
    void anUndisturbedFitRunsOnBothWorkerHostsFromADriverOnAHostOfItsOwn() throws Exception {
        Map<String, String> result = undisturbed();
        assertEquals(hosts.address(4), result.get("driver_host"), result.toString());
        assertEquals(hosts.address(2) + "," + hosts.address(3), result.get("executor_hosts"), result.toString());
        assertEquals("0", result.get("resumed_from"), result.toString());
    }

    @Test
    @Order(2)
    void aDriverKilledAfterACheckpointIsReplacedByOneThatResumesToTheUndisturbedWeights() throws Exception {
        Path checkpoints = Files.createTempDirectory(cluster.logs(), "checkpoints-");
        StandaloneCluster.Launched first = startFit(checkpoints);
        WatchedOutput.Line written = await(first.stderr().first(
                Pattern.compile("Checkpoint after epoch 1 written"), 0), first);
        first.process().destroyForcibly();
        assertEquals(137, first.process().waitFor(), "the first driver had ended before it was killed");
        long killed = System.nanoTime();

        Map<String, String> resumed = finish(startFit(checkpoints));
        System.out.printf(Locale.ROOT, "Driver killed %.0f ms after the checkpoint of epoch 1; the new driver"
                + " resumed from epoch %s%n", (killed - written.nanos()) / 1e6, resumed.get("resumed_from"));
        int from = Integer.parseInt(resumed.get("resumed_from"));
        assertTrue(from >= 1 && from < EPOCHS, "the new driver resumed from epoch " + from + ": " + resumed);
        assertEquals(undisturbed().get("weights_sha256"), resumed.get("weights_sha256"), resumed.toString());
    }

    @Test
    @Order(3)
    void aWorkerHostWhoseLinkGoesDownMidEpochLeavesTheFitToTheOtherWorkerWithTheSameWeights() throws Exception {
        StandaloneCluster.Launched driver = startFit(null);
        await(driver.stderr().first(Pattern.compile("epoch 1/" + EPOCHS + ", step 3/" + STEPS + " done"), 0), driver);
        long down;
        try {
            hosts.linkDown(2);
            down = System.nanoTime();
            CompletableFuture<WatchedOutput.Line> left = driver.stderr().first(
                    Pattern.compile("left the one-job epoch"), down);
            CompletableFuture<WatchedOutput.Line> nextStep = driver.stderr().first(
                    Pattern.compile("step \\d+/" + STEPS + " done"), down);
            Map<String, String> result = finish(driver);
            System.out.printf(Locale.ROOT, "Link of host 2 down: one-job epoch left after %.0f ms, next step"
                    + " done after %.0f ms%n", (await(left, driver).nanos() - down) / 1e6,
                    (await(nextStep, driver).nanos() - down) / 1e6);
            assertEquals(hosts.address(3), result.get("executor_hosts"), result.toString());
            assertEquals(undisturbed().get("weights_sha256"), result.get("weights_sha256"), result.toString());
        } finally {
            hosts.linkUp(2);
        }
    }

    /** The result of the undisturbed fit, run once for all the tests. */
    private static synchronized Map<String, String> undisturbed() throws Exception {
        if (undisturbed == null) {
            undisturbed = finish(startFit(null));
        }
        return undisturbed;
    }

    private static StandaloneCluster.Launched startFit(Path checkpoints) throws IOException {
        List<String> args = new ArrayList<>(List.of("--master", cluster.masterUrl(), "--deploy-mode", "client",
                "--class", NetworkFaultFit.class.getName(), "--jars", ItSettings.examplesJar().toString(),
                "--total-executor-cores", "2", "--executor-memory", "512m",
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s"));
        for (String setting : FAST_DETECTION) {
            args.addAll(List.of("--conf", setting));
        }
        args.addAll(List.of(appJar.toString(), Integer.toString(EPOCHS)));
        if (checkpoints != null) {
            args.add(checkpoints.toString());
        }
        return cluster.startDriver("driver-" + ++runs, hosts.host(4), args,
                List.of("-Dlog4j2.configurationFile=" + logConfig));
    }

    /** Waits for the driver to end, checks it succeeded and returns its result line. */
    private static Map<String, String> finish(StandaloneCluster.Launched driver) throws Exception {
        if (!driver.process().waitFor(FIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("The fit did not end within " + FIT_TIMEOUT + "; see the logs in " + driver.stdout().getParent());
        }
        assertEquals(0, driver.process().exitValue(), "the driver failed; see the logs in "
                + driver.stdout().getParent());
        return ResultLine.parse(Processes.lastLine(driver.stdout()));
    }

    /** The awaited line of {@code driver}'s log, or an error pointing at the logs if it does not come. */
    private static WatchedOutput.Line await(CompletableFuture<WatchedOutput.Line> line,
            StandaloneCluster.Launched driver) throws Exception {
        try {
            return line.get(FIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("The driver did not log the awaited line within " + FIT_TIMEOUT + "; see the"
                    + " logs in " + driver.stdout().getParent(), e);
        }
    }

    /**
     * The drivers' logging: warnings, the checkpoints written, and the progress log's line per step, which
     * the tests wait for to inject their faults at a known point.
     */
    private static Path writeLogConfig(Path logs) throws IOException {
        return Files.writeString(logs.resolve("driver-log4j2.properties"), String.join("\n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.stderr.ref = console",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.target = SYSTEM_ERR",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex",
                "logger.progress.name = dev.lazynet.spark.internal.engine.ProgressLog",
                "logger.progress.level = debug",
                "logger.checkpoints.name = dev.lazynet.spark.internal.engine.Checkpoints",
                "logger.checkpoints.level = info",
                ""), StandardCharsets.UTF_8);
    }
}
