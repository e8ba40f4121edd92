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
class TabularEmbeddingsTest {

    @TempDir
    Path dir;

    /** Ten penguins of each species; one row with a value not recorded. */
    private Path tinyTable() throws IOException {
        StringBuilder csv = new StringBuilder(TabularEmbeddings.HEADER).append('\n');
        String[][] kinds = {{"Adelie", "Torgersen", "39.1", "18.7", "181", "3750"},
            {"Gentoo", "Biscoe", "46.1", "13.2", "211", "4500"}, {"Chinstrap", "Dream", "46.5", "17.9", "192", "3500"}};
        for (int i = 0; i < 30; i++) {
            String[] k = kinds[i % 3];
            csv.append(String.join(",", k[0], k[1], k[2], k[3], k[4], k[5], i % 2 == 0 ? "male" : "female",
                    Integer.toString(2007 + i % 3))).append('\n');
        }
        csv.append("Adelie,Torgersen,NA,NA,NA,NA,NA,2007\n");
        return Files.writeString(dir.resolve("penguins.csv"), csv);
    }

    @Test
    void bothEncodingsTrainOnTheSameSplitAndTheResultLineGivesTheirAccuracyAndTime() throws IOException {
        JobRun run = JobRun.of(TabularEmbeddings::new, "--master", "local[2]", "--data", tinyTable().toString(),
                "--epochs", "3", "--repeats", "1");
        assertEquals(0, run.exit(), run.err());
        Map<String, String> results = run.results();
        assertEquals(List.of("embed_accuracy", "onehot_accuracy", "embed_seconds", "onehot_seconds", "dim",
                "epochs", "repeats", "rows", "test_rows"), List.copyOf(results.keySet()));
        assertTrue(run.out().contains("embed(2,vocab=0:0:0:0:3:2:3) dense(16,relu) dense(3)"), run.out());
        assertEquals("24", results.get("rows"));
        assertEquals("6", results.get("test_rows"));
        assertTrue(run.out().contains("1 with a value not recorded left out"), run.out());
        assertEquals("3", results.get("epochs"));
    }

    @Test
    void aLineWithTooFewFieldsIsOneLineNamingTheLine() throws IOException {
        Path csv = Files.writeString(dir.resolve("penguins.csv"), TabularEmbeddings.HEADER + "\nAdelie,Dream,1\n");
        String line = JobRun.of(TabularEmbeddings::new, "--data", csv.toString()).oneErrorLine(ExampleLauncher.FAILED);
        assertTrue(line.contains(csv + " line 2 has 3 fields"), line);
    }

    @Test
    void theBundledTableHasEveryPenguinWithItsValuesRecorded() {
        TabularEmbeddings.Table table = TabularEmbeddings.read(null);
        assertEquals(333, table.rows().size());
        assertEquals(11, table.incomplete());
    }
}
