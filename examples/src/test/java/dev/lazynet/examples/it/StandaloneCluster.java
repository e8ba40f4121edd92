package dev.lazynet.examples.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone master and workers, each a separate {@code java} process started from the Maven
 * jars in {@link ItSettings#sparkHome()} on a {@link Host} of its own or all on 127.0.0.1, with jobs
 * submitted through {@code org.apache.spark.deploy.SparkSubmit} as a further process. {@link #close()}
 * stops exactly the processes started here, and the executors the workers launched for them.
 */
final class StandaloneCluster implements AutoCloseable {

    /**
     * Where a process runs: the address it binds to and talks from, and the command that starts a
     * program there ({@code ip netns exec NAME} for a {@link NetnsHosts} host, nothing for this machine).
     */
    record Host(String address, List<String> launcher) {

        /** This machine's loopback address. */
        static final Host LOOPBACK = new Host("127.0.0.1", List.of());
    }

    /**
     * A process started here: the process, its standard error as it arrives (also copied to
     * {@code NAME.err} in the logs), and the file with its standard output ({@code NAME.out}).
     */
    record Launched(Process process, WatchedOutput stderr, Path stdout) {
    }

    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    private static final Duration POLL = Duration.ofMillis(250);
    /** Heap of the master and the workers, which only schedule. */
    private static final String DAEMON_HEAP = "512m";
    /**
     * Heap of the submitted driver, spark-submit's default: the Fashion-MNIST jobs read the data set
     * on the driver, the full one (about 220 MB of floats) where Debian's package is installed.
     */
    private static final String DRIVER_HEAP = "1g";

    private final Path logs;
    private final Host masterHost;
    private final int masterPort;
    private final int webUiPort;
    private final List<Process> processes = new ArrayList<>();
    private final List<InetSocketAddress> workerWebUis = new ArrayList<>();

    private StandaloneCluster(Path logs, Host masterHost, int masterPort, int webUiPort) {
        this.logs = logs;
        this.masterHost = masterHost;
        this.masterPort = masterPort;
        this.webUiPort = webUiPort;
    }

    /**
     * Starts a master and {@code workers} workers of one core and 1 GiB each, and returns once the
     * master's {@code /json/} lists them all ALIVE.
     *
     * @param logs folder for each process's output and the workers' work folders
     * @throws AssertionError if the cluster is not up within {@code timeout}, with the logs' tails
     */
    static StandaloneCluster start(Path logs, int workers, Duration timeout) throws IOException {
        return start(logs, Host.LOOPBACK, Collections.nCopies(workers, Host.LOOPBACK), timeout);
    }

    /**
     * Starts a master on {@code masterHost} and a worker of one core and 1 GiB on each of
     * {@code workerHosts}, and returns once the master's {@code /json/} lists them all ALIVE; the test
     * must be able to reach {@code masterHost}'s address.
     *
     * @param logs folder for each process's output and the workers' work folders
     * @throws AssertionError if the cluster is not up within {@code timeout}, with the logs' tails
     */
    static StandaloneCluster start(Path logs, Host masterHost, List<Host> workerHosts, Duration timeout)
            throws IOException {
        int workers = workerHosts.size();
        int[] ports = FreePorts.take(2 + workers);
        StandaloneCluster cluster = new StandaloneCluster(Files.createDirectories(logs), masterHost, ports[0],
                ports[1]);
        try {
            Process master = cluster.launch("master", masterHost, DAEMON_HEAP, List.of(),
                    "org.apache.spark.deploy.master.Master", "--host", masterHost.address(), "--port",
                    Integer.toString(ports[0]), "--webui-port", Integer.toString(ports[1])).process();
            for (int i = 1; i <= workers; i++) {
                Host host = workerHosts.get(i - 1);
                cluster.workerWebUis.add(new InetSocketAddress(host.address(), ports[1 + i]));
                cluster.launch("worker-" + i, host, DAEMON_HEAP, List.of(), "org.apache.spark.deploy.worker.Worker",
                        "--host", host.address(), "--cores", "1", "--memory", "1g", "--webui-port",
                        Integer.toString(ports[1 + i]), "--work-dir", logs.resolve("worker-" + i + "-work").toString(),
                        cluster.masterUrl());
            }
            cluster.awaitAliveWorkers(master, workers, Instant.now().plus(timeout));
            return cluster;
        } catch (RuntimeException | Error | IOException e) {
            cluster.close();
            throw e;
        }
    }

    /** The URL to submit to, {@code spark://ADDRESS:PORT}. */
    String masterUrl() {
        return "spark://" + masterHost.address() + ":" + masterPort;
    }

    /**
     * Submits {@code job} in client mode, waits for it to end and returns the last line of its standard
     * output.
     *
     * @throws AssertionError if it does not end within {@code timeout} or exits non-zero, with its log
     */
    String submit(ClusterJob job, Duration timeout) throws IOException, InterruptedException {
        List<String> args = job.submitArguments(masterUrl(), job.appJar().toString());
        Process submit = launch("submit", Host.LOOPBACK, DRIVER_HEAP, List.of(), "org.apache.spark.deploy.SparkSubmit",
                args.toArray(String[]::new)).process();
        if (!submit.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("spark-submit of " + job.mainClass() + " did not end within " + timeout
                    + "\n" + tails());
        }
        if (submit.exitValue() != 0) {
            throw new AssertionError("spark-submit of " + job.mainClass() + " exited with "
                    + submit.exitValue() + "\n" + tails());
        }
        return Processes.lastLine(logs.resolve("submit.out"));
    }

    /**
     * Starts spark-submit with {@code submitArguments} on {@code host}, whose address the driver binds to
     * and gives the executors, and returns at once. {@link #close()} stops it if it still runs.
     *
     * @param name names its output files in the logs
     * @param jvmFlags further flags of the driver's JVM, e.g. a logging configuration
     */
    Launched startDriver(String name, Host host, List<String> submitArguments, List<String> jvmFlags)
            throws IOException {
        return launch(name, host, DRIVER_HEAP, jvmFlags, "org.apache.spark.deploy.SparkSubmit",
                submitArguments.toArray(String[]::new));
    }

    /** Where worker {@code worker} (from 1) serves its web UI: a port on its host that accepts at once. */
    InetSocketAddress workerWebUi(int worker) {
        return workerWebUis.get(worker - 1);
    }

    /** The processes' output files and the workers' work folders. */
    Path logs() {
        return logs;
    }

    /** Starts a process on {@code host}, its output in {@code NAME.out} and {@code NAME.err} of the logs. */
    private Launched launch(String name, Host host, String heap, List<String> jvmFlags, String mainClass,
            String... args) throws IOException {
        Path home = ItSettings.sparkHome();
        List<String> command = new ArrayList<>(host.launcher());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(ItSettings.javaFlags().trim().split("\\s+")));
        command.addAll(jvmFlags);
        command.addAll(List.of("-Xmx" + heap, "-cp", home.resolve("conf") + ":" + home.resolve("jars") + "/*",
                mainClass));
        command.addAll(Arrays.asList(args));
        Path stdout = logs.resolve(name + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile());
        // Workers launch executors from SPARK_HOME/jars; every process, and every executor a worker
        // launches, binds to its host's address.
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", ItSettings.scalaVersion());
        builder.environment().put("SPARK_LOCAL_IP", host.address());
        Process process = builder.start();
        processes.add(process);
        WatchedOutput stderr = WatchedOutput.copy(process.getErrorStream(), logs.resolve(name + ".err"), name);
        return new Launched(process, stderr, stdout);
    }

    /** Polls the master's JSON status; waiting on the master process between polls notices its death. */
    private void awaitAliveWorkers(Process master, int workers, Instant deadline) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI status = URI.create("http://" + masterHost.address() + ":" + webUiPort + "/json/");
        HttpRequest request = HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(5)).build();
        int alive = 0;
        while (Instant.now().isBefore(deadline)) {
            try {
                Matcher m = ALIVE_WORKERS.matcher(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
                alive = m.find() ? Integer.parseInt(m.group(1)) : 0;
                if (alive >= workers) {
                    return;
                }
            } catch (IOException notListeningYet) {
                alive = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for the Spark master", e);
            }
            try {
                if (master.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("The Spark master exited with " + master.exitValue() + "\n" + tails());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for the Spark master", e);
            }
        }
        throw new AssertionError("Only " + alive + " of " + workers + " workers were ALIVE at "
                + request.uri() + " by the deadline\n" + tails());
    }

    private String tails() {
        try (var files = Files.list(logs)) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                all.append("--- ").append(file).append(" (end)\n").append(Processes.tail(file, 30));
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the started processes, newest first, and any executor they left behind. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Processes.stop(processes.get(i).toHandle());
        }
        processes.clear();
    }
}
