package dev.lazynet.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.examples.JobRun;
import dev.lazynet.examples.cli.ExampleLauncher;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A smoke run of {@code benchmark --quick}: what it prints has the shape of the full run's report. */
@Tag("benchmark")
class BenchmarkTest {

    private static final List<String> KEYS = List.of("lazynet_seconds_to_target", "mllib_seconds_to_target",
            "speedup_to_target", "sigmoid_seconds_to_target", "sigmoid_speedup_to_target", "epoch_seconds",
            "samples_per_second", "achieved_gflops", "sgemm_gflops", "epoch_sgemm_ratio", "dense_sgemm_ratio", "local_epoch_seconds", "spark_local_ratio",
            "step_jobs_spark_local_ratio", "local_steps_seconds_to_target", "local_steps_spark_local_ratio",
            "torch_epoch_seconds_2t", "torch_epoch_seconds_1t", "spark_torch_epoch_ratio", "lazynet_torch_time_ratio",
            "cluster_epoch_seconds", "cluster_local_ratio", "exchange_ms",
            "lenet_epoch_seconds", "lenet_local_epoch_seconds", "lenet_torch_epoch_seconds_2t",
            "lenet_torch_epoch_seconds_1t", "lenet_spark_torch_epoch_ratio", "lenet_local_torch_epoch_ratio",
            "epoch_seconds_250", "epoch_seconds_500", "epoch_seconds_1000", "cached_ratio", "peak_heap_mib",
            "live_outside_storage_mib", "blas", "cores", "master");
    /** Results that are words, or {@code none} where a target was missed; every other one is a number. */
    private static final Set<String> NOT_ALWAYS_NUMBERS = Set.of("lazynet_seconds_to_target",
            "mllib_seconds_to_target", "speedup_to_target", "sigmoid_seconds_to_target", "sigmoid_speedup_to_target",
            "local_steps_seconds_to_target", "torch_epoch_seconds_2t", "torch_epoch_seconds_1t",
            "spark_torch_epoch_ratio", "lazynet_torch_time_ratio", "cluster_epoch_seconds", "cluster_local_ratio",
            "lenet_torch_epoch_seconds_2t", "lenet_torch_epoch_seconds_1t", "lenet_spark_torch_epoch_ratio",
            "lenet_local_torch_epoch_ratio",
            "live_outside_storage_mib", "blas", "master");

    private static JobRun quick;

    @BeforeAll
    static void runQuick() {
        quick = JobRun.of(Benchmark::new, "--quick");
        assertEquals(0, quick.exit(), quick.err());
    }

    @Test
    void theTableHasEveryRowWithAMetricAValueAndATargetColumn() {
        List<String> table = quick.out().lines().filter(line -> line.startsWith("|")).toList();
        assertEquals("| Metric | Value | Target |", table.get(0));
        assertEquals("| --- | --- | --- |", table.get(1));
        assertEquals(2 + 37, table.size(), String.join("\n", table));
        for (String row : table.subList(2, table.size())) {
            String[] cells = row.split("\\|", -1);
            assertEquals(5, cells.length, "three cells between pipes: " + row);
            assertTrue(!cells[1].isBlank() && !cells[2].isBlank(), "a metric and its value: " + row);
        }
    }

    @Test
    void theLastLineHoldsEveryResultAsANumberWhereOneIsMeasured() {
        Map<String, String> results = quick.results();
        assertEquals(KEYS, List.copyOf(results.keySet()));
        results.forEach((key, value) -> {
            if (!NOT_ALWAYS_NUMBERS.contains(key)) {
                assertTrue(value.matches("-?[0-9]+(\\.[0-9]+)?"), key + "=" + value + " is not a number");
            }
        });
        assertEquals("local[2]", results.get("master"), "the benchmark's own default master");
    }

    @Test
    void aTargetAccuracyOutsideZeroToOneIsAUsageErrorWithTheValue() {
        String line = JobRun.of(Benchmark::new, "--target-accuracy", "85").oneErrorLine(ExampleLauncher.USAGE);
        assertTrue(line.contains("85 is not a fraction in (0, 1)"), line);
    }

    @Test
    void anUnknownMasterIsAUsageErrorAsInEveryJob() {
        String line = JobRun.of(Benchmark::new, "--master", "lokal[2]").oneErrorLine(ExampleLauncher.USAGE);
        assertTrue(line.contains("'lokal[2]' is not a Spark master URL"), line);
    }
}
