package dev.lazynet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("benchmark")
class BenchmarkTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private String run(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int code = ExampleLauncher.run(new Benchmark(), System.out,
                    new PrintStream(err, true, StandardCharsets.UTF_8), args);
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aQuickRunPrintsTheContextEveryRowOfTheTableAndTheResultLine() {
        String out = run("--quick", "--master", "local[2]");

        for (String context : List.of("Date:", "Machine:", "BLAS:", "Spark:   master local[2]", "Data:")) {
            assertTrue(out.contains(context), context + " missing from:\n" + out);
        }
        for (String metric : List.of("Time to 0.85 test accuracy, LazyNet", "Time to 0.85 test accuracy, MLlib MLP",
                "Speed-up to 0.85, MLlib time / LazyNet time", "LazyNet seconds per epoch (median of 2)",
                "LazyNet samples/s", "LazyNet achieved GFLOP/s", "Raw sgemm GFLOP/s, step's sizes (batch 128), 2 threads",
                "Epoch GFLOP/s / raw sgemm GFLOP/s", "Dense fwd+bwd GFLOP/s / raw sgemm",
                "One task's share of a step, alone (128 rows), GFLOP/s / raw sgemm, 1 thread",
                "Single-JVM trainer seconds per epoch", "| Spark epoch / single-JVM epoch |",
                "Spark epoch, a job per step (spark.lazynet.epochsAsOneJob=false) / single-JVM epoch",
                "Time to 0.85 test accuracy, LazyNet localSteps=4", "Speed-up to 0.85 with localSteps=4",
                "Spark epoch with localSteps=4 / single-JVM epoch",
                "Epoch seconds at 250 / 500 / 1000 rows (median of 2)", "Epoch time growth per doubling of rows",
                "Cached bytes / raw float bytes", "Peak driver heap in use", "Heap still referenced outside")) {
            assertTrue(out.contains(metric), metric + " missing from:\n" + out);
        }
        for (String detail : List.of("maxIter 1:", "maxIter 2:", "epochs 1:", "Timed fit: epochs",
                "A Spark job per step (spark.lazynet.epochsAsOneJob=false): epochs", "Where a step's time goes",
                "step, wall: median epoch / 4 steps", "one task's share alone: 128 rows",
                "the driver's update: sum of 2 shares, Adam on 203530 floats",
                "the rest: exchange with the driver, waiting for the slower task")) {
            assertTrue(out.contains(detail), detail + " missing from:\n" + out);
        }
        List<String> lines = out.lines().toList();
        Map<String, String> results = ResultLine.parse(lines.get(lines.size() - 1));
        for (String key : List.of("lazynet_seconds_to_target", "mllib_seconds_to_target", "speedup_to_target",
                "epoch_seconds", "samples_per_second", "achieved_gflops", "sgemm_gflops", "epoch_sgemm_ratio",
                "dense_sgemm_ratio", "local_epoch_seconds", "spark_local_ratio", "step_jobs_spark_local_ratio",
                "local_steps_seconds_to_target", "local_steps_spark_local_ratio", "epoch_seconds_250",
                "epoch_seconds_500", "epoch_seconds_1000", "cached_ratio", "peak_heap_mib", "live_outside_storage_mib",
                "blas", "cores")) {
            assertTrue(results.containsKey(key), key + " missing from " + results);
        }
        assertEquals("local[2]", results.get("master"));
    }

    @Test
    void aTargetAccuracyOutsideZeroToOneIsRefusedWithTheValue() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ExampleLauncher.run(new Benchmark(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "--target-accuracy", "85");

        assertEquals(ExampleLauncher.FAILED, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--target-accuracy 85.0"), err.toString());
    }
}
