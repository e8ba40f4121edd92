package dev.lazynet.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.examples.JobRun;
import dev.lazynet.examples.cli.ExampleLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A smoke run of {@code benchmark --quick}: what it prints has the shape of the full run's report; and the
 * time to the target over several seeds, computed from fixed ladders and PyTorch runs.
 */
@Tag("benchmark")
class BenchmarkTest {

    private static final List<String> KEYS = List.of("lazynet_seconds_to_target", "mllib_seconds_to_target",
            "speedup_to_target", "sigmoid_seconds_to_target", "sigmoid_speedup_to_target", "epoch_seconds",
            "samples_per_second", "achieved_gflops", "sgemm_gflops", "epoch_sgemm_ratio", "dense_sgemm_ratio", "local_epoch_seconds", "spark_local_ratio",
            "step_jobs_spark_local_ratio", "local_steps_seconds_to_target", "local_steps_spark_local_ratio",
            "torch_epoch_seconds_2t", "torch_epoch_seconds_1t", "spark_torch_epoch_ratio",
            "lazynet_seconds_to_target_median", "torch_seconds_to_target_median_2t", "lazynet_torch_time_ratio",
            "cluster_epoch_seconds", "cluster_local_ratio", "cluster_rpc_epoch_seconds", "exchange_ms",
            "share_together_ms", "exchange_beyond_together_ms",
            "lenet_epoch_seconds", "lenet_local_epoch_seconds", "lenet_torch_epoch_seconds_2t",
            "lenet_torch_epoch_seconds_1t", "lenet_spark_torch_epoch_ratio", "lenet_local_torch_epoch_ratio",
            "epoch_seconds_250", "epoch_seconds_500", "epoch_seconds_1000", "cached_ratio", "peak_heap_mib",
            "live_outside_storage_mib", "blas", "cores", "master");
    /** Results that are words, or {@code none} where a target was missed; every other one is a number. */
    private static final Set<String> NOT_ALWAYS_NUMBERS = Set.of("lazynet_seconds_to_target",
            "mllib_seconds_to_target", "speedup_to_target", "sigmoid_seconds_to_target", "sigmoid_speedup_to_target",
            "local_steps_seconds_to_target", "torch_epoch_seconds_2t", "torch_epoch_seconds_1t",
            "spark_torch_epoch_ratio", "lazynet_seconds_to_target_median", "torch_seconds_to_target_median_2t",
            "lazynet_torch_time_ratio", "cluster_epoch_seconds", "cluster_local_ratio", "cluster_rpc_epoch_seconds",
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
        assertEquals(2 + 41, table.size(), String.join("\n", table));
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
    void theDetailGivesEachSeedsTimeOnBothSystemsAndTheQuickRunHasOneSeed() {
        List<String> seeds = quick.out().lines().filter(line -> line.startsWith("  seed ")).toList();
        assertEquals(1, seeds.size(), quick.out());
        assertTrue(seeds.get(0).startsWith("  seed 1: LazyNet "), seeds.get(0));
        assertTrue(seeds.get(0).contains("; PyTorch "), seeds.get(0));
    }

    private static final double TARGET = 0.85;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void theTimeStaysFromTheFirstEpochWhoseNextTwoReachTheTargetToo() {
        // The figures of the single-seed run that prompted the seeds: LazyNet dips at its third epoch.
        assertEquals(3, TimeToTarget.staysFrom(new double[] {0.8409, 0.8487, 0.8264, 0.8544, 0.86, 0.87}, TARGET, 2));
        assertEquals(1, TimeToTarget.staysFrom(new double[] {0.8352, 0.8558, 0.8515, 0.8601}, TARGET, 2));
        // Reached at the last two epochs: not seen staying for two more.
        assertEquals(-1, TimeToTarget.staysFrom(new double[] {0.80, 0.84, 0.85, 0.86}, TARGET, 2));
    }

    @Test
    void aFitsTimeIsItsEpochsUpToAndIncludingTheFirstStayingOne() {
        TimeToTarget time = TimeToTarget.ofEpochs(2, new double[] {0.5, 0.25, 0.7, 0.8, 0.9},
                new double[] {0.84, 0.855, 0.851, 0.86, 0.87}, TARGET);
        assertEquals(new TimeToTarget(2, 2, 0.75), time);
        TimeToTarget missed = TimeToTarget.ofEpochs(3, new double[] {0.5, 0.6, 0.7}, new double[] {0.84, 0.86, 0.84},
                TARGET);
        assertFalse(missed.reached());
        assertEquals(3, missed.epochs(), "the epochs tried");
    }

    @Test
    void aLaddersTimeIsTheWholeFitOfItsFirstStayingFit() {
        TimeToTarget time = TimeToTarget.ofLadder(1, ladder(new double[] {1, 2, 3, 4, 5, 6},
                new double[] {0.8409, 0.8487, 0.8264, 0.8544, 0.86, 0.87}), TARGET);
        assertEquals(new TimeToTarget(1, 4, 4.0), time);
        TimeToTarget missed = TimeToTarget.ofLadder(2, ladder(new double[] {1, 2, 3}, new double[] {0.8, 0.86, 0.84}),
                TARGET);
        assertEquals(new TimeToTarget(2, 3, INF), missed);
    }

    @Test
    void theMedianOverSeedsRanksASeedThatMissedAboveEveryOneThatReached() {
        assertEquals(2.0, TimeToTarget.median(times(3.0, 1.0, 2.0)));
        // One of three missed: it is the slowest, so the median is the slower of the two that reached it.
        assertEquals(3.0, TimeToTarget.median(times(INF, 1.0, 3.0)));
        // Two of three missed: the median seed did not reach it.
        assertEquals(INF, TimeToTarget.median(times(1.0, INF, INF)));
        // An even count takes the upper of the middle two, as KernelBenchmark.median does.
        assertEquals(3.0, TimeToTarget.median(times(4.0, 1.0, 3.0, 2.0)));
        assertEquals(INF, TimeToTarget.median(times(1.0, 2.0, INF, INF)));
        assertThrows(IllegalArgumentException.class, () -> TimeToTarget.median(List.of()));
    }

    @Test
    void theRatioOfTheMediansIsANumberOnlyWhereBothMedianSeedsReachedTheTarget() {
        assertEquals(2.0, TimeToTarget.ratio(3.0, 1.5));
        assertTrue(Double.isNaN(TimeToTarget.ratio(INF, 1.5)));
        assertTrue(Double.isNaN(TimeToTarget.ratio(3.0, INF)));
    }

    @Test
    void theRowsGiveTheMediansHowManySeedsReachedTheTargetAndTheRatioOfTheMedians() {
        BenchmarkReport report = report(List.of(
                torchRun(1, new double[] {0.5, 0.5, 0.5, 0.5}, new double[] {0.84, 0.86, 0.86, 0.86}),
                torchRun(2, new double[] {0.5, 0.6, 0.7, 0.8}, new double[] {0.86, 0.86, 0.86, 0.86}),
                torchRun(3, new double[] {0.5, 0.5, 0.5, 0.5}, new double[] {0.80, 0.81, 0.82, 0.83})));
        // LazyNet: seed 1 at its fit of 4 epochs (4 s), seed 2 at 3 (3 s), seed 3 never: median 4 s.
        assertEquals("4.0 s (2 of 3 seeds reached it; epochs 4, 3, none in 4)", report.lazyNetTimeTo());
        // PyTorch: seed 1 from epoch 2 (1.0 s), seed 2 from epoch 1 (0.5 s), seed 3 never: median 1.0 s.
        assertEquals("1.0 s (2 of 3 seeds reached it; epochs 2, 1, none in 4)", report.torchTimeTo(2));
        assertEquals("4.00", report.lazyOverTorch(2));
    }

    @Test
    void aMedianSeedThatMissedTheTargetGivesNotReachedAndNoRatio() {
        BenchmarkReport report = report(List.of(
                torchRun(1, new double[] {0.5, 0.5, 0.5}, new double[] {0.80, 0.80, 0.80}),
                torchRun(2, new double[] {0.5, 0.5, 0.5}, new double[] {0.86, 0.86, 0.86}),
                torchRun(3, new double[] {0.5, 0.5, 0.5}, new double[] {0.80, 0.80, 0.80})));
        assertEquals("not reached (1 of 3 seeds reached it; epochs none in 3, 1, none in 3)", report.torchTimeTo(2));
        assertEquals("n/a (PyTorch's median seed did not reach it)", report.lazyOverTorch(2));
    }

    @Test
    void aSeedWithoutAPyTorchRunIsNamedNotLeftOutOfTheMedian() {
        BenchmarkReport report = report(List.of(
                torchRun(1, new double[] {0.5, 0.5, 0.5}, new double[] {0.86, 0.86, 0.86}),
                torchRun(2, new double[] {0.5, 0.5, 0.5}, new double[] {0.86, 0.86, 0.86}),
                TorchPeer.Outcome.missing("torch crashed")));
        assertEquals("missing: no fit with seed 3 (torch crashed)", report.torchTimeTo(2));
        assertEquals("n/a (no fit with seed 3 (torch crashed))", report.lazyOverTorch(2));
    }

    /**
     * A report whose LazyNet ladders reach 0.85 and stay from the fit of 4 epochs (seed 1), of 3 (seed 2)
     * and never (seed 3), each fit taking as many seconds as its epochs, with PyTorch's {@code torch} on 2
     * threads.
     */
    private static BenchmarkReport report(List<TorchPeer.Outcome> torch) {
        BenchmarkReport report = new BenchmarkReport(TARGET, 4, null);
        report.seedLadders.put(1L, ladder(new double[] {1, 2, 3, 4, 5, 6},
                new double[] {0.8409, 0.8487, 0.8264, 0.8544, 0.86, 0.87}));
        report.seedLadders.put(2L, ladder(new double[] {1, 2, 3, 4, 5}, new double[] {0.80, 0.84, 0.86, 0.86, 0.86}));
        report.seedLadders.put(3L, ladder(new double[] {1, 2, 3, 4}, new double[] {0.80, 0.86, 0.84, 0.86}));
        report.lazyNetLadder = report.seedLadders.get(1L);
        report.torch = torch;
        return report;
    }

    private static TorchPeer.Outcome torchRun(long seed, double[] seconds, double[] accuracy) {
        return new TorchPeer.Outcome(new TorchPeer.Run("fixed", 2, seed, seconds, accuracy), null);
    }

    private static List<BenchmarkReport.Point> ladder(double[] seconds, double[] accuracy) {
        List<BenchmarkReport.Point> points = new ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            points.add(new BenchmarkReport.Point(i + 1, seconds[i], accuracy[i], seconds[i] / (i + 1)));
        }
        return points;
    }

    private static List<TimeToTarget> times(double... seconds) {
        List<TimeToTarget> times = new ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            times.add(new TimeToTarget(i + 1, 1, seconds[i]));
        }
        return times;
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
