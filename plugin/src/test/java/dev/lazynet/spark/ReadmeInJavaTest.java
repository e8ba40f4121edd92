package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "In Java" example, compiled as the README shows it and run on a small dataset; a test
 * checks that the README's code block is the code between the markers below, so the two cannot drift.
 */
class ReadmeInJavaTest extends SparkTestBase {

    private static final String BEGIN = "// README \"In Java\" begins";
    private static final String END = "// README \"In Java\" ends";

    @TempDir
    Path dir;

    // README "In Java" begins
    static void trainAndSave(Dataset<Row> train, Dataset<Row> test, String path) throws IOException {
        LazyNetClassifier classifier = new LazyNetClassifier().setLayers("dense(256,relu) dense(10)");
        LazyNetClassificationModel model = classifier.fit(train);  // the 784 inputs are inferred from the data
        Dataset<Row> predictions = model.transform(test);          // adds prediction, probability, rawPrediction
        predictions.select("label", "prediction").show(5);
        System.out.print(model.network().summary());               // 0.weight (256, 784), 1.weight (10, 256), ...
        model.write().overwrite().save(path);                      // LazyNetClassificationModel.load(path) reads it
    }
    // README "In Java" ends

    @Test
    void theReadmeShowsExactlyTheExampleThisTestCompiles() throws IOException {
        // From the plugin module or plugin-spark-3.5, which compiles the plugin module's tests.
        Path self = Path.of("../plugin/src/test/java/dev/lazynet/spark/ReadmeInJavaTest.java");
        assertEquals(marked(Files.readAllLines(self, StandardCharsets.UTF_8)),
                javaBlockOfInJava(Files.readAllLines(Path.of("../README.md"), StandardCharsets.UTF_8)));
    }

    @Test
    void theExampleTrainsPredictsAndSavesAModelThatLoadsBack() throws IOException {
        Dataset<Row> train = TestData.frame(spark, TestData.blobs(120, 4, 3, 21), 2);
        Dataset<Row> test = TestData.frame(spark, TestData.blobs(30, 4, 3, 22), 2);
        String path = dir.resolve("model").toString();

        trainAndSave(train, test, path);

        LazyNetClassificationModel loaded = LazyNetClassificationModel.load(path);
        assertEquals(4, loaded.numFeatures());
        assertEquals(10, loaded.numClasses());
        assertArrayEquals(new String[] {"features", "label", "rawPrediction", "probability", "prediction"},
                loaded.transform(test).columns());
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

    /** The lines of the first Java code block after the heading "## In Java". */
    private static List<String> javaBlockOfInJava(List<String> readme) {
        int heading = readme.indexOf("## In Java");
        assertTrue(heading >= 0, "the README has no section \"## In Java\"");
        int begin = readme.subList(heading, readme.size()).indexOf("```java") + heading;
        int end = readme.subList(begin + 1, readme.size()).indexOf("```") + begin + 1;
        return readme.subList(begin + 1, end);
    }
}
