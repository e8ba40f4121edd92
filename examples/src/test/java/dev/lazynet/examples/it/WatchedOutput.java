package dev.lazynet.examples.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * A process's output, copied line by line to a file by a thread of its own, which tells waiting tests
 * when a line they wait for arrives and when it did: a fault can then be injected at a known point of a
 * job, and the time until the job's next sign of life measured, without sleeping or polling.
 */
final class WatchedOutput {

    /** A line and when it was read ({@link System#nanoTime()}). */
    record Line(String text, long nanos) {
    }

    private record Waiter(Pattern pattern, long sinceNanos, CompletableFuture<Line> line) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean ended;
    private final CompletableFuture<Void> end = new CompletableFuture<>();

    private WatchedOutput() {
    }

    /** Starts copying {@code output} to {@code file}, until the stream ends. */
    static WatchedOutput copy(InputStream output, Path file, String threadName) {
        WatchedOutput watched = new WatchedOutput();
        Thread copier = new Thread(() -> watched.copyAll(output, file), threadName);
        copier.setDaemon(true);
        copier.start();
        return watched;
    }

    /**
     * The first line that contains a match of {@code pattern} and was read at {@code sinceNanos} or later
     * (a line already read counts too); completes exceptionally if the output ends without one.
     */
    synchronized CompletableFuture<Line> first(Pattern pattern, long sinceNanos) {
        for (Line line : lines) {
            if (line.nanos >= sinceNanos && pattern.matcher(line.text).find()) {
                return CompletableFuture.completedFuture(line);
            }
        }
        CompletableFuture<Line> next = new CompletableFuture<>();
        if (ended) {
            next.completeExceptionally(new AssertionError("The output ended without a line matching " + pattern));
        } else {
            waiters.add(new Waiter(pattern, sinceNanos, next));
        }
        return next;
    }

    /** Completes once the output has ended and every line of it has been read. */
    CompletableFuture<Void> ended() {
        return end;
    }

    /** The lines read so far that contain a match of {@code pattern}, in the order they were read. */
    synchronized List<Line> all(Pattern pattern) {
        return lines.stream().filter(line -> pattern.matcher(line.text).find()).toList();
    }

    private void copyAll(InputStream output, Path file) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
                Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                Line line = new Line(text, System.nanoTime());
                writer.write(text);
                writer.write('\n');
                writer.flush();
                offer(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            end();
        }
    }

    private synchronized void offer(Line line) {
        lines.add(line);
        waiters.removeIf(waiter -> {
            if (line.nanos >= waiter.sinceNanos && waiter.pattern.matcher(line.text).find()) {
                waiter.line.complete(line);
                return true;
            }
            return false;
        });
    }

    private synchronized void end() {
        ended = true;
        for (Waiter waiter : waiters) {
            waiter.line.completeExceptionally(new AssertionError("The output ended without a line matching "
                    + waiter.pattern));
        }
        waiters.clear();
        end.complete(null);
    }
}
