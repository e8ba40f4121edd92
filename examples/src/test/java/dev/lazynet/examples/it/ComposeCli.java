package dev.lazynet.examples.it;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs Docker Compose, the standalone {@code docker-compose} (v1) or the {@code docker compose} plugin. */
final class ComposeCli {

    private final List<String> command;

    private ComposeCli(List<String> command) {
        this.command = command;
    }

    /** The first Compose that answers {@code version}, or empty when neither is installed. */
    static Optional<ComposeCli> find() {
        for (List<String> candidate : List.of(List.of("docker-compose"), List.of("docker", "compose"))) {
            ComposeCli cli = new ComposeCli(candidate);
            try {
                if (cli.run(List.of("version"), Map.of(), null, Duration.ofSeconds(30)) == 0) {
                    return Optional.of(cli);
                }
            } catch (IOException notInstalled) {
                // Try the next spelling.
            }
        }
        return Optional.empty();
    }

    /** The same Compose, bound to one file and project name ({@code -f FILE -p NAME}). */
    ComposeCli forProject(Path file, String name) {
        List<String> bound = new ArrayList<>(command);
        bound.addAll(List.of("-f", file.toString(), "-p", name));
        return new ComposeCli(bound);
    }

    /**
     * Runs Compose with {@code args} and extra {@code environment}, its output going to {@code log}
     * (discarded when {@code null}); returns the exit code.
     *
     * @throws AssertionError if it has not ended within {@code timeout} (it is then stopped)
     */
    int run(List<String> args, Map<String, String> environment, Path log, Duration timeout) throws IOException {
        List<String> full = new ArrayList<>(command);
        full.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(log == null ? Redirect.DISCARD : Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Processes.stop(process.toHandle());
                throw new AssertionError(String.join(" ", full) + " did not end within " + timeout
                        + (log == null ? "" : "; its output is in " + log));
            }
        } catch (InterruptedException e) {
            Processes.stop(process.toHandle());
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running " + String.join(" ", full), e);
        }
        return process.exitValue();
    }

    /** Runs Compose and returns what it printed, failing on a non-zero exit. */
    String output(List<String> args, Map<String, String> environment, Path log, Duration timeout) throws IOException {
        int exit = run(args, environment, log, timeout);
        String text = Files.readString(log, StandardCharsets.UTF_8);
        if (exit != 0) {
            throw new AssertionError(String.join(" ", command) + " " + String.join(" ", args) + " exited with "
                    + exit + ":\n" + text);
        }
        return text;
    }
}
