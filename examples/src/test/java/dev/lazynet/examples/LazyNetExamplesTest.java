package dev.lazynet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.examples.cli.ExampleLauncher;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LazyNetExamplesTest {

    private static final List<String> JOBS = List.of("fashion-mnist-mlp", "fashion-mnist-lenet", "pipeline-tuning",
            "tabular-embeddings", "tour", "benchmark", "kernel-benchmark", "scaling", "export-onnx", "serving-benchmark");

    @TempDir
    Path dir;

    @Test
    void helpListsEveryJobWithWhatItDoes() {
        JobRun help = JobRun.of(LazyNetExamples::command, "--help");
        assertEquals(0, help.exit(), help.err());
        for (String job : JOBS) {
            assertTrue(help.out().lines().anyMatch(line -> line.strip().startsWith(job + " ")), job + " missing from:\n"
                    + help.out());
        }
    }

    @Test
    void eachJobHasItsOwnHelp() {
        for (String job : JOBS) {
            JobRun help = JobRun.of(LazyNetExamples::command, job, "--help");
            assertEquals(0, help.exit(), help.err());
            assertTrue(help.out().contains("Usage: lazynet-examples " + job), help.out());
        }
    }

    @Test
    void anUnknownJobIsAUsageErrorWithASuggestionAndTheListOfJobs() {
        String line = JobRun.of(LazyNetExamples::command, "fashion-mnist-mpl").oneErrorLine(ExampleLauncher.USAGE);
        assertTrue(line.startsWith("lazynet-examples: unknown job 'fashion-mnist-mpl'"), line);
        assertTrue(line.contains("did you mean fashion-mnist-mlp"), line);
        assertTrue(line.contains("the jobs are: " + String.join(", ", JOBS)), line);
    }

    @Test
    void noJobIsAUsageErrorWithTheListOfJobs() {
        String line = JobRun.of(LazyNetExamples::command).oneErrorLine(ExampleLauncher.USAGE);
        assertTrue(line.startsWith("lazynet-examples: no job given; the jobs are: " + String.join(", ", JOBS)), line);
    }

    @Test
    void aJobsMistakeNamesTheJobAndItsHelp() {
        String line = JobRun.of(LazyNetExamples::command, "fashion-mnist-mlp", "--epochs", "0")
                .oneErrorLine(ExampleLauncher.USAGE);
        assertTrue(line.startsWith("fashion-mnist-mlp: "), line);
        assertTrue(line.endsWith("; see lazynet-examples fashion-mnist-mlp --help"), line);
    }

    @Test
    void aJobRunsAsASubcommand() {
        JobRun tour = JobRun.of(LazyNetExamples::command, "tour");
        assertEquals(0, tour.exit(), tour.err());
        assertEquals("0", tour.results().get("checks_failed"));
    }

    @Test
    void verboseOnAJobShowsTheStackTraceOfItsFailure() {
        JobRun failed = JobRun.of(LazyNetExamples::command, "fashion-mnist-mlp", "--data",
                dir.resolve("missing").toString(), "--verbose");
        assertEquals(ExampleLauncher.FAILED, failed.exit());
        assertTrue(failed.err().startsWith("fashion-mnist-mlp: "), failed.err());
        assertTrue(failed.err().contains("\tat dev.lazynet.examples."), failed.err());
    }
}
