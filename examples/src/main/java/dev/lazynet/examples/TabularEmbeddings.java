package dev.lazynet.examples;

import dev.lazynet.examples.cli.CommonOptions;
import dev.lazynet.examples.cli.ExampleException;
import dev.lazynet.examples.cli.ExampleLauncher;
import dev.lazynet.examples.cli.HelpOption;
import dev.lazynet.examples.cli.ResultLine;
import dev.lazynet.examples.cli.TrainingOptions;
import dev.lazynet.spark.LazyNetClassificationModel;
import dev.lazynet.spark.LazyNetClassifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The categorical columns of a real table two ways: {@code embed(D)}, which sizes a trained table per
 * column from the {@code StringIndexer} metadata, against {@code OneHotEncoder} feeding the same dense
 * layers. Both train on the Palmer penguins (species from island, sex, year and four measurements) with
 * the same seed and epochs; every fifth penguin is held out. After an untimed fit of each, each is fitted
 * {@code --repeats} times, the two taking turns at going first, and the median training time reported;
 * the fits are deterministic, so accuracy is the same every time.
 */
@Command(name = "tabular-embeddings", sortOptions = false,
        header = "embed(D) against OneHotEncoder on a table with categorical columns",
        description = {"Trains the same dense network on the Palmer penguins with its categorical columns"
                + " (island, sex, year) embedded by embed(D) and one-hot encoded by OneHotEncoder, and prints"
                + " their test accuracy and median training time.",
            "The last line of standard output is the result: embed_accuracy=... onehot_accuracy=... ..."},
        footer = {"", "--data FILE: a CSV file laid out like the bundled penguins.csv.gz (" + TabularEmbeddings.HEADER
                + "), plain or gzipped; default: that file"})
public final class TabularEmbeddings implements Callable<Integer> {

    static final String HEADER = "species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year";
    /** The categorical columns. */
    static final String[] CATEGORICAL = {"island", "sex", "year"};
    /** The measurements, rescaled to be near 1: bills in cm, flippers in dm, mass in kg. */
    static final String[] NUMERIC = {"bill_length", "bill_depth", "flipper_length", "body_mass"};
    private static final double[] SCALE = {10, 10, 100, 1000};
    private static final String BUNDLED = "/dev/lazynet/examples/penguins/penguins.csv.gz";
    static final String HIDDEN = "dense(16,relu) dense(3)";
    static final long SEED = 1L;
    private static final StructType SCHEMA = new StructType().add("species", DataTypes.StringType)
            .add("island", DataTypes.StringType).add("bill_length", DataTypes.DoubleType)
            .add("bill_depth", DataTypes.DoubleType).add("flipper_length", DataTypes.DoubleType)
            .add("body_mass", DataTypes.DoubleType).add("sex", DataTypes.StringType)
            .add("year", DataTypes.StringType);

    @Mixin
    private CommonOptions common;
    @Mixin
    private TrainingOptions training = new TrainingOptions(100);
    @Option(names = "--dim", paramLabel = "D", description = "floats per category in embed(D) (default: ${DEFAULT-VALUE})")
    private int dim = 2;
    @Option(names = "--repeats", paramLabel = "N", description = "fits of each pipeline, for the median time"
            + " (default: ${DEFAULT-VALUE})")
    private int repeats = 3;
    @Mixin
    private HelpOption help;

    private final PrintStream out;

    /** A job that reports to {@code out}. */
    TabularEmbeddings(PrintStream out) {
        this.out = out;
    }

    /** Runs the job alone, for {@code spark-submit --class}; {@code --help} lists the options. */
    public static void main(String[] args) {
        ExampleLauncher.exit(new TabularEmbeddings(System.out), args);
    }

    @Override
    public Integer call() {
        if (dim < 1 || repeats < 1) {
            throw new ExampleException("--dim " + dim + " and --repeats " + repeats + " must both be at least 1");
        }
        Table table = read(common.data());
        List<Row> train = new ArrayList<>();
        List<Row> test = new ArrayList<>();
        for (int i = 0; i < table.rows().size(); i++) {
            (i % 5 == 4 ? test : train).add(table.rows().get(i));
        }
        out.println("Data: " + (common.data() != null ? common.data() : "the bundled penguins.csv.gz") + "; "
                + table.rows().size() + " penguins (" + table.incomplete() + " with a value not recorded left out), "
                + train.size() + " to train on, " + test.size() + " held out");
        SparkSession spark = common.sparkSession();
        try {
            compare(spark.createDataFrame(train, SCHEMA), spark.createDataFrame(test, SCHEMA), train.size(),
                    test.size());
        } finally {
            spark.stop();
        }
        return 0;
    }

    private record Outcome(String layers, double accuracy, double medianSeconds, int parameters) {
    }

    private void compare(Dataset<Row> train, Dataset<Row> test, int trainRows, int testRows) {
        train.cache().count();
        test.cache().count();
        Timed embedFits = new Timed(embedPipeline());
        Timed oneHotFits = new Timed(oneHotPipeline());
        // An untimed fit of each first, so that neither median pays the JVM's and Spark's warm-up.
        embedFits.fit(train);
        oneHotFits.fit(train);
        for (int r = 0; r < repeats; r++) {
            // Taking turns at going first spreads a shared machine's changing load over both pipelines.
            Timed first = r % 2 == 0 ? embedFits : oneHotFits;
            first.timedFit(train);
            (first == embedFits ? oneHotFits : embedFits).timedFit(train);
        }
        Outcome embed = embedFits.outcome(test);
        Outcome oneHot = oneHotFits.outcome(test);
        out.println("encoding      fitted layers                                         test accuracy  median fit s  parameters");
        out.println(String.format(Locale.ROOT, "%-12s  %-52s  %13.4f  %12.2f  %10d", "embed", embed.layers(),
                embed.accuracy(), embed.medianSeconds(), embed.parameters()));
        out.println(String.format(Locale.ROOT, "%-12s  %-52s  %13.4f  %12.2f  %10d", "one-hot", oneHot.layers(),
                oneHot.accuracy(), oneHot.medianSeconds(), oneHot.parameters()));
        new ResultLine()
                .add("embed_accuracy", embed.accuracy(), 4)
                .add("onehot_accuracy", oneHot.accuracy(), 4)
                .add("embed_seconds", embed.medianSeconds(), 2)
                .add("onehot_seconds", oneHot.medianSeconds(), 2)
                .add("dim", dim)
                .add("epochs", training.epochs())
                .add("repeats", repeats)
                .add("rows", trainRows)
                .add("test_rows", testRows)
                .print(out);
    }

    /** One pipeline's fits: their times and the last fitted model. */
    private static final class Timed {
        private final PipelineStage[] stages;
        private final List<Double> seconds = new ArrayList<>();
        private PipelineModel model;

        Timed(PipelineStage[] stages) {
            this.stages = stages;
        }

        void fit(Dataset<Row> train) {
            model = new Pipeline().setStages(stages).fit(train);
        }

        void timedFit(Dataset<Row> train) {
            long start = System.nanoTime();
            fit(train);
            seconds.add((System.nanoTime() - start) / 1e9);
        }

        /** The test accuracy of the last fit (every fit is the same, being seeded) and the median time. */
        Outcome outcome(Dataset<Row> test) {
            double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                    .evaluate(model.transform(test));
            LazyNetClassificationModel net = (LazyNetClassificationModel) model.stages()[model.stages().length - 1];
            return new Outcome(net.getLayers(), accuracy, sorted[sorted.length / 2], net.weights().length);
        }
    }

    private PipelineStage[] embedPipeline() {
        List<PipelineStage> stages = indexers();
        stages.add(new VectorAssembler().setInputCols(concat(NUMERIC, suffixed("_index"))).setOutputCol("features"));
        stages.add(classifier("embed(" + dim + ") " + HIDDEN));
        return stages.toArray(PipelineStage[]::new);
    }

    private PipelineStage[] oneHotPipeline() {
        List<PipelineStage> stages = indexers();
        stages.add(new OneHotEncoder().setInputCols(suffixed("_index")).setOutputCols(suffixed("_onehot"))
                .setDropLast(false));
        stages.add(new VectorAssembler().setInputCols(concat(NUMERIC, suffixed("_onehot"))).setOutputCol("features"));
        stages.add(classifier(HIDDEN));
        return stages.toArray(PipelineStage[]::new);
    }

    private List<PipelineStage> indexers() {
        List<PipelineStage> stages = new ArrayList<>();
        stages.add(new StringIndexer().setInputCol("species").setOutputCol("label"));
        stages.add(new StringIndexer().setInputCols(CATEGORICAL).setOutputCols(suffixed("_index")));
        return stages;
    }

    private LazyNetClassifier classifier(String layers) {
        return new LazyNetClassifier().setLayers(layers).setMaxIter(training.epochs()).setBatchSize(32)
                .setStepSize(0.01).setSeed(SEED);
    }

    private static String[] suffixed(String suffix) {
        return Arrays.stream(CATEGORICAL).map(c -> c + suffix).toArray(String[]::new);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** The complete rows, and how many rows had a value not recorded ({@code NA}). */
    record Table(List<Row> rows, int incomplete) {
    }

    /** Reads {@code file}, or the bundled table if {@code null}. */
    static Table read(Path file) {
        String source = file == null ? "the bundled penguins.csv.gz" : file.toString();
        try (InputStream raw = file == null ? TabularEmbeddings.class.getResourceAsStream(BUNDLED)
                : Files.newInputStream(file)) {
            if (raw == null) {
                throw new ExampleException(BUNDLED + " is missing from the examples jar; rebuild it");
            }
            InputStream in = source.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            return parse(source, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new ExampleException("Cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private static Table parse(String source, BufferedReader lines) throws IOException {
        String header = lines.readLine();
        if (!HEADER.equals(header)) {
            throw new ExampleException(source + " line 1 is \"" + header + "\"; expected the header " + HEADER);
        }
        List<Row> rows = new ArrayList<>();
        int incomplete = 0;
        int number = 1;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            String[] f = line.split(",", -1);
            if (f.length != 8) {
                throw new ExampleException(source + " line " + number + " has " + f.length + " fields; expected 8 ("
                        + HEADER + ")");
            }
            if (Arrays.asList(f).contains("NA")) {
                incomplete++;
                continue;
            }
            Object[] values = new Object[8];
            values[0] = f[0];
            values[1] = f[1];
            for (int i = 0; i < 4; i++) {
                try {
                    values[2 + i] = Double.parseDouble(f[2 + i]) / SCALE[i];
                } catch (NumberFormatException e) {
                    throw new ExampleException(source + " line " + number + " has \"" + f[2 + i] + "\" as "
                            + HEADER.split(",")[2 + i] + ", which is not a number");
                }
            }
            values[6] = f[6];
            values[7] = f[7];
            rows.add(RowFactory.create(values));
        }
        return new Table(rows, incomplete);
    }
}
