package dev.lazynet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.spark.LazyNetClassifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class ExampleLauncherTest {

    @Command(name = "demo-job", description = "A job for the tests.")
    static final class DemoJob implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Mixin
        OutputOptions output;
        @Mixin
        TrainingOptions training = new TrainingOptions(7);
        @Mixin
        HelpOption help;
        @Option(names = "--fail")
        String fail;
        boolean ran;

        @Override
        public Integer call() {
            ran = true;
            if ("user".equals(fail)) {
                throw new ExampleException("the data is odd; pass --data DIR");
            }
            if ("bug".equals(fail)) {
                throw new IllegalStateException("boom");
            }
            if ("wrapped".equals(fail)) {
                throw new RuntimeException("Exception thrown in awaitResult", new IllegalStateException(
                        "Job aborted due to stage failure", lazyNetError()));
            }
            return 0;
        }
    }

    /** A real error of the library, raised where it names a mistake. */
    private static IllegalArgumentException lazyNetError() {
        try {
            new LazyNetClassifier().setBatchSize(-1);
        } catch (IllegalArgumentException e) {
            return e;
        }
        throw new AssertionError("setBatchSize(-1) was accepted");
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(DemoJob job, String... args) {
        return ExampleLauncher.run(job, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void defaultsAreTheEmbeddedMasterTheJobsEpochsAndAFolderUnderTarget() {
        DemoJob job = new DemoJob();
        assertEquals(0, run(job));
        assertTrue(job.ran);
        assertNull(job.options.master());
        assertNull(job.options.data());
        assertFalse(job.options.verbose());
        assertEquals(7, job.training.epochs());
        assertEquals(Path.of("target", "examples", "demo-job"), job.output.out());
    }

    @Test
    void optionsAreParsed() {
        DemoJob job = new DemoJob();
        assertEquals(0, run(job, "--master", "local[2]", "--epochs", "3", "--out", "o", "--data", "d", "--verbose"));
        assertEquals("local[2]", job.options.master());
        assertEquals(3, job.training.epochs());
        assertEquals(Path.of("o"), job.output.out());
        assertEquals(Path.of("d"), job.options.data());
        assertTrue(job.options.verbose());
    }

    @Test
    void helpListsTheCommonOptionsAndTheJobsDefaultEpochs() {
        DemoJob job = new DemoJob();
        assertEquals(0, run(job, "--help"));
        assertFalse(job.ran);
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : new String[] {"--master", "--epochs", "--out", "--data", "--verbose", "--help"}) {
            assertTrue(help.contains(option), option + " missing from:\n" + help);
        }
        assertTrue(help.contains("(default: 7)"), help);
    }

    @Test
    void aMistypedOptionIsOneLineWithASuggestionAndUsageExit() {
        assertEquals(ExampleLauncher.USAGE, run(new DemoJob(), "--epoch=3"));
        assertEquals(1, err().strip().lines().count(), err());
        assertTrue(err().contains("demo-job: Unknown option: '--epoch=3'"), err());
        assertTrue(err().contains("did you mean --epochs"), err());
        assertTrue(err().contains("see demo-job --help"), err());
    }

    @Test
    void everyKindOfSparkMasterUrlIsAccepted() {
        for (String master : List.of("local", "local[*]", "local[4]", "local[2, 3]", "local-cluster[2,1,1024]",
                "spark://127.0.0.1:7077", "spark://a:7077,b:7077", "yarn", "k8s://https://example.org:6443")) {
            DemoJob job = new DemoJob();
            assertEquals(0, run(job, "--master", master), err());
            assertEquals(master, job.options.master());
        }
    }

    @Test
    void aMasterThatIsNotASparkUrlIsAUsageErrorListingTheForms() {
        for (String master : List.of("local[0]", "lokal[2]", "spark://127.0.0.1", "127.0.0.1:7077", "")) {
            err.reset();
            assertEquals(ExampleLauncher.USAGE, run(new DemoJob(), "--master", master));
            assertTrue(err().contains("'" + master + "' is not a Spark master URL; use local[*], local[N]"), err());
        }
    }

    @Test
    void epochsBelowOneAreRejectedWithTheValue() {
        assertEquals(ExampleLauncher.USAGE, run(new DemoJob(), "--epochs", "0"));
        assertTrue(err().contains("0 is too small; give a number >= 1"), err());
    }

    @Test
    void epochsThatAreNotANumberAreRejectedWithTheValue() {
        assertEquals(ExampleLauncher.USAGE, run(new DemoJob(), "--epochs", "ten"));
        assertTrue(err().contains("'ten' is not a whole number"), err());
    }

    @Test
    void aUserErrorIsOneLineWithoutStackTrace() {
        assertEquals(ExampleLauncher.FAILED, run(new DemoJob(), "--fail", "user"));
        assertEquals("demo-job: the data is odd; pass --data DIR (--verbose shows the stack trace)",
                err().strip());
    }

    @Test
    void anUnexpectedErrorNamesItsType() {
        assertEquals(ExampleLauncher.FAILED, run(new DemoJob(), "--fail", "bug"));
        assertEquals("demo-job: failed with java.lang.IllegalStateException: boom"
                + " (--verbose shows the stack trace)", err().strip());
    }

    @Test
    void verbosePrintsTheStackTrace() {
        assertEquals(ExampleLauncher.FAILED, run(new DemoJob(), "--fail", "bug", "--verbose"));
        assertTrue(err().startsWith("demo-job: failed with java.lang.IllegalStateException: boom\n"), err());
        assertTrue(err().contains("at dev.lazynet.examples.cli.ExampleLauncherTest$DemoJob.call"), err());
    }

    @Test
    void aLazyNetErrorWrappedBySparkIsPrintedAsItsOwnMessageWithoutAStackTrace() {
        DemoJob job = new DemoJob();

        assertEquals(ExampleLauncher.FAILED, run(job, "--fail", "wrapped"));

        String[] lines = err().strip().split("\\R");
        assertEquals(1, lines.length, err());
        assertTrue(lines[0].startsWith("demo-job: Invalid value -1 for batchSize: rows per mini-batch"), lines[0]);
        assertFalse(lines[0].contains("awaitResult"), lines[0]);
    }
}
