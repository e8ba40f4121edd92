package dev.lazynet.examples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/run.sh} as a person runs it, on the packaged jar: each mistake ends in one line on
 * standard error that names the problem, and a non-zero exit, without a stack trace.
 */
@Tag("process")
class RunScriptIT {

    /** Printed by the JVM itself whenever the Vector API module is added; not the job's output. */
    private static final String JVM_INCUBATOR_WARNING = "WARNING: Using incubator modules";
    /** Spark's own warnings about the machine (e.g. a hostname that resolves to loopback); not the job's. */
    private static final Pattern SPARK_WARNING = Pattern.compile("\\d\\d:\\d\\d:\\d\\d WARN \\S+: .*");

    @TempDir
    Path dir;

    private record Run(int exit, List<String> outputLines, List<String> errorLines) {
    }

    private Run runScript(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ItSettings.repoRoot().resolve("examples/run.sh").toString()));
        command.addAll(List.of(args));
        Path stderr = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(stderr.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("run.sh " + String.join(" ", args) + " did not end within 2 minutes");
        }
        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith(JVM_INCUBATOR_WARNING)
                        && !SPARK_WARNING.matcher(line).matches())
                .toList();
        return new Run(process.exitValue(), Files.readAllLines(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                lines);
    }

    private static String oneLine(Run run, int exit) {
        assertEquals(exit, run.exit(), run.errorLines().toString());
        assertEquals(1, run.errorLines().size(), "expected one line, got:\n" + String.join("\n", run.errorLines()));
        return run.errorLines().get(0);
    }

    @Test
    void helpListsEveryJob() throws Exception {
        Run run = runScript("--help");
        assertEquals(0, run.exit(), run.errorLines().toString());
        for (String job : List.of("fashion-mnist-mlp", "fashion-mnist-lenet", "pipeline-tuning",
                "tabular-embeddings", "tour", "benchmark", "kernel-benchmark", "export-onnx", "serving-benchmark")) {
            assertTrue(run.outputLines().stream().anyMatch(line -> line.strip().startsWith(job + " ")),
                    job + " missing from:\n" + String.join("\n", run.outputLines()));
        }
    }

    @Test
    void noJobIsOneLineListingTheJobs() throws Exception {
        String line = oneLine(runScript(), 2);
        assertTrue(line.contains("no job given; the jobs are: fashion-mnist-mlp, "), line);
    }

    @Test
    void anUnknownJobIsNamedWithTheListOfJobs() throws Exception {
        String line = oneLine(runScript("fashion-mnist-mpl"), 2);
        assertTrue(line.contains("unknown job 'fashion-mnist-mpl'"), line);
        assertTrue(line.contains("fashion-mnist-mlp, fashion-mnist-lenet, pipeline-tuning, tabular-embeddings, tour"), line);
    }

    @Test
    void aWrongMasterIsOneLineListingTheValidForms() throws Exception {
        String line = oneLine(runScript("fashion-mnist-mlp", "--master", "spark:/127.0.0.1:7077"), 2);
        assertTrue(line.contains("'spark:/127.0.0.1:7077' is not a Spark master URL"), line);
    }

    @Test
    void aMasterSparkCannotStartOnIsOneLineWithoutSparksStackTrace() throws Exception {
        String line = oneLine(runScript("pipeline-tuning", "--master", "yarn"), 1);
        assertTrue(line.startsWith("pipeline-tuning: Spark could not start on master 'yarn'"), line);
    }

    @Test
    void aBadSpecIsOneLineNamingTheLayer() throws Exception {
        String line = oneLine(runScript("fashion-mnist-lenet", "--layers", "conv2d(6,5,relu) pool(2) dense(10)"), 2);
        assertTrue(line.contains("unknown layer \"pool\""), line);
    }

    @Test
    void aDamagedDataFileIsOneLineNamingTheFile() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            Files.writeString(data.resolve(name), "not gzip");
        }
        String line = oneLine(runScript("fashion-mnist-mlp", "--data", data.toString()), 1);
        assertTrue(line.startsWith("fashion-mnist-mlp: "), line);
        assertTrue(line.contains(data.resolve("train-images-idx3-ubyte.gz").toString()), line);
    }
}
