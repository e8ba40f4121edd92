package dev.lazynet.examples.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lazynet.examples.FashionMnistMlp;
import dev.lazynet.examples.cli.CommonOptions;
import dev.lazynet.examples.cli.ExampleLauncher;
import dev.lazynet.examples.cli.HelpOption;
import dev.lazynet.examples.cli.PositiveInt;
import dev.lazynet.examples.cli.ResultLine;
import dev.lazynet.examples.data.FashionMnist;
import dev.lazynet.examples.data.ImageFrames;
import dev.lazynet.examples.data.LabeledImages;
import dev.lazynet.serve.Predictor;
import dev.lazynet.spark.LazyNetClassificationModel;
import dev.lazynet.spark.LazyNetClassifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Serving the Fashion-MNIST dense network three ways in one JVM: LazyNet's Spark-free
 * {@link Predictor}, ONNX Runtime on the model's ONNX export, and Spark's {@code transform} on a
 * one-row DataFrame. For each: the latency of one row (median and 99th percentile over many calls) and
 * the throughput of a batch of test images; each figure is the median over the repeats.
 */
@Command(name = "serving-benchmark", sortOptions = false, header = "one-row latency and batch throughput of serving",
        description = {"Trains " + FashionMnistMlp.LAYERS + " on Fashion-MNIST for one epoch (or loads --model),"
                + " then measures one-row latency (p50, p99) and batch throughput of the Predictor, ONNX Runtime"
                + " on the exported model, and Spark transform on a one-row DataFrame, and prints a table.",
            "The last line of standard output is the result: predictor_p50_us=... predictor_p99_us=... ..."},
        footer = {"", FashionMnist.DATA_HELP})
public final class ServingBenchmark implements Callable<Integer> {

    /** Goals of the issue that asked for serving: they appear in the table's last column. */
    private static final double P99_TARGET_MICROS = 100;
    private static final double SPEEDUP_TARGET = 1000;

    @Mixin
    private CommonOptions common;
    @Option(names = "--model", paramLabel = "DIR",
            description = "a LazyNetClassificationModel of 784 inputs saved earlier (e.g. export-onnx's"
                    + " out/model) instead of training one")
    private Path model;
    @Option(names = "--calls", paramLabel = "N", converter = PositiveInt.class,
            description = "one-row calls per repeat for the Predictor and ONNX Runtime (default: ${DEFAULT-VALUE})")
    private int calls = 20_000;
    @Option(names = "--spark-calls", paramLabel = "N", converter = PositiveInt.class,
            description = "one-row transforms per repeat (default: ${DEFAULT-VALUE})")
    private int sparkCalls = 100;
    @Option(names = "--batch", paramLabel = "N", converter = PositiveInt.class,
            description = "rows in a batch (default: ${DEFAULT-VALUE})")
    private int batch = 1000;
    @Option(names = "--repeats", paramLabel = "N", converter = PositiveInt.class,
            description = "repeats of every measurement; the table shows their medians (default: ${DEFAULT-VALUE})")
    private int repeats = 5;
    @Mixin
    private HelpOption help;

    private final PrintStream out;

    /** A benchmark that reports to {@code out}. */
    public ServingBenchmark(PrintStream out) {
        this.out = out;
    }

    /** Runs the benchmark alone; {@code --help} lists the options. */
    public static void main(String[] args) {
        ExampleLauncher.exit(new ServingBenchmark(System.out), args);
    }

    /** One engine's figures: medians over the repeats. */
    private record Figures(String engine, double p50Micros, double p99Micros, double rowsPerSecond) {
    }

    /** One way of serving: a one-row call and a batch call, on test image {@code i} onwards. */
    private interface Engine {
        void one(int i) throws Exception;

        void batch(int from, int rows) throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        FashionMnist data = FashionMnist.load(common.data(), System.err);
        LabeledImages train = data.train();
        double mean = train.pixelMean();
        double std = train.pixelStd(mean);
        LabeledImages test = data.test().standardized(mean, std);
        int width = test.pixelsPerImage();
        float[][] rows = new float[test.count()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(test.pixels(), i * width, (i + 1) * width);
        }
        batch = Math.min(batch, rows.length);

        SparkSession spark = common.sparkSession("local[2]");
        Path dir = Files.createTempDirectory("lazynet-serving");
        try {
            LazyNetClassificationModel trained = model != null
                    ? LazyNetClassificationModel.load(model.toString())
                    : new LazyNetClassifier().setLayers(FashionMnistMlp.LAYERS).setMaxIter(1).setBatchSize(256)
                            .setOptimizer("adam").setStepSize(1e-3).setSeed(1)
                            .fit(ImageFrames.toDataFrame(spark, train.standardized(mean, std), 2));
            Path saved = dir.resolve("model");
            trained.write().save(saved.toString());
            Path onnx = dir.resolve("model.onnx");
            trained.exportOnnx(onnx.toString());
            out.println("Serving " + trained + "; " + calls + " one-row calls (" + sparkCalls + " for transform)"
                    + " and batches of " + batch + " rows, " + repeats + " repeats, medians shown");

            Predictor predictor = Predictor.load(saved);
            Figures served = measure("LazyNet Predictor", calls, rows, new Engine() {
                @Override
                public void one(int i) {
                    predictor.predict(rows[i]);
                }

                @Override
                public void batch(int from, int n) {
                    predictor.predict(Arrays.copyOfRange(rows, from, from + n));
                }
            });
            Figures onnxRuntime;
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
                onnxRuntime = measure("ONNX Runtime", calls, rows, new Engine() {
                    @Override
                    public void one(int i) throws OrtException {
                        run(env, session, FloatBuffer.wrap(rows[i]), 1, width);
                    }

                    @Override
                    public void batch(int from, int n) throws OrtException {
                        run(env, session, FloatBuffer.wrap(test.pixels(), from * width, n * width).slice(), n,
                                width);
                    }
                });
            }
            Dataset<Row> batchFrame = spark.createDataFrame(rowsOf(rows, 0, batch), ImageFrames.SCHEMA).cache();
            batchFrame.count();
            Figures transform = measure("Spark transform", sparkCalls, rows, new Engine() {
                @Override
                public void one(int i) {
                    trained.transform(spark.createDataFrame(rowsOf(rows, i, 1), ImageFrames.SCHEMA))
                            .select("prediction").first();
                }

                @Override
                public void batch(int from, int n) {
                    trained.transform(batchFrame).select("prediction").collectAsList();
                }
            });
            report(List.of(served, onnxRuntime, transform), spark.sparkContext().master());
        } finally {
            spark.stop();
            deleteTree(dir);
        }
        return 0;
    }

    private static void run(OrtEnvironment env, OrtSession session, FloatBuffer x, int rows, int width)
            throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, x, new long[] {rows, width});
                OrtSession.Result result = session.run(Map.of("features", input))) {
            result.get("probability").orElseThrow().getValue();
        }
    }

    private static List<Row> rowsOf(float[][] rows, int from, int n) {
        Row[] out = new Row[n];
        for (int r = 0; r < n; r++) {
            float[] x = rows[from + r];
            double[] values = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                values[j] = x[j];
            }
            out[r] = RowFactory.create(Vectors.dense(values), 0.0);
        }
        return List.of(out);
    }

    /**
     * Runs {@code engine}: a warm-up of a tenth of the calls, then per repeat {@code oneRowCalls} timed
     * one-row calls and batches for about as many rows, and returns the medians over the repeats.
     */
    private Figures measure(String name, int oneRowCalls, float[][] rows, Engine engine) throws Exception {
        for (int c = 0; c < Math.max(1, oneRowCalls / 10); c++) {
            engine.one(c % rows.length);
        }
        engine.batch(0, batch);
        double[] p50 = new double[repeats];
        double[] p99 = new double[repeats];
        double[] throughput = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long[] nanos = new long[oneRowCalls];
            for (int c = 0; c < oneRowCalls; c++) {
                long start = System.nanoTime();
                engine.one(c % rows.length);
                nanos[c] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            p50[r] = nanos[(int) (0.50 * (oneRowCalls - 1))] / 1e3;
            p99[r] = nanos[(int) Math.ceil(0.99 * (oneRowCalls - 1))] / 1e3;
            int batches = 3;
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                engine.batch((b * batch) % (rows.length - batch + 1), batch);
            }
            throughput[r] = batches * batch / ((System.nanoTime() - start) / 1e9);
        }
        Figures figures = new Figures(name, median(p50), median(p99), median(throughput));
        out.println(String.format(Locale.ROOT, "%s: one row p50 %.1f µs, p99 %.1f µs; %.0f rows/s in batches",
                name, figures.p50Micros(), figures.p99Micros(), figures.rowsPerSecond()));
        return figures;
    }

    private void report(List<Figures> figures, String master) {
        Figures predictor = figures.get(0);
        Figures onnx = figures.get(1);
        Figures transform = figures.get(2);
        double speedup = transform.p50Micros() / predictor.p50Micros();
        out.println();
        out.println("| Engine | One row p50 (µs) | One row p99 (µs) | Batch of " + batch + " (rows/s) |");
        out.println("| --- | --- | --- | --- |");
        for (Figures f : figures) {
            out.println(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.0f |", f.engine(), f.p50Micros(),
                    f.p99Micros(), f.rowsPerSecond()));
        }
        out.println();
        out.println(String.format(Locale.ROOT, "Predictor one-row p99: %.1f µs (target < %.0f µs: %s); one-row"
                + " transform p50 / Predictor p50: %.0fx (target >= %.0fx: %s)", predictor.p99Micros(),
                P99_TARGET_MICROS, predictor.p99Micros() < P99_TARGET_MICROS ? "met" : "missed", speedup,
                SPEEDUP_TARGET, speedup >= SPEEDUP_TARGET ? "met" : "missed"));
        new ResultLine()
                .add("predictor_p50_us", predictor.p50Micros(), 1)
                .add("predictor_p99_us", predictor.p99Micros(), 1)
                .add("predictor_rows_per_second", predictor.rowsPerSecond(), 0)
                .add("onnx_p50_us", onnx.p50Micros(), 1)
                .add("onnx_p99_us", onnx.p99Micros(), 1)
                .add("onnx_rows_per_second", onnx.rowsPerSecond(), 0)
                .add("transform_p50_us", transform.p50Micros(), 1)
                .add("transform_p99_us", transform.p99Micros(), 1)
                .add("transform_rows_per_second", transform.rowsPerSecond(), 0)
                .add("speedup_p50", speedup, 0)
                .add("master", master)
                .print(out);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted((a, b) -> b.compareTo(a))::iterator) {
                Files.delete(p);
            }
        }
    }
}
