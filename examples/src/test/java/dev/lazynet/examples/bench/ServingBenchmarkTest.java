package dev.lazynet.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.examples.JobRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke run of {@code serving-benchmark} with few calls: the table and result line it prints. */
@Tag("benchmark")
class ServingBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void theTableHasARowPerEngineAndTheResultLineANumberPerFigure() throws IOException {
        Path data = JobRun.bundledFashionMnist(dir.resolve("data"));
        JobRun run = JobRun.of(ServingBenchmark::new, "--data", data.toString(), "--calls", "50", "--spark-calls",
                "3", "--batch", "20", "--repeats", "1");

        assertEquals(0, run.exit(), run.err());
        List<String> table = run.out().lines().filter(line -> line.startsWith("|")).toList();
        assertEquals(List.of("| Engine | One row p50 (µs) | One row p99 (µs) | Batch of 20 (rows/s) |",
                "| --- | --- | --- | --- |"), table.subList(0, 2));
        assertEquals(List.of("LazyNet Predictor", "ONNX Runtime", "Spark transform"),
                table.subList(2, table.size()).stream().map(row -> row.split("\\|")[1].strip()).toList());
        Map<String, String> results = run.results();
        results.forEach((key, value) -> assertTrue(key.equals("master") || value.matches("[0-9]+(\\.[0-9]+)?"),
                key + "=" + value + " is not a number"));
        assertEquals("local[2]", results.get("master"));
    }
}
