package dev.lazynet.examples.bench;

import dev.lazynet.examples.cli.ResultLine;
import dev.lazynet.tensor.Blas;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * The measurements of one {@link Benchmark} run and how they are printed: the context, one Markdown
 * table of the figures and ratios of {@code docs/benchmarks.md} with their targets, the detail behind
 * them, and the {@code key=value} result line.
 */
final class BenchmarkReport {

    /**
     * Floating-point operations per row and epoch of 784-256-10: forward {@code 2·(784·256 + 256·10)},
     * the same again for the weight gradients, and the second layer's input gradient
     * {@code 2·256·10}; the first layer needs no input gradient. The matrix products only, as in
     * {@link KernelBenchmark}.
     */
    static final double FLOPS_PER_ROW = 2.0 * (2.0 * 784 * 256 + 3.0 * 256 * 10);
    /** Bytes of one packed row: 784 features and one label, as floats. */
    static final long RAW_BYTES_PER_ROW = (784 + 1) * Float.BYTES;
    private static final double MIB = 1 << 20;
    /** How a median over seeds treats a seed that misses the target: see {@link TimeToTarget}. */
    private static final String SLOWEST = "a seed that does not reach it counts as the slowest";

    /** Where and when the run happened. */
    static final class Context {
        final String blas;
        final String blasLibrary;
        final int cores;
        final String master;
        final int partitions;
        final String date;
        final String java;
        final String cpu;
        final String openblasThreads;
        final String data;
        final double loadAtStart;
        double loadAtEnd;

        private Context(SparkSession spark, String source, int trainRows, int testRows, int partitions) {
            this.blas = Blas.current().describe();
            this.blasLibrary = nativeLibrary();
            this.cores = Runtime.getRuntime().availableProcessors();
            this.master = spark.sparkContext().master();
            this.partitions = partitions;
            this.date = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            this.java = System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), max heap "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB";
            this.cpu = cpuModel();
            String threads = System.getenv("OPENBLAS_NUM_THREADS");
            this.openblasThreads = threads == null ? "unset" : threads;
            this.data = source + ": " + trainRows + " training and " + testRows + " test images";
            this.loadAtStart = load();
        }

        /** The context now, at the start of a run. */
        static Context now(SparkSession spark, String source, int trainRows, int testRows, int partitions) {
            return new Context(spark, source, trainRows, testRows, partitions);
        }

        /** Records the end of the run. */
        void finish() {
            loadAtEnd = load();
        }

        private static double load() {
            return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }

        /** The system BLAS netlib loads on Debian, resolved through its alternatives links. */
        private static String nativeLibrary() {
            Path blas = Path.of("/usr/lib/x86_64-linux-gnu/libblas.so.3");
            try {
                return Files.exists(blas) ? blas.toRealPath().toString() : "no system libblas.so.3";
            } catch (IOException e) {
                return "unresolved (" + e.getMessage() + ")";
            }
        }

        private static String cpuModel() {
            try {
                return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst()
                        .orElse(System.getProperty("os.arch"));
            } catch (IOException e) {
                return System.getProperty("os.arch");
            }
        }
    }

    /**
     * The machine's limit at the step's matrix sizes, in GFLOP/s.
     *
     * @param taskBatch rows of one task's share of a step
     * @param threads the number of tasks that run at once
     */
    record Limits(int taskBatch, int threads, double sgemmOneThread, double sgemmAllThreads,
            double layersOneThread) {
    }

    /**
     * Peaks during a fit, in bytes: the heap in use, the heap left after a full collection less Spark's
     * storage (-1 if none ran), and LazyNet's packed input.
     */
    record Memory(long peakHeap, long peakLiveOutsideStorage, long packed) {
        static Memory of(MemoryProbe probe) {
            return new Memory(probe.peakHeap(), probe.peakLiveOutsideStorage(), probe.peakCachedByFit());
        }
    }

    /** The fit whose epochs are timed. */
    record Timed(double[] epochSeconds, double accuracy) {
        double medianEpochSeconds() {
            return KernelBenchmark.median(epochSeconds);
        }

        /** The fastest and the slowest epoch, as {@code "a - b"}. */
        String spread() {
            return fixed(Arrays.stream(epochSeconds).min().orElse(Double.NaN), 2) + " - "
                    + fixed(Arrays.stream(epochSeconds).max().orElse(Double.NaN), 2);
        }
    }

    /** The single-JVM trainer's epochs and its test accuracy after them. */
    record Local(double[] epochSeconds, double accuracy) {
    }

    /**
     * One fit of a time-to-accuracy ladder: epochs or iterations, its whole fit time, test accuracy, and
     * for LazyNet the median of its epochs' seconds ({@code NaN} for MLlib).
     */
    record Point(int iterations, double seconds, double accuracy, double epochSeconds) {
    }

    /**
     * One size of the rows sweep: the median of its {@code epochs} timed epochs' seconds, and the memory of
     * its untimed epoch.
     */
    record SweepPoint(int rows, int epochs, double epochSeconds, Memory memory) {
    }

    final double target;
    final int localSteps;
    final Context context;
    Limits limits;
    StepParts stepParts;
    Timed timed;
    /** The epochs of the fit that ran a Spark job per step. */
    double[] stepJobsEpochSeconds;
    Local local;
    /** The ladder of {@link Benchmark#SPEC} with seed {@link Benchmark#SEED}, MLlib's seed, which its rows use. */
    List<Point> lazyNetLadder;
    /**
     * The ladders of {@link Benchmark#SPEC} per seed of the comparison with PyTorch, in the plan's order;
     * seed {@link Benchmark#SEED}'s, where it is one of them, is {@link #lazyNetLadder}.
     */
    final Map<Long, List<Point>> seedLadders = new LinkedHashMap<>();
    List<Point> localStepsLadder;
    /** LazyNet with MLlib's sigmoid hidden units. */
    List<Point> sigmoidLadder;
    List<Point> mllibLadder;
    List<SweepPoint> sweep;
    /** PyTorch's fits in the order run, or one outcome that says why there are none. */
    List<TorchPeer.Outcome> torch;
    /** The timed fits on a local cluster, where every step travels between JVMs. */
    ClusterEpochs cluster;
    /** The LeNet network on LazyNet's two trainers and on PyTorch. */
    LenetRows.Result lenet;

    BenchmarkReport(double target, int localSteps, Context context) {
        this.target = target;
        this.localSteps = localSteps;
        this.context = context;
    }

    /**
     * The first fit of a LazyNet ladder that reached the target and whose next
     * {@value Benchmark#STAYS_FOR} fits reached it too, or {@code null}.
     */
    private Point first(List<Point> ladder) {
        int staying = TimeToTarget.staysFrom(ladder.stream().mapToDouble(Point::accuracy).toArray(), target,
                Benchmark.STAYS_FOR);
        return staying < 0 ? null : ladder.get(staying);
    }

    /** MLlib's smallest {@code maxIter} that reached the target, or {@code null}. */
    private Point firstMllib() {
        return mllibLadder.stream().filter(p -> p.accuracy() >= target).findFirst().orElse(null);
    }

    private int trainRows() {
        return sweep.get(sweep.size() - 1).rows();
    }

    private int steps() {
        return (trainRows() + Benchmark.BATCH - 1) / Benchmark.BATCH;
    }

    /** Prints the context, the table, the detail and, last, the result line. */
    void print(PrintStream out) {
        out.println("LazyNet benchmark: Fashion-MNIST, LazyNet " + Benchmark.SPEC + " (Adam " + Benchmark.STEP_SIZE
                + ", batch " + Benchmark.BATCH + ", seed " + Benchmark.SEED + ") against MLlib"
                + " MultilayerPerceptronClassifier " + Arrays.toString(Benchmark.MLLIB_LAYERS) + " (l-bfgs, blockSize "
                + Benchmark.MLLIB_BLOCK_SIZE + ", seed " + Benchmark.SEED + ")");
        out.println("Date:    " + context.date);
        out.println("Machine: " + context.cores + " cores, " + context.cpu + "; load average "
                + fixed(context.loadAtStart, 2) + " at the start, " + fixed(context.loadAtEnd, 2) + " at the end");
        out.println("BLAS:    " + context.blas + ", system library " + context.blasLibrary + ", OPENBLAS_NUM_THREADS="
                + context.openblasThreads);
        out.println("Spark:   master " + context.master + ", " + context.partitions + " partitions; Java "
                + context.java);
        out.println("Data:    " + context.data + "; DataFrames cached and counted before any clock");
        out.println();
        printTable(out);
        out.println();
        printDetail(out);
        out.println();
        resultLine().print(out);
    }

    private void printTable(PrintStream out) {
        String acc = fixed(target, 2);
        String option = "localSteps=" + localSteps;
        out.println("| Metric | Value | Target |");
        out.println("| --- | --- | --- |");
        row(out, "Time to " + acc + " test accuracy and staying there for " + Benchmark.STAYS_FOR
                + " more epochs, LazyNet (seed " + Benchmark.SEED + ", as MLlib)", timeTo(lazyNetLadder, true), "");
        row(out, "Time to " + acc + " test accuracy, MLlib MLP (smallest maxIter that reaches it)",
                timeTo(mllibLadder, false), "");
        row(out, "Speed-up to " + acc + ", MLlib time / LazyNet time", speedUp(lazyNetLadder), ">= 10x");
        row(out, "Time to " + acc + ", LazyNet " + Benchmark.SIGMOID_SPEC + " (MLlib's activation)",
                timeTo(sigmoidLadder, true), "");
        row(out, "Speed-up to " + acc + ", same activation, MLlib time / LazyNet time", speedUp(sigmoidLadder), "");
        row(out, "LazyNet seconds per epoch (median of " + timed.epochSeconds().length + ", spread " + timed.spread()
                + ")", fixed(epochSeconds(), 2), "");
        row(out, "LazyNet samples/s", fixed(trainRows() / epochSeconds(), 0), "");
        row(out, "LazyNet achieved GFLOP/s (" + fixed(trainRows() * FLOPS_PER_ROW / 1e9, 1) + " GFLOP per epoch)",
                fixed(achievedGflops(), 1), "");
        row(out, "Raw sgemm GFLOP/s, step's sizes (batch " + limits.taskBatch() + "), " + limits.threads()
                + " threads at once", fixed(limits.sgemmAllThreads(), 1), "");
        row(out, "Epoch GFLOP/s / raw sgemm GFLOP/s", fixed(achievedGflops() / limits.sgemmAllThreads(), 3), ">= 0.60");
        row(out, "Dense fwd+bwd GFLOP/s / raw sgemm, same sizes, 1 thread (raw " + fixed(limits.sgemmOneThread(), 1)
                + ")", fixed(limits.layersOneThread() / limits.sgemmOneThread(), 3), ">= 0.70");
        row(out, "One task's share of a step, alone (" + stepParts.taskBatch() + " rows), GFLOP/s / raw sgemm,"
                + " 1 thread", fixed(taskGflops() / limits.sgemmOneThread(), 3), "");
        row(out, "Single-JVM trainer seconds per epoch (median of " + local.epochSeconds().length + ")",
                fixed(localEpochSeconds(), 2), "");
        row(out, "Spark epoch / single-JVM epoch", fixed(epochSeconds() / localEpochSeconds(), 2), "<= 1.5");
        for (int threads : Benchmark.TORCH_THREADS) {
            row(out, "PyTorch seconds per epoch, " + threads(threads) + torchCount(threads),
                    torchValue(threads, r -> fixed(torchEpochSeconds(threads), 2)), "");
        }
        int cores = Benchmark.TORCH_THREADS[0];
        row(out, "Spark epoch / PyTorch epoch on " + threads(cores),
                torchValue(cores, r -> fixed(epochSeconds() / torchEpochSeconds(cores), 2)), "<= 0.8");
        String overSeeds = ", median over " + seedsNamed() + " (" + SLOWEST + ")";
        row(out, "Time to " + acc + " and staying there, LazyNet" + overSeeds, lazyNetTimeTo(), "");
        row(out, "Time to " + acc + " and staying there, PyTorch on " + threads(cores) + overSeeds,
                torchValue(cores, r -> torchTimeTo(cores)), "");
        row(out, "Time to " + acc + ", LazyNet / PyTorch on " + threads(cores) + " (ratio of the medians)",
                torchValue(cores, r -> lazyOverTorch(cores)), "<= 1.0");
        row(out, "LazyNet seconds per epoch on " + ClusterEpochs.MASTER + " (shares and weights between JVMs,"
                + " over the driver's step lines)", clusterValue(() -> fixed(cluster.medianEpochSeconds(), 2)), "");
        row(out, "Epoch on " + ClusterEpochs.MASTER + " / epoch on " + context.master,
                clusterValue(() -> fixed(cluster.medianEpochSeconds() / epochSeconds(), 2)), "<= 1.3");
        row(out, "The same epoch through Spark's RPC (" + ClusterEpochs.STEP_LINES + "=false), seconds",
                clusterValue(() -> fixed(cluster.medianRpcEpochSeconds(), 2)), "");
        row(out, "Epoch through Spark's RPC / epoch over the step lines, " + ClusterEpochs.MASTER,
                clusterValue(() -> fixed(cluster.medianRpcEpochSeconds() / cluster.medianEpochSeconds(), 2)), "");
        row(out, "Per-step exchange in local mode, ms (\"the rest\" below: step less task share and driver update)",
                fixed(exchangeMillis(), 2), "<= 0.3");
        row(out, "Of it, the exchange beyond the tasks' slow-down of each other, ms (step less the shares computed"
                + " together and the driver update)", fixed(exchangeBeyondTogetherMillis(), 2), "");
        printLenetRows(out, cores);
        row(out, "Spark epoch, a job per step (" + Benchmark.EPOCHS_AS_ONE_JOB + "=false) / single-JVM epoch",
                fixed(stepJobsEpoch() / localEpochSeconds(), 2), "");
        row(out, "Time to " + acc + " test accuracy, LazyNet " + option + " (local SGD, not exact)",
                timeTo(localStepsLadder, true), "");
        row(out, "Speed-up to " + acc + " with " + option + ", MLlib time / LazyNet time", speedUp(localStepsLadder),
                "");
        row(out, "Spark epoch with " + option + " / single-JVM epoch",
                fixed(averagedEpochSeconds() / localEpochSeconds(), 2), "");
        row(out, "Epoch seconds at " + joined(p -> String.valueOf(p.rows())) + " rows (median of "
                + sweep.get(0).epochs() + ")",
                joined(p -> fixed(p.epochSeconds(), 2)), "");
        row(out, "Epoch time growth per doubling of rows", growth(), "2.0 +- 10 %");
        row(out, "Cached bytes / raw float bytes", fixed(cachedRatio(), 3) + " ("
                + fixed(fullMemory().packed() / MIB, 1) + " MiB)", "<= 1.10");
        row(out, "Peak driver heap in use (local executors and garbage included), MiB, per size",
                joined(p -> fixed(p.memory().peakHeap() / MIB, 0)), "");
        row(out, "Heap still referenced outside Spark's storage while training (peak after a full GC), MiB, per size",
                joined(p -> p.memory().peakLiveOutsideStorage() < 0 ? "no GC"
                        : fixed(p.memory().peakLiveOutsideStorage() / MIB, 0)), "flat");
    }

    /**
     * LeNet's epochs on Spark, the single-JVM trainer and PyTorch, and the ratios of LazyNet's to PyTorch's
     * on as many threads as the master has cores and on one, the single-JVM trainer's thread.
     */
    private void printLenetRows(PrintStream out, int cores) {
        String timed = " (median of " + lenet.timedEpochs() + " after " + LenetRows.WARM_UP_EPOCHS + " warm-up)";
        row(out, "LeNet Spark seconds per epoch" + timed, fixed(lenet.spark().epoch(), 2), "");
        row(out, "LeNet single-JVM trainer seconds per epoch" + timed, fixed(lenet.local().epoch(), 2), "");
        for (int threads : Benchmark.TORCH_THREADS) {
            row(out, "LeNet PyTorch seconds per epoch, " + threads(threads) + timed,
                    lenetTorch(threads, fit -> fixed(fit.epoch(), 2)), "");
        }
        row(out, "LeNet Spark epoch / PyTorch epoch on " + threads(cores),
                lenetTorch(cores, fit -> fixed(lenet.spark().epoch() / fit.epoch(), 2)), "");
        row(out, "LeNet single-JVM epoch / PyTorch epoch on 1 thread",
                lenetTorch(1, fit -> fixed(lenet.local().epoch() / fit.epoch(), 2)), "");
    }

    /** {@code value} of PyTorch's LeNet fit on {@code threads} threads, or why there is none. */
    private String lenetTorch(int threads, Function<LenetRows.Fit, String> value) {
        LenetRows.Fit fit = lenet.torch(threads);
        return fit.missing() == null ? value.apply(fit) : "missing: " + fit.missing();
    }

    /** {@code value} of PyTorch's LeNet fit on {@code threads} threads, else {@code none}. */
    private String lenetTorchResult(int threads, Function<LenetRows.Fit, String> value) {
        LenetRows.Fit fit = lenet.torch(threads);
        return fit.missing() == null ? value.apply(fit) : "none";
    }

    private void printLenetDetail(PrintStream out) {
        out.println("LeNet, " + LenetRows.SPEC + ", on the rows as 1x28x28 images; every epoch, the warm-up first,"
                + " and the test accuracy after the last:");
        lenetFit(out, "LazyNet on Spark", lenet.spark());
        lenetFit(out, "LazyNet's single-JVM trainer", lenet.local());
        for (int threads : Benchmark.TORCH_THREADS) {
            lenetFit(out, "PyTorch on " + threads(threads), lenet.torch(threads));
        }
    }

    private static void lenetFit(PrintStream out, String who, LenetRows.Fit fit) {
        if (fit.missing() != null) {
            out.println("  " + who + ": missing: " + fit.missing());
            return;
        }
        out.println("  " + who + ": epochs " + Arrays.stream(fit.epochSeconds()).mapToObj(s -> fixed(s, 2))
                .collect(Collectors.joining(", ")) + " s; test accuracy " + fixed(fit.accuracy(), 4));
    }

    /** The time of the first fit of {@code ladder} that reached the target, with what it took. */
    private String timeTo(List<Point> ladder, boolean epochs) {
        Point reached = epochs ? first(ladder) : firstMllib();
        if (reached == null) {
            return epochs ? "not reached in " + epochs(ladder.size())
                    : "not reached by maxIter " + ladder.get(ladder.size() - 1).iterations();
        }
        return fixed(reached.seconds(), 1) + " s (" + (epochs ? "fit of " + epochs(reached.iterations())
                : "maxIter " + reached.iterations()) + ", accuracy " + fixed(reached.accuracy(), 4) + ")";
    }

    /** MLlib's time to the target over the time of LazyNet's {@code ladder}. */
    private String speedUp(List<Point> ladder) {
        Point lazy = first(ladder);
        Point mllib = firstMllib();
        return lazy != null && mllib != null ? fixed(mllib.seconds() / lazy.seconds(), 1) + "x" : "n/a";
    }

    private double epochSeconds() {
        return timed.medianEpochSeconds();
    }

    private double localEpochSeconds() {
        return KernelBenchmark.median(local.epochSeconds());
    }

    /**
     * The epoch of the fit with a job per step: the median of the epochs after the first, which also
     * compiled that path.
     */
    private double stepJobsEpoch() {
        double[] s = stepJobsEpochSeconds;
        return KernelBenchmark.median(s.length > 1 ? Arrays.copyOfRange(s, 1, s.length) : s);
    }

    /** A value of the cluster's fits, or why they are missing. */
    private String clusterValue(Supplier<String> value) {
        return cluster.missing() != null ? "missing: " + cluster.missing() : value.get();
    }

    private String clusterResult(Supplier<String> value) {
        return cluster.missing() != null ? "none" : value.get();
    }

    /**
     * What a step spends beyond its two computations, in milliseconds: the exchange of shares and weights
     * with the driver and the wait for the slower task.
     */
    private double exchangeMillis() {
        return stepMillis() - (stepParts.taskSeconds() + stepParts.driverSeconds()) * 1e3;
    }

    /**
     * What a step spends beyond its shares computed side by side, as its tasks compute them, and the
     * driver's update, in milliseconds: the exchange itself and the wait between tasks.
     */
    private double exchangeBeyondTogetherMillis() {
        return stepMillis() - (stepParts.togetherSeconds() + stepParts.driverSeconds()) * 1e3;
    }

    /** A step's wall time in the timed fit, in milliseconds. */
    private double stepMillis() {
        return epochSeconds() / steps() * 1e3;
    }

    /** The GFLOP/s of one task's share of a step, timed alone. */
    private double taskGflops() {
        return stepParts.taskBatch() * FLOPS_PER_ROW / stepParts.taskSeconds() / 1e9;
    }

    /** The memory of the full-size untimed epoch. */
    private Memory fullMemory() {
        return sweep.get(sweep.size() - 1).memory();
    }

    /** The median epoch of the longest {@code localSteps} fit. */
    private double averagedEpochSeconds() {
        return localStepsLadder.get(localStepsLadder.size() - 1).epochSeconds();
    }

    private double achievedGflops() {
        return trainRows() * FLOPS_PER_ROW / epochSeconds() / 1e9;
    }

    private double cachedRatio() {
        return (double) fullMemory().packed() / (trainRows() * RAW_BYTES_PER_ROW);
    }

    private String joined(Function<SweepPoint, String> field) {
        return sweep.stream().map(field).collect(Collectors.joining(" / "));
    }

    /** Each size's epoch time over the previous one's, scaled to a doubling of the rows. */
    private String growth() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < sweep.size(); i++) {
            SweepPoint a = sweep.get(i - 1);
            SweepPoint b = sweep.get(i);
            double perDoubling = Math.pow(b.epochSeconds() / a.epochSeconds(),
                    Math.log(2) / Math.log((double) b.rows() / a.rows()));
            sb.append(sb.length() > 0 ? " / " : "").append(fixed(perDoubling, 2));
        }
        return sb.length() > 0 ? sb.toString() : "n/a";
    }

    private void printDetail(PrintStream out) {
        out.println("LazyNet, seed " + Benchmark.SEED + ", one fit per row, timed whole (packing included), test"
                + " accuracy outside the clock:");
        ladderDetail(out, lazyNetLadder);
        seedLadders.forEach((seed, ladder) -> {
            if (ladder != lazyNetLadder) {
                out.println("LazyNet, seed " + seed + ", the same:");
                ladderDetail(out, ladder);
            }
        });
        out.println("LazyNet with localSteps=" + localSteps + ", seed " + Benchmark.SEED + " only, the same:");
        for (Point p : localStepsLadder) {
            out.println("  epochs " + p.iterations() + ": " + fixed(p.seconds(), 2) + " s (median epoch "
                    + fixed(p.epochSeconds(), 2) + " s), test accuracy " + fixed(p.accuracy(), 4));
        }
        out.println("LazyNet " + Benchmark.SIGMOID_SPEC + ", seed " + Benchmark.SEED + " only, the same:");
        ladderDetail(out, sigmoidLadder);
        out.println("MLlib MultilayerPerceptronClassifier, one fit per row, timed whole (the coarse ladder, then a"
                + " bisection):");
        for (Point p : mllibLadder) {
            out.println("  maxIter " + p.iterations() + ": " + fixed(p.seconds(), 2) + " s, test accuracy "
                    + fixed(p.accuracy(), 4));
        }
        out.println("Timed fit: epochs " + Arrays.stream(timed.epochSeconds()).mapToObj(s -> fixed(s, 2))
                .collect(Collectors.joining(", ")) + " s, test accuracy " + fixed(timed.accuracy(), 4)
                + "; single-JVM trainer: epochs " + Arrays.stream(local.epochSeconds()).mapToObj(s -> fixed(s, 2))
                .collect(Collectors.joining(", ")) + " s, test accuracy " + fixed(local.accuracy(), 4));
        out.println("A Spark job per step (" + Benchmark.EPOCHS_AS_ONE_JOB + "=false): epochs "
                + Arrays.stream(stepJobsEpochSeconds).mapToObj(s -> fixed(s, 2)).collect(Collectors.joining(", "))
                + " s; the ratio uses the epochs after the first");
        out.println("PyTorch, 784-256 ReLU-10 (nn.Linear) with the same initializer,"
                + " optimizer, batch and rows; its data in memory as tensors, each epoch timed alone:");
        for (TorchPeer.Outcome outcome : torch) {
            if (outcome.run() == null) {
                out.println("  missing: " + outcome.missing());
                continue;
            }
            TorchPeer.Run r = outcome.run();
            out.println("  torch " + r.torchVersion() + ", " + threads(r.threads()) + ", seed " + r.seed()
                    + ": epochs "
                    + Arrays.stream(r.epochSeconds()).mapToObj(x -> fixed(x, 2)).collect(Collectors.joining(", "))
                    + " s; test accuracy after each "
                    + Arrays.stream(r.accuracy()).mapToObj(x -> fixed(x, 4)).collect(Collectors.joining(", ")));
        }
        printSeedsDetail(out);
        printLenetDetail(out);
        double step = stepMillis();
        double task = stepParts.taskSeconds() * 1e3;
        double together = stepParts.togetherSeconds() * 1e3;
        double driver = stepParts.driverSeconds() * 1e3;
        out.println("Where a step's time goes, ms (the computations timed outside the fit, on"
                + " a thread each):");
        part(out, "step, wall: median epoch / " + steps() + " steps", step);
        part(out, "one task's share alone: " + stepParts.taskBatch() + " rows, forward and backward", task);
        part(out, "one task's share beside " + (stepParts.partitions() - 1) + " other(s) at once, a thread each",
                together);
        part(out, "the driver's update: sum of " + stepParts.partitions() + " shares, Adam on "
                + stepParts.parameters() + " floats", driver);
        part(out, "the rest: exchange with the driver, waiting for the slower task", exchangeMillis());
        part(out, "  of it, tasks slowing each other: share beside others less alone", together - task);
        part(out, "  of it, the exchange and the waits beyond that", exchangeBeyondTogetherMillis());
        if (cluster.missing() == null) {
            out.println(ClusterEpochs.MASTER + ", step lines: epochs " + Arrays.stream(cluster.epochSeconds())
                    .mapToObj(s -> fixed(s, 2)).collect(Collectors.joining(", ")) + " s");
            out.println(ClusterEpochs.MASTER + ", Spark's RPC: epochs " + Arrays.stream(cluster.rpcEpochSeconds())
                    .mapToObj(s -> fixed(s, 2)).collect(Collectors.joining(", ")) + " s");
        }
    }

    private static void ladderDetail(PrintStream out, List<Point> ladder) {
        for (Point p : ladder) {
            out.println("  epochs " + p.iterations() + ": " + fixed(p.seconds(), 2) + " s, test accuracy "
                    + fixed(p.accuracy(), 4));
        }
    }

    /** Each seed's time to the target on LazyNet and on PyTorch, the inputs of the two medians. */
    private void printSeedsDetail(PrintStream out) {
        int cores = Benchmark.TORCH_THREADS[0];
        out.println("Time to " + fixed(target, 2) + " and staying there, per seed (LazyNet: the whole fit of its"
                + " ladder's first staying fit; PyTorch on " + threads(cores) + ": training seconds up to its first"
                + " staying epoch):");
        List<TimeToTarget> torchTimes = torchTimes(cores);
        for (TimeToTarget lazy : lazyNetTimes()) {
            String torchTime = torchTimes.stream().filter(t -> t.seed() == lazy.seed()).findFirst()
                    .map(BenchmarkReport::describe).orElse("missing");
            out.println("  seed " + lazy.seed() + ": LazyNet " + describe(lazy) + "; PyTorch " + torchTime);
        }
    }

    /** One seed's time to the target, or how many epochs did not reach it. */
    private static String describe(TimeToTarget time) {
        return time.reached() ? epochs(time.epochs()) + ", " + fixed(time.seconds(), 2) + " s"
                : "not reached in " + epochs(time.epochs());
    }

    private static void part(PrintStream out, String what, double millis) {
        out.printf(Locale.ROOT, "  %-66s %8.2f%n", what, millis);
    }

    /** PyTorch's runs on {@code threads} threads; empty where none ran. */
    private List<TorchPeer.Run> torchRuns(int threads) {
        return torch.stream().map(TorchPeer.Outcome::run).filter(r -> r != null && r.threads() == threads).toList();
    }

    /** {@code value} of PyTorch's runs on {@code threads} threads, or why there are none. */
    private String torchValue(int threads, Function<List<TorchPeer.Run>, String> value) {
        List<TorchPeer.Run> runs = torchRuns(threads);
        if (!runs.isEmpty()) {
            return value.apply(runs);
        }
        return torch.stream().map(TorchPeer.Outcome::missing).filter(m -> m != null).findFirst()
                .map(m -> "missing: " + m).orElse("missing: not run");
    }

    /** {@code value} where PyTorch ran on {@code threads} threads, else {@code none}. */
    private String torchResult(int threads, Supplier<String> value) {
        return torchRuns(threads).isEmpty() ? "none" : value.get();
    }

    private String torchCount(int threads) {
        int epochs = torchRuns(threads).stream().mapToInt(r -> r.epochSeconds().length).sum();
        return epochs == 0 ? "" : " (median of " + epochs + ")";
    }

    /** The median of every epoch of PyTorch's runs on {@code threads} threads. */
    private double torchEpochSeconds(int threads) {
        return KernelBenchmark.median(torchRuns(threads).stream().flatMapToDouble(r -> Arrays.stream(r.epochSeconds()))
                .toArray());
    }

    /** LazyNet's time to the target per seed of the comparison with PyTorch, in the plan's order. */
    private List<TimeToTarget> lazyNetTimes() {
        return seedLadders.entrySet().stream().map(e -> TimeToTarget.ofLadder(e.getKey(), e.getValue(), target))
                .toList();
    }

    /** PyTorch's time to the target on {@code threads} threads for each seed that has a run. */
    private List<TimeToTarget> torchTimes(int threads) {
        List<TimeToTarget> times = new ArrayList<>();
        for (long seed : seedLadders.keySet()) {
            torchRuns(threads).stream().filter(r -> r.seed() == seed).findFirst().ifPresent(r -> times.add(
                    TimeToTarget.ofEpochs(seed, r.epochSeconds(), r.accuracy(), target)));
        }
        return times;
    }

    /** LazyNet's median time to the target over the seeds, as its row says it. */
    String lazyNetTimeTo() {
        return medianTime(lazyNetTimes());
    }

    /**
     * PyTorch's median time to the target on {@code threads} threads, as its row says it, or why there is
     * none; a seed without a run is named rather than left out, since the median of the others would be
     * over other seeds than LazyNet's.
     */
    String torchTimeTo(int threads) {
        List<TimeToTarget> times = torchTimes(threads);
        if (times.size() < seedLadders.size()) {
            return "missing: " + missingSeeds(times);
        }
        return medianTime(times);
    }

    /** The seeds of the comparison that {@code times} lack, with why PyTorch stopped where it says. */
    private String missingSeeds(List<TimeToTarget> times) {
        String seeds = seedLadders.keySet().stream().filter(s -> times.stream().noneMatch(t -> t.seed() == s))
                .map(String::valueOf).collect(Collectors.joining(", "));
        String why = torch.stream().map(TorchPeer.Outcome::missing).filter(m -> m != null).findFirst()
                .map(m -> " (" + m + ")").orElse("");
        return "no fit with seed " + seeds + why;
    }

    /**
     * LazyNet's median time to the target over PyTorch's on {@code threads} threads, over the same seeds;
     * {@code NaN} where a median seed did not reach it or PyTorch lacks a seed.
     */
    private double lazyOverTorchRatio(int threads) {
        List<TimeToTarget> torchTimes = torchTimes(threads);
        if (torchTimes.size() < seedLadders.size()) {
            return Double.NaN;
        }
        return TimeToTarget.ratio(TimeToTarget.median(lazyNetTimes()), TimeToTarget.median(torchTimes));
    }

    /** The ratio of LazyNet's median time to PyTorch's on {@code threads} threads, or why there is none. */
    String lazyOverTorch(int threads) {
        double ratio = lazyOverTorchRatio(threads);
        if (!Double.isNaN(ratio)) {
            return fixed(ratio, 2);
        }
        List<TimeToTarget> torchTimes = torchTimes(threads);
        if (torchTimes.size() < seedLadders.size()) {
            return "n/a (" + missingSeeds(torchTimes) + ")";
        }
        return "n/a (" + (Double.isInfinite(TimeToTarget.median(lazyNetTimes())) ? "LazyNet's" : "PyTorch's")
                + " median seed did not reach it)";
    }

    /**
     * A median time to the target over the seeds, with how many seeds reached it and the epochs each took;
     * "not reached" where the median seed did not.
     */
    private static String medianTime(List<TimeToTarget> times) {
        double median = TimeToTarget.median(times);
        String epochs = times.stream().map(t -> t.reached() ? String.valueOf(t.epochs()) : "none in " + t.epochs())
                .collect(Collectors.joining(", "));
        return (Double.isInfinite(median) ? "not reached" : fixed(median, 1) + " s") + " ("
                + TimeToTarget.reachedCount(times) + " of " + times.size() + (times.size() == 1 ? " seed" : " seeds")
                + " reached it; epochs " + epochs + ")";
    }

    /** The seeds of the comparison with PyTorch, as a label says them. */
    private String seedsNamed() {
        return (seedLadders.size() == 1 ? "seed " : "seeds ")
                + seedLadders.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** A median's figure, or {@code none} where the median seed did not reach the target. */
    private static String medianResult(List<TimeToTarget> times) {
        double median = TimeToTarget.median(times);
        return Double.isInfinite(median) ? "none" : fixed(median, 2);
    }

    private static String threads(int n) {
        return n + (n == 1 ? " thread" : " threads");
    }

    /** The figures as {@code key=value} pairs; {@code none} where a system missed the target. */
    ResultLine resultLine() {
        ResultLine line = new ResultLine()
                .add("lazynet_seconds_to_target", seconds(first(lazyNetLadder)))
                .add("mllib_seconds_to_target", seconds(firstMllib()))
                .add("speedup_to_target", speedUp(lazyNetLadder).replace("x", "").replace("n/a", "none"))
                .add("sigmoid_seconds_to_target", seconds(first(sigmoidLadder)))
                .add("sigmoid_speedup_to_target", speedUp(sigmoidLadder).replace("x", "").replace("n/a", "none"))
                .add("epoch_seconds", epochSeconds(), 3)
                .add("samples_per_second", trainRows() / epochSeconds(), 0)
                .add("achieved_gflops", achievedGflops(), 2)
                .add("sgemm_gflops", limits.sgemmAllThreads(), 2)
                .add("epoch_sgemm_ratio", achievedGflops() / limits.sgemmAllThreads(), 3)
                .add("dense_sgemm_ratio", limits.layersOneThread() / limits.sgemmOneThread(), 3)
                .add("local_epoch_seconds", localEpochSeconds(), 3)
                .add("spark_local_ratio", epochSeconds() / localEpochSeconds(), 3)
                .add("step_jobs_spark_local_ratio", stepJobsEpoch() / localEpochSeconds(), 3)
                .add("local_steps_seconds_to_target", seconds(first(localStepsLadder)))
                .add("local_steps_spark_local_ratio", averagedEpochSeconds() / localEpochSeconds(), 3);
        int cores = Benchmark.TORCH_THREADS[0];
        for (int threads : Benchmark.TORCH_THREADS) {
            line.add("torch_epoch_seconds_" + threads + "t", torchResult(threads, () -> fixed(torchEpochSeconds(threads), 3)));
        }
        line.add("spark_torch_epoch_ratio", torchResult(cores, () -> fixed(epochSeconds() / torchEpochSeconds(cores), 3)))
                .add("lazynet_seconds_to_target_median", medianResult(lazyNetTimes()))
                .add("torch_seconds_to_target_median_" + cores + "t", torchResult(cores, () -> {
                    List<TimeToTarget> times = torchTimes(cores);
                    return times.size() < seedLadders.size() ? "none" : medianResult(times);
                }))
                .add("lazynet_torch_time_ratio", torchResult(cores, () -> {
                    double ratio = lazyOverTorchRatio(cores);
                    return Double.isNaN(ratio) ? "none" : fixed(ratio, 2);
                }));
        line.add("cluster_epoch_seconds", clusterResult(() -> fixed(cluster.medianEpochSeconds(), 3)))
                .add("cluster_local_ratio",
                        clusterResult(() -> fixed(cluster.medianEpochSeconds() / epochSeconds(), 3)))
                .add("cluster_rpc_epoch_seconds", clusterResult(() -> fixed(cluster.medianRpcEpochSeconds(), 3)))
                .add("exchange_ms", exchangeMillis(), 3)
                .add("share_together_ms", stepParts.togetherSeconds() * 1e3, 3)
                .add("exchange_beyond_together_ms", exchangeBeyondTogetherMillis(), 3);
        line.add("lenet_epoch_seconds", lenet.spark().epoch(), 3)
                .add("lenet_local_epoch_seconds", lenet.local().epoch(), 3);
        for (int threads : Benchmark.TORCH_THREADS) {
            line.add("lenet_torch_epoch_seconds_" + threads + "t", lenetTorchResult(threads, fit -> fixed(fit.epoch(), 3)));
        }
        line.add("lenet_spark_torch_epoch_ratio",
                        lenetTorchResult(cores, fit -> fixed(lenet.spark().epoch() / fit.epoch(), 3)))
                .add("lenet_local_torch_epoch_ratio",
                        lenetTorchResult(1, fit -> fixed(lenet.local().epoch() / fit.epoch(), 3)));
        for (SweepPoint p : sweep) {
            line.add("epoch_seconds_" + p.rows(), p.epochSeconds(), 3);
        }
        return line.add("cached_ratio", cachedRatio(), 3)
                .add("peak_heap_mib", fullMemory().peakHeap() / MIB, 0)
                .add("live_outside_storage_mib", fullMemory().peakLiveOutsideStorage() < 0 ? "none"
                        : fixed(fullMemory().peakLiveOutsideStorage() / MIB, 0))
                .add("blas", Blas.current().implementation().name())
                .add("cores", context.cores)
                .add("master", context.master.replaceAll("[\\s=]", "_"));
    }

    private static String seconds(Point reached) {
        return reached == null ? "none" : fixed(reached.seconds(), 2);
    }

    private static String epochs(int n) {
        return n + (n == 1 ? " epoch" : " epochs");
    }

    private static void row(PrintStream out, String metric, String value, String target) {
        out.println("| " + metric + " | " + value + " | " + target + " |");
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
