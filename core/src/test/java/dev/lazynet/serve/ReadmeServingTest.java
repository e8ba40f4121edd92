package dev.lazynet.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Serve without Spark" example, compiled as the README shows it and run on a small saved
 * model; a test checks that the README's code block is the code between the markers below.
 */
class ReadmeServingTest {

    private static final String BEGIN = "// README \"Serve without Spark\" begins";
    private static final String END = "// README \"Serve without Spark\" ends";

    @TempDir
    Path dir;

    // README "Serve without Spark" begins
    static double[] classify(Path savedModel, float[][] images) {
        Predictor predictor = Predictor.load(savedModel);         // the folder model.write().save(path) wrote
        float[] probability = predictor.predictProbability(images[0]);  // transform's probability column
        System.out.println("class " + predictor.predict(images[0]) + ", probabilities " + probability.length);
        return predictor.predict(images);                         // a batch: one forward pass per 256 rows
    }
    // README "Serve without Spark" ends

    @Test
    void theReadmeShowsExactlyTheExampleThisTestCompiles() throws IOException {
        assertEquals(marked(Files.readAllLines(Path.of("src/test/java/dev/lazynet/serve/ReadmeServingTest.java"),
                StandardCharsets.UTF_8)), javaBlockAfter("### Serve without Spark",
                Files.readAllLines(Path.of("../README.md"), StandardCharsets.UTF_8)));
    }

    @Test
    void theExampleClassifiesABatch() throws IOException {
        Path saved = SavedModels.dense(dir.resolve("model"), Predictor.CLASSIFIER, 2, new float[] {1, 0, 0, 1},
                new float[] {0, 0});

        assertArrayEquals(new double[] {0, 1}, classify(saved, new float[][] {{2, 1}, {1, 2}}));
    }

    /** The lines between the markers, without the indentation of the first. */
    private static List<String> marked(List<String> source) {
        int begin = source.indexOf("    " + BEGIN);
        int end = source.indexOf("    " + END);
        List<String> lines = new ArrayList<>();
        for (String line : source.subList(begin + 1, end)) {
            lines.add(line.isEmpty() ? line : line.substring(4));
        }
        return lines;
    }

    /** The lines of the first Java code block after {@code heading}. */
    private static List<String> javaBlockAfter(String heading, List<String> readme) {
        int at = readme.indexOf(heading);
        assertTrue(at >= 0, "the README has no section \"" + heading + "\"");
        int begin = readme.subList(at, readme.size()).indexOf("```java") + at;
        int end = readme.subList(begin + 1, readme.size()).indexOf("```") + begin + 1;
        return readme.subList(begin + 1, end);
    }
}
