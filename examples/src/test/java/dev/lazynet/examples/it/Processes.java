package dev.lazynet.examples.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the tests need of the processes they start: the output they wrote, and stopping them with their
 * children.
 */
final class Processes {

    private static final long STOP_SECONDS = 30;

    private Processes() {
    }

    /** The last non-blank line of {@code text}: an example job's result line. */
    static String lastLine(String text) {
        List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new AssertionError("The job printed nothing to standard output");
        }
        return lines.get(lines.size() - 1).strip();
    }

    /** The last non-blank line of a file. */
    static String lastLine(Path file) {
        return lastLine(read(file));
    }

    /** The last {@code lines} lines of a file, for failure messages. */
    static String tail(Path file, int lines) {
        List<String> all = read(file).lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asks {@code process} to stop (SIGTERM, so Spark's shutdown hooks run), forces it after a grace
     * period, then does the same to any of its descendants still running (a worker's executors).
     */
    static void stop(ProcessHandle process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        terminate(process);
        descendants.forEach(Processes::terminate);
    }

    private static void terminate(ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
