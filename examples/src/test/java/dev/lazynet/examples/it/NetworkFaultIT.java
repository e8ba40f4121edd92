package dev.lazynet.examples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lazynet.examples.cli.ResultLine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
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
 * Host 3's link is a {@link DelayedLink}, without delay but in the latency test.
 *
 * <p>The cluster is shared; the link-down test runs last because it leaves a worker host's executor lost.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkFaultIT {

    private static final int EPOCHS = 3;
    private static final int STEPS = NetworkFaultFit.IMAGES / NetworkFaultFit.BATCH_SIZE;
    private static final Duration FIT_TIMEOUT = Duration.ofMinutes(3);
    private static final int DELAYED_HOST = 3;
    /** The worker on the delayed host: workers 1 and 2 run on hosts 2 and 3. */
    private static final int DELAYED_WORKER = DELAYED_HOST - 1;
    private static final Duration LATENCY = Duration.ofMillis(50);
    private static final Pattern STEP_DONE = Pattern.compile("epoch (\\d+)/" + EPOCHS + ", step (\\d+)/" + STEPS
            + " done");
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
    private static double undisturbedStepMillis;
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
        hosts = NetnsHosts.create(4, DELAYED_HOST, logs);
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
    void fiftyMillisecondsMoreOnAWorkerHostsLinkSlowTheStepsButLeaveTheWeightsAsTheyWere() throws Exception {
        Map<String, String> steady = undisturbed();
        DelayedLink link = hosts.delayedLink();
        double connectBefore = connectMillis(cluster.workerWebUi(DELAYED_WORKER));
        link.delay(LATENCY);
        try {
            double connectAfter = connectMillis(cluster.workerWebUi(DELAYED_WORKER));
            link.stats();
            StandaloneCluster.Launched driver = startFit(null);
            Map<String, String> delayed = finish(driver);
            DelayedLink.Stats stats = link.stats();
            double stepMillis = medianStepMillis(driver);
            System.out.printf(Locale.ROOT, "Link of host %d delayed by %d ms each way: TCP connect to its worker"
                    + " %.1f ms before, %.1f ms after; a step took %.1f ms (%.2f steps/s) undisturbed, %.1f ms"
                    + " (%.2f steps/s) delayed; frames held %.1f to %.1f ms, %d in and %d out%n", DELAYED_HOST,
                    LATENCY.toMillis(), connectBefore, connectAfter, undisturbedStepMillis,
                    1e3 / undisturbedStepMillis, stepMillis, 1e3 / stepMillis, stats.shortestHoldMillis(),
                    stats.longestHoldMillis(), stats.framesIn(), stats.framesOut());
            assertTrue(connectAfter >= 90, "a TCP handshake with host " + DELAYED_HOST + " crosses its link twice,"
                    + " so takes at least 100 ms, but took " + connectAfter + " ms");
            assertTrue(stats.framesIn() > 0 && stats.framesOut() > 0, "the fit's frames crossed the link: " + stats);
            assertTrue(stats.shortestHoldMillis() >= LATENCY.toMillis(), "every frame was held: " + stats);
            assertEquals(steady.get("executor_hosts"), delayed.get("executor_hosts"), delayed.toString());
            assertEquals(steady.get("weights_sha256"), delayed.get("weights_sha256"), delayed.toString());
        } finally {
            link.delay(Duration.ZERO);
        }
    }

    @Test
    @Order(4)
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
            StandaloneCluster.Launched driver = startFit(null);
            undisturbed = finish(driver);
            undisturbedStepMillis = medianStepMillis(driver);
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

    /**
     * The median time between the progress log's lines of consecutive steps of one epoch: the time of a
     * step of a one-job epoch, without the job's start, which precedes its first step.
     */
    private static double medianStepMillis(StandaloneCluster.Launched driver) throws Exception {
        driver.stderr().ended().get(FIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<Double> millis = new ArrayList<>();
        int[] previous = {-1, -1};
        long previousNanos = 0;
        for (WatchedOutput.Line line : driver.stderr().all(STEP_DONE)) {
            Matcher m = STEP_DONE.matcher(line.text());
            m.find();
            int epoch = Integer.parseInt(m.group(1));
            int step = Integer.parseInt(m.group(2));
            if (epoch == previous[0] && step == previous[1] + 1) {
                millis.add((line.nanos() - previousNanos) / 1e6);
            }
            previous = new int[] {epoch, step};
            previousNanos = line.nanos();
        }
        assertEquals(EPOCHS * (STEPS - 1), millis.size(), "consecutive steps in the driver's log; see "
                + driver.stdout().getParent());
        Collections.sort(millis);
        return millis.get(millis.size() / 2);
    }

    /** The shortest of three TCP handshakes with {@code address}, in milliseconds. */
    private static double connectMillis(InetSocketAddress address) throws IOException {
        double shortest = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            try (Socket socket = new Socket()) {
                socket.connect(address, (int) FIT_TIMEOUT.toMillis());
                shortest = Math.min(shortest, (System.nanoTime() - start) / 1e6);
            }
        }
        return shortest;
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
