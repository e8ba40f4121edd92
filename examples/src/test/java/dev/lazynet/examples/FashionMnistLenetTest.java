package dev.lazynet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.examples.cli.ExampleLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
class FashionMnistLenetTest {

    @TempDir
    Path dir;

    @Test
    void oneEpochOnAFewImagesInfersEveryLayerSizeAndWritesTheMetrics() throws IOException {
        Path data = JobRun.bundledFashionMnist(dir.resolve("data"));
        Path out = dir.resolve("out");
        JobRun run = JobRun.of(FashionMnistLenet::new, "--master", "local[2]", "--epochs", "1", "--limit", "300",
                "--data", data.toString(), "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        Map<String, String> results = run.results();
        assertEquals("1", results.get("epochs"));
        assertEquals("300", results.get("rows"));
        assertEquals("300", results.get("test_rows"));
        int parameters = (6 * 1 * 5 * 5 + 6) + (16 * 6 * 5 * 5 + 16) + (120 * 16 * 4 * 4 + 120) + (84 * 120 + 84)
                + (10 * 84 + 10);
        assertEquals(Integer.toString(parameters), results.get("parameters"));
        double accuracy = Double.parseDouble(results.get("test_accuracy"));
        assertTrue(accuracy >= 0 && accuracy <= 1, results.toString());
        assertTrue(run.out().contains("2.weight (16, 6, 5, 5)"), run.out());
        assertTrue(run.out().contains("5.weight (120, 256)"), run.out());
        assertEquals(2, Files.readAllLines(out.resolve("metrics.csv")).size());
        assertTrue(Files.size(out.resolve("metrics.png")) > 0);
    }

    @Test
    void aNetworkWithTheWrongNumberOfOutputsIsOneLineNamingTheFix() throws IOException {
        Path data = JobRun.bundledFashionMnist(dir.resolve("data"));
        JobRun run = JobRun.of(FashionMnistLenet::new, "--master", "local[2]", "--epochs", "1", "--limit", "100",
                "--layers", "conv2d(6,5,relu) flatten dense(7)", "--data", data.toString(), "--out",
                dir.resolve("out").toString());
        String line = run.oneErrorLine(ExampleLauncher.FAILED);
        assertTrue(line.contains("--layers \"conv2d(6,5,relu) flatten dense(7)\" does not fit Fashion-MNIST"), line);
        assertTrue(line.contains("dense(7) has 7 outputs"), line);
        assertTrue(line.contains("dense(10)"), line);
    }

    @Test
    void helpShowsTheLenetSpecAsTheDefault() {
        JobRun help = JobRun.of(FashionMnistLenet::new, "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().replaceAll("\\s+", "").contains("(default:" + FashionMnistLenet.LAYERS.replace(" ", "") + ")"),
                help.out());
        for (String option : List.of("--master", "--epochs", "--data", "--out", "--verbose", "--layers", "--initializer",
                "--limit")) {
            assertTrue(help.out().contains(option), option + " missing from:\n" + help.out());
        }
    }
}
