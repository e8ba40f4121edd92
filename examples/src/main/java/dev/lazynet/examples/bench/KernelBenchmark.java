package dev.lazynet.examples.bench;

import dev.lazynet.examples.cli.ExampleLauncher;
import dev.lazynet.examples.cli.HelpOption;
import dev.lazynet.examples.cli.PositiveInt;
import dev.lazynet.examples.cli.ResultLine;
import dev.lazynet.nn.Activation;
import dev.lazynet.nn.Conv2d;
import dev.lazynet.nn.Dense;
import dev.lazynet.nn.Sequential;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Blas;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How close the layers come to the machine's raw sgemm rate: for each workload, one forward and
 * backward pass through the layers next to exactly the same matrix products called directly through
 * {@link Blas#current()}, both in GFLOP/s, and their ratio (the kernel efficiency).
 *
 * <p>Each side is warmed up, then their timed repetitions alternate, and the medians are reported.
 * The FLOP count is the matrix products only ({@code 2·m·n·k} each), so everything else the layers do
 * (bias, activation, im2col, reordering) shows as a ratio below 1. The layers run with buffer reuse on,
 * as {@code BatchGradient} runs them in training. Run it with {@code OPENBLAS_NUM_THREADS=1} to measure
 * one core, as Spark's tasks use it. The JVM's heap flags are printed because products written into
 * memory the process has never touched pay a page fault per page, which the heap's sizing decides. The
 * last line is the result as {@code key=value} pairs.
 */
@Command(name = "kernel-benchmark", sortOptions = false,
        header = "the tensor kernels against the machine's sgemm rate",
        description = {"Dense and Conv2d forward+backward GFLOP/s next to raw sgemm GFLOP/s of the same matrix"
                + " products, and their ratio.",
            "Run with OPENBLAS_NUM_THREADS=1 (run.sh sets it) to measure one core, as a Spark task uses it."})
public final class KernelBenchmark implements Callable<Integer> {

    /** Time one timed repetition aims for, so short workloads are repeated enough to be measurable. */
    private static final double REPETITION_SECONDS = 0.2;
    /** Warm-up time per side, so the JIT has compiled the layers before the clock starts. */
    private static final double WARMUP_SECONDS = 1.0;

    /**
     * One row of the table: a workload run through the layers, and the same matrix products through
     * raw sgemm.
     *
     * @param name what the row measures
     * @param key the prefix of its {@code key=value} results
     * @param flops the floating-point operations of one step (matrix products only)
     * @param layers one step through the layers
     * @param sgemm one step of the same products through {@code Blas.current().gemm}
     */
    record Workload(String name, String key, double flops, Runnable layers, Runnable sgemm) {
    }

    /**
     * One measured row; {@code cpuShare} is the measuring thread's CPU time over the wall time, below 1
     * when other processes took the core.
     */
    record Row(Workload workload, Blas.Implementation blas, double layerSeconds, double sgemmSeconds,
            double cpuShare) {
        double layerGflops() {
            return workload.flops() / layerSeconds / 1e9;
        }

        double sgemmGflops() {
            return workload.flops() / sgemmSeconds / 1e9;
        }
    }

    @Option(names = "--batch", paramLabel = "N", converter = PositiveInt.class,
            description = "rows per step (default: ${DEFAULT-VALUE})")
    private int batch = 256;

    @Option(names = "--repetitions", paramLabel = "N", converter = PositiveInt.class,
            description = "timed repetitions; the median is reported (default: ${DEFAULT-VALUE})")
    private int repetitions = 9;

    @Option(names = "--blas", paramLabel = "IMPL", converter = BlasChoice.Converter.class,
            description = "the BLAS to measure: native, vector, java, or all that load here (default: the one"
                    + " in use)")
    private BlasChoice blas;

    @Mixin
    private HelpOption help;

    private final PrintStream out;

    /** A benchmark that prints its table and result line to {@code out}. */
    public KernelBenchmark(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the benchmark alone, for {@code spark-submit --class} or {@code java}.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        ExampleLauncher.exit(new KernelBenchmark(System.out), args);
    }

    @Override
    public Integer call() {
        run(out, batch, repetitions, blas != null ? blas.implementations() : List.of(Blas.current().implementation()));
        return 0;
    }

    /** The workloads of the table, one row each, at {@code batch} rows per step. */
    static List<Workload> workloads(int batch) {
        List<Workload> workloads = new ArrayList<>();
        workloads.add(denseMlp(batch, 784, 256, 10));
        workloads.add(conv(batch, "conv1", 1, 28, 6, 5, false));
        workloads.add(conv(batch, "conv2", 6, 12, 16, 5, true));
        return workloads;
    }

    /**
     * {@code Dense(hidden, relu)}, {@code Dense(classes)} on {@code in} features: forward
     * {@code 2·B·in·out} per layer, weight gradient the same, and the input gradient of the second layer
     * only, since the first layer's input is the data and needs none.
     */
    static Workload denseMlp(int batch, int in, int hidden, int classes) {
        Sequential net = new Sequential().add(new Dense(hidden, Activation.RELU), new Dense(classes));
        net.initialize(Initializers.xavier(), false, 1);
        net.inferShape(Shape.of(Shape.UNKNOWN, in));
        net.setInputGradientNeeded(false);
        net.setReuseBuffers(true);
        Tensor x = Tensor.rand(2, batch, in);
        Tensor gradOut = Tensor.rand(3, batch, classes);
        Runnable layers = () -> {
            net.forward(x);
            net.backward(gradOut);
        };

        float[] w0 = ((Dense) net.get(0)).weight().data().data();
        float[] w1 = ((Dense) net.get(1)).weight().data().data();
        float[] h = new float[batch * hidden];
        float[] y = new float[batch * classes];
        float[] dw0 = new float[hidden * in];
        float[] dw1 = new float[classes * hidden];
        float[] dh = new float[batch * hidden];
        float[] g = gradOut.data();
        Runnable sgemm = () -> {
            Blas blas = Blas.current();
            blas.gemm(false, true, batch, hidden, in, 1f, x.data(), w0, 1f, h);
            blas.gemm(false, true, batch, classes, hidden, 1f, h, w1, 1f, y);
            blas.gemm(true, false, classes, hidden, batch, 1f, g, h, 1f, dw1);
            blas.gemm(false, false, batch, hidden, classes, 1f, g, w1, 0f, dh);
            blas.gemm(true, false, hidden, in, batch, 1f, dh, x.data(), 1f, dw0);
        };
        double flops = 2.0 * batch * (2.0 * in * hidden + 3.0 * hidden * classes);
        return new Workload(String.format(Locale.ROOT, "dense %d-%d(relu)-%d fwd+bwd", in, hidden, classes),
                "dense", flops, layers, sgemm);
    }

    /**
     * {@code Conv2d(outChannels, kernel, relu)} on {@code (batch, inChannels, size, size)} images, as in
     * LeNet: {@code conv1} is the first layer on 1x28x28 digits, {@code conv2} the second on the 6x12x12
     * maps after pooling. The layer lowers the batch to one {@code (in·k·k) × (batch·pixels)} column
     * matrix, so forward is one product {@code (out × in·k·k) · columns}, the weight gradient one of the
     * same size, and the input gradient (only where {@code inputGradient}: a first layer needs none)
     * a third; each costs {@code 2·out·in·k·k·batch·pixels}. im2col, col2im, bias and activation are not
     * counted.
     */
    static Workload conv(int batch, String key, int inChannels, int size, int outChannels, int kernel,
                         boolean inputGradient) {
        Conv2d layer = new Conv2d(outChannels, kernel, Activation.RELU).inChannels(inChannels);
        layer.initialize(Initializers.xavier(), false, 1);
        layer.setInputGradientNeeded(inputGradient);
        layer.setReuseBuffers(true);
        Tensor x = Tensor.rand(4, batch, inChannels, size, size);
        int outSize = size - kernel + 1;
        Tensor gradOut = Tensor.rand(5, batch, outChannels, outSize, outSize);
        Runnable layers = () -> {
            layer.forward(x);
            layer.backward(gradOut);
        };

        int rows = inChannels * kernel * kernel;
        int ld = batch * outSize * outSize;
        float[] w = layer.weight().data().data();
        float[] columns = Tensor.rand(6, rows, ld).data();
        float[] product = new float[outChannels * ld];
        float[] g = gradOut.data();
        float[] dw = new float[outChannels * rows];
        float[] gradColumns = new float[rows * ld];
        Runnable sgemm = () -> {
            Blas blas = Blas.current();
            blas.gemm(false, false, outChannels, ld, rows, 1f, w, columns, 0f, product);
            blas.gemm(false, true, outChannels, rows, ld, 1f, g, columns, 1f, dw);
            if (inputGradient) {
                blas.gemm(true, false, rows, ld, outChannels, 1f, w, g, 0f, gradColumns);
            }
        };
        double flops = (inputGradient ? 3.0 : 2.0) * 2.0 * outChannels * rows * ld;
        return new Workload(String.format(Locale.ROOT, "%s %dx%dx%d k%d->%d(relu) fwd+bwd%s", key, inChannels,
                size, size, kernel, outChannels, inputGradient ? "" : " no dx"), key, flops, layers, sgemm);
    }

    private static void run(PrintStream out, int batch, int repetitions, List<Blas.Implementation> impls) {
        Blas original = Blas.current();
        String threads = System.getenv("OPENBLAS_NUM_THREADS");
        out.println("LazyNet kernel benchmark");
        out.println("BLAS:   " + describeAll(impls));
        out.println("Cores:  " + Runtime.getRuntime().availableProcessors() + " (OPENBLAS_NUM_THREADS="
                + (threads == null ? "unset" : threads) + ")");
        out.println("Java:   " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        out.println("JVM:    " + memoryFlags());
        out.println("Date:   " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        out.println("Batch:  " + batch + "; median of " + repetitions + " alternating repetitions after "
                + WARMUP_SECONDS + " s of warm-up per side");
        out.println();
        List<Row> rows = new ArrayList<>();
        try {
            for (Blas.Implementation impl : impls) {
                Blas.use(impl);
                for (Workload w : workloads(batch)) {
                    rows.add(measure(w, impl, repetitions));
                }
            }
        } finally {
            Blas.use(original.implementation());
        }
        printTable(out, rows);
        ResultLine result = new ResultLine().add("batch", batch);
        for (Row r : rows) {
            String prefix = r.workload().key() + "_" + r.blas().name().toLowerCase(Locale.ROOT);
            result.add(prefix + "_gflops", r.layerGflops(), 2)
                    .add(prefix + "_sgemm_gflops", r.sgemmGflops(), 2)
                    .add(prefix + "_ratio", r.layerGflops() / r.sgemmGflops(), 3);
        }
        result.print(out);
    }

    private static void printTable(PrintStream out, List<Row> rows) {
        String format = "%-40s %-7s %10s %10s %12s %10s %11s %7s %5s%n";
        out.printf(Locale.ROOT, format, "Workload", "BLAS", "MFLOP/step", "layers ms", "layers GF/s",
                "sgemm ms", "sgemm GF/s", "ratio", "cpu");
        for (Row r : rows) {
            out.printf(Locale.ROOT, format, r.workload().name(), r.blas(),
                    String.format(Locale.ROOT, "%.1f", r.workload().flops() / 1e6),
                    String.format(Locale.ROOT, "%.3f", r.layerSeconds() * 1e3),
                    String.format(Locale.ROOT, "%.2f", r.layerGflops()),
                    String.format(Locale.ROOT, "%.3f", r.sgemmSeconds() * 1e3),
                    String.format(Locale.ROOT, "%.2f", r.sgemmGflops()),
                    String.format(Locale.ROOT, "%.3f", r.layerGflops() / r.sgemmGflops()),
                    String.format(Locale.ROOT, "%.0f%%", 100 * r.cpuShare()));
        }
        out.println("ratio = layers GF/s / sgemm GF/s; cpu = the measuring thread's share of a core while timed");
        out.println();
    }

    /**
     * Warms both sides up, sizes a repetition of each to about 0.2 s, then alternates their timed
     * repetitions, so a slow spell of a shared machine hits both sides alike, and takes each median.
     */
    static Row measure(Workload w, Blas.Implementation impl, int repetitions) {
        int layerCalls = callsPerRepetition(w.layers());
        int sgemmCalls = callsPerRepetition(w.sgemm());
        double[] layerSeconds = new double[repetitions];
        double[] sgemmSeconds = new double[repetitions];
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        for (int r = 0; r < repetitions; r++) {
            layerSeconds[r] = secondsPerCall(w.layers(), layerCalls);
            sgemmSeconds[r] = secondsPerCall(w.sgemm(), sgemmCalls);
        }
        double cpuShare = (double) (cpu.getCurrentThreadCpuTime() - cpuStart) / (System.nanoTime() - wallStart);
        return new Row(w, impl, median(layerSeconds), median(sgemmSeconds), cpuShare);
    }

    /** Runs {@code step} for the warm-up time and returns how many calls make one repetition. */
    static int callsPerRepetition(Runnable step) {
        long end = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
        long calls = 0;
        while (System.nanoTime() < end) {
            step.run();
            calls++;
        }
        return (int) Math.max(1, Math.round(calls / WARMUP_SECONDS * REPETITION_SECONDS));
    }

    static double secondsPerCall(Runnable step, int calls) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            step.run();
        }
        return (System.nanoTime() - start) / 1e9 / calls;
    }

    /**
     * Times {@code steps} at once, each on its own thread, {@code calls} calls each per repetition. The
     * threads meet before every repetition, so that they start together and no wait between calls is
     * counted.
     *
     * @return the seconds per call of each repetition and step, {@code [repetition][step]}
     */
    static double[][] secondsPerCallTogether(List<? extends Runnable> steps, int calls, int repetitions)
            throws Exception {
        int threads = steps.size();
        double[][] seconds = new double[repetitions][threads];
        CyclicBarrier together = new CyclicBarrier(threads);
        List<Thread> running = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                try {
                    for (int r = 0; r < repetitions; r++) {
                        together.await();
                        seconds[r][index] = secondsPerCall(steps.get(index), calls);
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "together-" + t);
            thread.start();
            running.add(thread);
        }
        for (Thread thread : running) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return seconds;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The heap and GC flags the JVM was started with, or {@code defaults}. */
    static String memoryFlags() {
        StringBuilder sb = new StringBuilder();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Xm") || arg.startsWith("-Xs") || arg.startsWith("-XX:")) {
                sb.append(sb.length() > 0 ? " " : "").append(arg);
            }
        }
        return sb.length() > 0 ? sb.toString() : "defaults (max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MiB)";
    }

    private static String describeAll(List<Blas.Implementation> impls) {
        StringBuilder sb = new StringBuilder();
        for (Blas.Implementation impl : impls) {
            sb.append(sb.length() > 0 ? ", " : "").append(Blas.of(impl).describe());
        }
        return sb.toString();
    }

    /** The BLAS implementations {@code --blas} names. */
    record BlasChoice(List<Blas.Implementation> implementations) {

        /** Reads one implementation that loads here, or {@code all} of those that do. */
        static final class Converter implements ITypeConverter<BlasChoice> {
            @Override
            public BlasChoice convert(String value) {
                if (value.strip().equalsIgnoreCase("all")) {
                    return new BlasChoice(Blas.available());
                }
                for (Blas.Implementation impl : Blas.Implementation.values()) {
                    if (impl.name().equalsIgnoreCase(value.strip())) {
                        if (!Blas.available().contains(impl)) {
                            throw new TypeConversionException("BLAS '" + value + "' cannot be loaded here; available: "
                                    + Blas.available());
                        }
                        return new BlasChoice(List.of(impl));
                    }
                }
                throw new TypeConversionException("'" + value + "' is not a BLAS; give native, vector, java or all");
            }
        }
    }
}
