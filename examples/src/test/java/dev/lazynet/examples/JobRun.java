package dev.lazynet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lazynet.examples.cli.ExampleLauncher;
import dev.lazynet.examples.cli.ResultLine;
import dev.lazynet.examples.data.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One run of an example job in this JVM, through {@link ExampleLauncher} as {@code main} runs it, with
 * what it printed; the job's report and the launcher's help go to {@code out}.
 *
 * @param exit the exit code
 * @param out the job's standard output
 * @param err the launcher's error output
 */
public record JobRun(int exit, String out, String err) {

    /** Runs the job that {@code job} makes for an output stream, with {@code args}. */
    public static JobRun of(Function<PrintStream, Object> job, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = ExampleLauncher.run(job.apply(outStream), outStream,
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new JobRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The parsed result line: the last line of standard output. */
    public Map<String, String> results() {
        List<String> lines = out.strip().lines().toList();
        assertFalse(lines.isEmpty(), "the job printed nothing; its errors:\n" + err);
        return ResultLine.parse(lines.get(lines.size() - 1));
    }

    /** Asserts that the job failed with {@code exit} and said why in exactly one line, returned. */
    public String oneErrorLine(int expectedExit) {
        assertEquals(expectedExit, exit, "exit code; output:\n" + out + "\nerrors:\n" + err);
        List<String> lines = err.strip().lines().toList();
        assertEquals(1, lines.size(), "expected one error line and no stack trace, got:\n" + err);
        return lines.get(0);
    }

    /** Copies the Fashion-MNIST subset bundled in the jar into {@code dir}, as a {@code --data} folder. */
    public static Path bundledFashionMnist(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : FashionMnist.FILES) {
            try (InputStream in = FashionMnist.class.getResourceAsStream(FashionMnist.BUNDLED + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        return dir;
    }
}
