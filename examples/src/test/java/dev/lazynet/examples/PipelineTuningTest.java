package dev.lazynet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.examples.cli.ExampleLauncher;
import dev.lazynet.examples.data.IrisCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
class PipelineTuningTest {

    @TempDir
    Path dir;

    @Test
    void theTunedPipelineIsSavedLoadedBackAndPredictsTheSame() throws IOException {
        Path out = dir.resolve("out");
        JobRun run = JobRun.of(PipelineTuning::new, "--master", "local[2]", "--epochs", "3", "--folds", "2",
                "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        Map<String, String> results = run.results();
        assertEquals(List.of("test_accuracy", "cv_accuracy", "best_layers", "best_step_size", "identical_predictions",
                "models", "folds", "epochs", "train_seconds", "rows", "test_rows"), List.copyOf(results.keySet()));
        assertEquals("true", results.get("identical_predictions"));
        assertEquals("4", results.get("models"));
        assertEquals("2", results.get("folds"));
        assertEquals("120", results.get("rows"));
        assertEquals("30", results.get("test_rows"));
        assertTrue(List.of("dense(3)", "dense(16,relu)_dense(3)").contains(results.get("best_layers")),
                results.toString());
        assertTrue(List.of("0.0100", "0.1000").contains(results.get("best_step_size")), results.toString());
        double accuracy = Double.parseDouble(results.get("test_accuracy"));
        assertTrue(accuracy > 0.6, "3 balanced classes, so chance is 1/3; got " + accuracy);
        assertTrue(Files.isDirectory(out.resolve("best-model/stages")), "no saved pipeline in " + out);
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size());
        assertTrue(Files.size(out.resolve("metrics.png")) > 0);
    }

    @Test
    void aLineThatIsNotANumberIsOneLineNamingTheLineAndTheValue() throws IOException {
        Path csv = Files.writeString(dir.resolve("flowers.csv"), IrisCsv.HEADER + "\n5.1,3.5,1.4,0.2,Iris-setosa\n"
                + "4.9,three,1.4,0.2,Iris-setosa\n");
        String line = JobRun.of(PipelineTuning::new, "--data", csv.toString()).oneErrorLine(ExampleLauncher.FAILED);
        assertTrue(line.contains(csv + " line 3 has \"three\" as sepal_width, which is not a number"), line);
    }

    @Test
    void aLineWithTooFewFieldsIsRejectedWithItsCount() throws IOException {
        Path csv = Files.writeString(dir.resolve("flowers.csv"), IrisCsv.HEADER + "\n5.1,3.5,1.4,Iris-setosa\n");
        String line = JobRun.of(PipelineTuning::new, "--data", csv.toString()).oneErrorLine(ExampleLauncher.FAILED);
        assertTrue(line.contains(csv + " line 2 has 4 fields"), line);
        assertTrue(line.contains("each line needs 5"), line);
    }

    @Test
    void aFileWithoutTheHeaderIsRejectedShowingTheHeaderExpected() throws IOException {
        Path csv = Files.writeString(dir.resolve("flowers.csv"), "5.1,3.5,1.4,0.2,Iris-setosa\n");
        String line = JobRun.of(PipelineTuning::new, "--data", csv.toString()).oneErrorLine(ExampleLauncher.FAILED);
        assertTrue(line.contains("starts with \"5.1,3.5,1.4,0.2,Iris-setosa\""), line);
        assertTrue(line.contains(IrisCsv.HEADER), line);
    }

    @Test
    void aMissingFileIsOneLineNamingIt() {
        Path missing = dir.resolve("nowhere.csv");
        String line = JobRun.of(PipelineTuning::new, "--data", missing.toString()).oneErrorLine(ExampleLauncher.FAILED);
        assertTrue(line.contains("--data " + missing + " does not exist"), line);
    }

    @Test
    void aYarnMasterWithoutASparkDistributionIsOneLineSayingWhereItWorks() {
        String line = JobRun.of(PipelineTuning::new, "--master", "yarn").oneErrorLine(ExampleLauncher.FAILED);
        assertTrue(line.contains("Spark could not start on master 'yarn'"), line);
        assertTrue(line.contains("works only through a Spark distribution's spark-submit"), line);
    }

    @Test
    void oneFoldIsAUsageError() {
        String line = JobRun.of(PipelineTuning::new, "--folds", "1").oneErrorLine(ExampleLauncher.USAGE);
        assertTrue(line.contains("1 fold is too few"), line);
    }

    @Test
    void zeroFoldsAreTooFewLikeOneNotTooSmall() {
        String line = JobRun.of(PipelineTuning::new, "--folds", "0").oneErrorLine(ExampleLauncher.USAGE);
        assertTrue(line.contains("0 folds are too few; cross-validation needs at least 2"), line);
    }

    @Test
    void moreFoldsThanFlowersAreRefusedBeforeAnyTraining() {
        String line = JobRun.of(PipelineTuning::new, "--folds", "1000").oneErrorLine(ExampleLauncher.FAILED);
        assertTrue(line.contains("--folds 1000 is more than the 120 flowers to tune on"), line);
        assertTrue(line.contains("give --folds from 2 to 120"), line);
    }

    @Test
    void anOutThatIsAFileIsRefusedBeforeAnyTraining() throws IOException {
        Path file = Files.writeString(dir.resolve("results.txt"), "not a folder");
        JobRun run = JobRun.of(PipelineTuning::new, "--out", file.toString());
        String line = run.oneErrorLine(ExampleLauncher.FAILED);
        assertTrue(line.contains("--out " + file + " is a file, but it must name a folder"), line);
        assertTrue(!run.out().contains("Cross-validating"), run.out());
    }

    @Test
    void dataOfOneSpeciesIsSaidToHaveOneClassInOneLine() throws IOException {
        List<String> setosa = Files.readAllLines(Path.of("src/main/resources/dev/lazynet/examples/iris/iris.csv"))
                .stream().filter(line -> !line.contains("versicolor") && !line.contains("virginica")).toList();
        Path data = Files.write(dir.resolve("setosa.csv"), setosa);

        String line = JobRun.of(PipelineTuning::new, "--master", "local[2]", "--epochs", "1", "--folds", "2",
                "--data", data.toString(), "--out", dir.resolve("out").toString()).oneErrorLine(ExampleLauncher.FAILED);

        assertTrue(line.contains("Column \"label\" has 1 class (from its ML metadata), but a classifier learns to"
                + " tell at least 2 apart"), line);
        assertTrue(!line.contains("dense(1)") && !line.contains("SparkException"), line);
    }

    @Test
    void theBundledFileHoldsFiftyFlowersOfEachSpecies() {
        Map<Object, Long> counts = IrisCsv.read(null).stream()
                .collect(Collectors.groupingBy(row -> row.get(4), Collectors.counting()));
        assertEquals(Map.of("Iris-setosa", 50L, "Iris-versicolor", 50L, "Iris-virginica", 50L), counts);
    }
}
