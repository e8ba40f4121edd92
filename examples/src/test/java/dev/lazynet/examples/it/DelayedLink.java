package dev.lazynet.examples.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host's link that can be slowed down: the host's interface is a TAP device in its namespace, its peer
 * a TAP device on the bridge, and between them {@code tap_delay.py} (a test resource, Python 3's standard
 * library only), which holds every Ethernet frame for the set delay, both ways, keeping their order.
 * Kernels without the netem queueing discipline cannot delay a link otherwise; with it, this is still the
 * one path, so that it is always tested.
 *
 * <p>The forwarder opens the bridge's TAP device from this JVM's namespace, then moves into the host's, so
 * {@link NetnsHosts} stops it with the host's other processes; {@link #close()} ends it sooner by closing
 * its standard input, and so does this JVM's end.
 */
final class DelayedLink implements AutoCloseable {

    /** Frames forwarded into and out of the host, and the shortest and longest time one was held. */
    record Stats(long framesIn, long framesOut, double shortestHoldMillis, double longestHoldMillis) {
    }

    private static final String SCRIPT = "tap_delay.py";
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern STATS = Pattern.compile(
            "^stats in=(\\d+) out=(\\d+) min_ms=([0-9.]+) max_ms=([0-9.]+)$");

    private final Process forwarder;
    private final Writer commands;
    private final WatchedOutput answers;
    private final Path log;

    private DelayedLink(Process forwarder, WatchedOutput answers, Path log) {
        this.forwarder = forwarder;
        this.commands = new OutputStreamWriter(forwarder.getOutputStream(), StandardCharsets.UTF_8);
        this.answers = answers;
        this.log = log;
    }

    /**
     * Starts the forwarder, joining {@code outerTap} in this JVM's namespace to the TAP device
     * {@code innerTap} of the namespace at {@code hostNamespace}, with no delay; returns once it has
     * opened both.
     *
     * @param logs where the script is written and its output kept
     */
    static DelayedLink start(Path logs, String outerTap, Path hostNamespace, String innerTap) throws IOException {
        Path script = Files.createDirectories(logs).resolve(SCRIPT);
        try (InputStream resource = DelayedLink.class.getResourceAsStream(SCRIPT);
                OutputStream out = Files.newOutputStream(script)) {
            resource.transferTo(out);
        }
        List<String> command = List.of("python3", script.toString(), outerTap, hostNamespace.toString(), innerTap);
        Path log = logs.resolve("tap-delay-" + outerTap + ".err");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        DelayedLink link = new DelayedLink(process, WatchedOutput.copy(process.getInputStream(),
                logs.resolve("tap-delay-" + outerTap + ".out"), "tap-delay-" + outerTap), log);
        try {
            link.answer(Pattern.compile("^ready$"), Long.MIN_VALUE);
            return link;
        } catch (RuntimeException | Error e) {
            link.close();
            throw e;
        }
    }

    /** Holds the frames that arrive from now on for {@code delay}; returns once the forwarder says so. */
    void delay(Duration delay) {
        long millis = delay.toMillis();
        ask("delay " + millis, Pattern.compile("^delay " + millis + " ms$"));
    }

    /** The counters since the last call (frames: since the start). */
    Stats stats() {
        Matcher m = STATS.matcher(ask("stats", STATS));
        if (!m.matches()) {
            throw new IllegalStateException("Unreadable stats line from " + SCRIPT);
        }
        return new Stats(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)));
    }

    /** Ends the forwarder: it stops when its standard input closes. */
    @Override
    public void close() {
        try {
            commands.close();
        } catch (IOException alreadyGone) {
            // It ended on its own; its log says why.
        }
        Processes.stop(forwarder.toHandle());
    }

    private String ask(String command, Pattern answer) {
        long sent = System.nanoTime();
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(SCRIPT + " no longer reads commands; see " + log, e);
        }
        return answer(answer, sent);
    }

    private String answer(Pattern answer, long sinceNanos) {
        try {
            return answers.first(answer, sinceNanos).get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).text();
        } catch (TimeoutException | ExecutionException e) {
            throw new AssertionError(SCRIPT + " did not answer " + answer + " within " + ANSWER_TIMEOUT + "; see "
                    + log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + SCRIPT, e);
        }
    }
}
