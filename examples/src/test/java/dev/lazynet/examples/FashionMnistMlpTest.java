package dev.lazynet.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.examples.cli.ExampleLauncher;
import dev.lazynet.examples.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
class FashionMnistMlpTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @TempDir
    static Path dir;

    private static JobRun trained;

    /** Two epochs on the first 1000 training and test images of the bundled subset, on two local cores. */
    @BeforeAll
    static void trainOnASmallPartOfTheBundledSubset() throws IOException {
        Path data = JobRun.bundledFashionMnist(dir.resolve("data"));
        trained = JobRun.of(FashionMnistMlp::new, "--master", "local[2]", "--epochs", "2", "--limit", "1000",
                "--data", data.toString(), "--out", dir.resolve("out").toString());
    }

    @Test
    void theResultLineReportsTheRunAndAnAccuracyFarAboveChance() {
        assertEquals(0, trained.exit(), trained.err());
        Map<String, String> results = trained.results();
        assertEquals(List.of("test_accuracy", "epochs", "train_seconds", "rows", "test_rows", "data", "loss",
                "parameters", "partitions"), List.copyOf(results.keySet()));
        assertEquals("2", results.get("epochs"));
        assertEquals("1000", results.get("rows"));
        assertEquals("1000", results.get("test_rows"));
        assertEquals("full", results.get("data"));
        assertEquals("2", results.get("partitions"));
        assertEquals(Integer.toString(256 * 784 + 256 + 10 * 256 + 10), results.get("parameters"));
        double accuracy = Double.parseDouble(results.get("test_accuracy"));
        assertTrue(accuracy > 0.5, "10 classes, so chance is 0.1; got " + accuracy);
    }

    @Test
    void theMetricsHoldOneRowPerEpochAndTheLastAccuracyIsTheReportedOne() throws IOException {
        Path csv = dir.resolve("out/metrics.csv");
        List<String> lines = Files.readAllLines(csv);
        assertEquals(List.of("epoch", "loss", "accuracy"), List.of(lines.get(0).split(",")));
        assertEquals(3, lines.size(), lines.toString());
        String[] last = lines.get(2).split(",");
        assertEquals("2", last[0]);
        assertEquals(trained.results().get("loss"), String.format(Locale.ROOT, "%.4f",
                Double.parseDouble(last[1])));
        assertEquals(Double.parseDouble(trained.results().get("test_accuracy")), Double.parseDouble(last[2]), 1e-4);
        assertTrue(trained.out().contains("Metrics written to " + csv + " and " + dir.resolve("out/metrics.png")),
                trained.out());
    }

    @Test
    void theChartIsAPng() throws IOException {
        byte[] png = Files.readAllBytes(dir.resolve("out/metrics.png"));
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 4));
    }

    @Test
    void theReportShowsTheInferredWeightShapes() {
        assertTrue(trained.out().contains("0.weight (256, 784)"), trained.out());
        assertTrue(trained.out().contains("1.weight (10, 256)"), trained.out());
    }

    @Test
    void aDamagedImageFileIsOneLineNamingTheFile() throws IOException {
        Path data = JobRun.bundledFashionMnist(dir.resolve("damaged"));
        Path images = data.resolve(FashionMnist.TEST_IMAGES);
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(whole, whole.length / 2));
        JobRun run = JobRun.of(FashionMnistMlp::new, "--data", data.toString());
        String line = run.oneErrorLine(ExampleLauncher.FAILED);
        assertTrue(line.startsWith("fashion-mnist-mlp: "), line);
        assertTrue(line.contains(images.toString()), line);
    }

    @Test
    void aBadSpecIsAUsageErrorNamingTheLayer() {
        String line = JobRun.of(FashionMnistMlp::new, "--layers", "dense(256,relu) dense(ten)")
                .oneErrorLine(ExampleLauncher.USAGE);
        assertTrue(line.contains("\"dense(256,relu) dense(ten)\" is not a network spec"), line);
        assertTrue(line.contains("dense(ten)"), line);
        assertTrue(line.contains("see fashion-mnist-mlp --help"), line);
    }

    @Test
    void aWrongMasterIsAUsageErrorListingTheValidForms() {
        String line = JobRun.of(FashionMnistMlp::new, "--master", "local[two]").oneErrorLine(ExampleLauncher.USAGE);
        assertTrue(line.contains("'local[two]' is not a Spark master URL"), line);
        assertTrue(line.contains("spark://HOST:PORT"), line);
    }

    @Test
    void anUnknownInitializerIsAUsageErrorNamingIt() {
        String line = JobRun.of(FashionMnistMlp::new, "--initializer", "glorot").oneErrorLine(ExampleLauncher.USAGE);
        assertTrue(line.contains("glorot"), line);
        assertTrue(line.contains("xavier"), line);
    }

    @Test
    void aLimitBelowOneIsAUsageError() {
        String line = JobRun.of(FashionMnistMlp::new, "--limit", "0").oneErrorLine(ExampleLauncher.USAGE);
        assertTrue(line.contains("0 is too small"), line);
    }

    @Test
    void helpListsTheJobsOptionsAndDefaults() {
        JobRun help = JobRun.of(FashionMnistMlp::new, "--help");
        assertEquals(0, help.exit());
        for (String option : List.of("--master", "--epochs", "--data", "--out", "--verbose", "--layers", "--initializer",
                "--limit")) {
            assertTrue(help.out().contains(option), option + " missing from:\n" + help.out());
        }
        assertTrue(help.out().contains("(default: dense(256,relu) dense(10))"), help.out());
        assertTrue(help.out().contains("(default: 10)"), help.out());
    }
}
