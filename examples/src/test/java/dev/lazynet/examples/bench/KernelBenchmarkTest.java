package dev.lazynet.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.examples.JobRun;
import dev.lazynet.examples.cli.ExampleLauncher;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("benchmark")
class KernelBenchmarkTest {

    private static String run(String... args) {
        JobRun run = JobRun.of(KernelBenchmark::new, args);
        assertEquals(0, run.exit(), run.err());
        return run.out();
    }

    @Test
    void theDenseWorkloadCountsForwardWeightGradientsAndOneInputGradient() {
        KernelBenchmark.Workload w = KernelBenchmark.denseMlp(256, 784, 256, 10);
        double forward = 2.0 * 256 * (784 * 256 + 256 * 10);
        double weightGradients = forward;
        double inputGradient = 2.0 * 256 * 256 * 10;
        assertEquals(forward + weightGradients + inputGradient, w.flops());
        assertEquals(209_453_056.0, w.flops());
    }

    @Test
    void theConvWorkloadsCountForwardWeightGradientAndTheInputGradientOnlyWhereNeeded() {
        double conv1Product = 2.0 * 6 * (1 * 5 * 5) * (256 * 24 * 24);
        assertEquals(2 * conv1Product, KernelBenchmark.conv(256, "conv1", 1, 28, 6, 5, false).flops());
        double conv2Product = 2.0 * 16 * (6 * 5 * 5) * (256 * 8 * 8);
        assertEquals(3 * conv2Product, KernelBenchmark.conv(256, "conv2", 6, 12, 16, 5, true).flops());
    }

    @Test
    void everyWorkloadRunsBothSides() {
        for (KernelBenchmark.Workload w : KernelBenchmark.workloads(4)) {
            w.layers().run();
            w.sgemm().run();
        }
        assertEquals(List.of("dense", "conv1", "conv2"), KernelBenchmark.workloads(4).stream().map(KernelBenchmark.Workload::key).toList());
    }

    @Test
    void aShortRunPrintsTheContextTheTableAndKeyValueResults() {
        String out = run("--batch", "8", "--repetitions", "1");
        assertTrue(out.contains("BLAS:") && out.contains("Cores:") && out.contains("Java:") && out.contains("Date:"), out);
        assertTrue(out.contains("dense 784-256(relu)-10 fwd+bwd"), out);
        assertTrue(out.contains("conv1 1x28x28 k5->6(relu) fwd+bwd no dx"), out);
        assertTrue(out.contains("conv2 6x12x12 k5->16(relu) fwd+bwd"), out);
        List<String> lines = out.lines().toList();
        String last = lines.get(lines.size() - 1);
        String row = " %s_[a-z]+_gflops=[0-9.]+ %s_[a-z]+_sgemm_gflops=[0-9.]+ %s_[a-z]+_ratio=[0-9.]+";
        assertTrue(last.matches("batch=8" + row.formatted("dense", "dense", "dense")
                + row.formatted("conv1", "conv1", "conv1") + row.formatted("conv2", "conv2", "conv2")), last);
    }

    @Test
    void helpPrintsTheOptions() {
        String help = run("--help");
        assertTrue(help.contains("Usage: kernel-benchmark"), help);
        assertTrue(help.contains("--batch") && help.contains("--repetitions") && help.contains("--blas"), help);
        assertFalse(help.contains("GF/s"), help);
    }

    @Test
    void aBatchBelowOneIsAUsageErrorWithTheValue() {
        String line = JobRun.of(KernelBenchmark::new, "--batch", "0").oneErrorLine(ExampleLauncher.USAGE);
        assertTrue(line.startsWith("kernel-benchmark: ") && line.contains("0 is too small"), line);
    }

    @Test
    void anUnknownBlasIsAUsageErrorListingTheChoices() {
        String line = JobRun.of(KernelBenchmark::new, "--blas", "mkl").oneErrorLine(ExampleLauncher.USAGE);
        assertTrue(line.contains("'mkl' is not a BLAS; give native, vector, java or all"), line);
    }
}
