package dev.lazynet.examples;

import dev.lazynet.examples.cli.CommonOptions;
import dev.lazynet.examples.cli.ExampleException;
import dev.lazynet.examples.cli.ExampleLauncher;
import dev.lazynet.examples.cli.HelpOption;
import dev.lazynet.examples.cli.MetricsWriter;
import dev.lazynet.examples.cli.OutputOptions;
import dev.lazynet.examples.cli.ResultLine;
import dev.lazynet.examples.cli.TrainingOptions;
import dev.lazynet.examples.data.IrisCsv;
import dev.lazynet.spark.LazyNetClassificationModel;
import dev.lazynet.spark.LazyNetClassifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * LazyNet as one stage of a Spark ML {@link Pipeline} ({@code StringIndexer}, {@code VectorAssembler},
 * {@code StandardScaler}, {@link LazyNetClassifier}) on the Iris data set, tuned with
 * {@link CrossValidator} over network specs and learning rates; the best pipeline is saved with ML
 * persistence, loaded back, and checked to predict exactly what it predicted before saving.
 *
 * <p>Every fifth flower (10 of each species) is held out as the test set; cross-validation sees only
 * the other 120. The job fails (exit status 1) if the loaded pipeline predicts differently.
 */
@Command(name = "pipeline-tuning", sortOptions = false,
        header = "a Spark ML Pipeline with LazyNet, tuned with CrossValidator",
        description = {"Tunes a Spark ML Pipeline (StringIndexer, VectorAssembler, StandardScaler,"
                + " LazyNetClassifier) on Iris with CrossValidator over network specs and learning rates, saves"
                + " the best pipeline to --out, loads it back and checks that it predicts the same.",
            "The last line of standard output is the result: test_accuracy=... identical_predictions=... ..."},
        footer = {"", "--data FILE: a CSV file laid out like the bundled iris.csv (" + IrisCsv.HEADER + ");"
                + " default: that file"})
public final class PipelineTuning implements Callable<Integer> {

    /** The network specs tried: softmax regression, and one hidden layer. */
    public static final List<String> LAYERS = List.of("dense(3)", "dense(16,relu) dense(3)");
    /** The learning rates tried. */
    public static final double[] STEP_SIZES = {0.01, 0.1};
    /**
     * Rows per mini-batch: more than a fold's training flowers (80 of the 120 with 3 folds), so an epoch is
     * one step; on data this small a step costs its exchange with the driver, not its arithmetic.
     */
    static final int BATCH_SIZE = 128;
    static final long SEED = 1L;

    @Mixin
    private CommonOptions common;
    @Mixin
    private OutputOptions output;
    @Mixin
    private TrainingOptions training = new TrainingOptions(50);
    @Option(names = "--folds", paramLabel = "N", converter = Folds.class,
            description = "cross-validation folds, at least 2 (default: ${DEFAULT-VALUE})")
    private int folds = 3;
    @Mixin
    private HelpOption help;

    private final PrintStream out;

    /** A job that reports to {@code out}. */
    PipelineTuning(PrintStream out) {
        this.out = out;
    }

    /** Runs the job alone, for {@code spark-submit --class}; {@code --help} lists the options. */
    public static void main(String[] args) {
        ExampleLauncher.exit(new PipelineTuning(System.out), args);
    }

    @Override
    public Integer call() {
        output.requireFolder();
        List<Row> flowers = IrisCsv.read(common.data());
        List<Row> trainRows = new ArrayList<>();
        List<Row> testRows = new ArrayList<>();
        for (int i = 0; i < flowers.size(); i++) {
            (i % 5 == 4 ? testRows : trainRows).add(flowers.get(i));
        }
        if (folds > trainRows.size()) {
            // CrossValidator accepts it, and then trains a model per fold on folds that validate on no row.
            throw new ExampleException("--folds " + folds + " is more than the " + trainRows.size() + " flowers to"
                    + " tune on, so some folds would have no flower to validate on; give --folds from 2 to "
                    + trainRows.size());
        }
        out.println("Data: " + (common.data() != null ? common.data() : "the bundled iris.csv") + "; "
                + trainRows.size() + " flowers to tune on, " + testRows.size() + " held out");
        SparkSession spark = common.sparkSession();
        try {
            Dataset<Row> all = spark.createDataFrame(flowers, IrisCsv.SCHEMA);
            Dataset<Row> train = spark.createDataFrame(trainRows, IrisCsv.SCHEMA);
            Dataset<Row> test = spark.createDataFrame(testRows, IrisCsv.SCHEMA);
            tune(all, train, test);
        } finally {
            spark.stop();
        }
        return 0;
    }

    private void tune(Dataset<Row> all, Dataset<Row> train, Dataset<Row> test) {
        // The grid gives each fit its layers and step size.
        LazyNetClassifier classifier = new LazyNetClassifier()
                .setMaxIter(training.epochs())
                .setBatchSize(BATCH_SIZE)
                .setSeed(SEED);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol(IrisCsv.SPECIES).setOutputCol("label"),
            new VectorAssembler().setInputCols(IrisCsv.MEASUREMENTS).setOutputCol("measurements"),
            new StandardScaler().setInputCol("measurements").setOutputCol("features").setWithMean(true),
            classifier
        });
        ParamMap[] grid = grid(classifier);
        MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        // Two fits at a time: on data this small a fit mostly waits on its Spark jobs' latency.
        CrossValidator validator = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
                .setEvaluator(evaluator).setNumFolds(folds).setSeed(SEED).setParallelism(2);
        out.println("Cross-validating " + grid.length + " settings x " + folds + " folds, " + training.epochs()
                + " epochs each");

        long start = System.nanoTime();
        CrossValidatorModel tuned = validator.fit(train);
        double trainSeconds = (System.nanoTime() - start) / 1e9;

        int best = printGrid(classifier, grid, tuned.avgMetrics());
        PipelineModel bestModel = (PipelineModel) tuned.bestModel();
        double testAccuracy = evaluator.evaluate(bestModel.transform(test));

        Path saved = output.out().resolve("best-model").toAbsolutePath();
        try {
            bestModel.write().overwrite().save(saved.toString());
        } catch (IOException e) {
            throw new ExampleException("Cannot save the best pipeline to " + saved + ": " + e.getMessage()
                    + "; check that the folder of --out is writable", e);
        }
        PipelineModel loaded = PipelineModel.load(saved.toString());
        boolean identical = predictions(bestModel, all).equals(predictions(loaded, all));
        out.println("Best pipeline saved to " + saved + " and loaded back: "
                + (identical ? "identical predictions on all " : "DIFFERENT predictions on the ") + all.count()
                + " flowers");

        LazyNetClassificationModel network = (LazyNetClassificationModel) bestModel.stages()[3];
        out.print(network.network().summary());
        MetricsWriter.write(output.out(), "pipeline-tuning: " + network.getLayers(), network.summary().lossHistory(),
                List.of(), out);
        new ResultLine()
                .add("test_accuracy", testAccuracy, 4)
                .add("cv_accuracy", tuned.avgMetrics()[best], 4)
                .add("best_layers", network.getLayers().replace(' ', '_'))
                .add("best_step_size", network.getStepSize(), 4)
                .add("identical_predictions", Boolean.toString(identical))
                .add("models", grid.length)
                .add("folds", folds)
                .add("epochs", training.epochs())
                .add("train_seconds", trainSeconds, 1)
                .add("rows", train.count())
                .add("test_rows", test.count())
                .print(out);
        if (!identical) {
            throw new ExampleException("The pipeline loaded from " + saved + " predicts differently from the one"
                    + " saved: the model files do not round-trip; rerun with --verbose and report it");
        }
    }

    /**
     * Every network spec crossed with every learning rate. {@code ParamGridBuilder} takes a list of
     * strings only as a Scala collection, so each spec is a base of its own grid of learning rates.
     */
    private static ParamMap[] grid(LazyNetClassifier classifier) {
        List<ParamMap> grid = new ArrayList<>();
        for (String layers : LAYERS) {
            grid.addAll(List.of(new ParamGridBuilder().baseOn(classifier.layers().w(layers))
                    .addGrid(classifier.stepSize(), STEP_SIZES).build()));
        }
        return grid.toArray(ParamMap[]::new);
    }

    /** Prints each setting's mean cross-validated accuracy; returns the index of the best. */
    private int printGrid(LazyNetClassifier classifier, ParamMap[] grid, double[] accuracy) {
        int best = 0;
        out.println("layers                        stepSize  mean accuracy");
        for (int i = 0; i < grid.length; i++) {
            out.println(String.format(Locale.ROOT, "%-28s  %8.3f  %13.4f", grid[i].apply(classifier.layers()),
                    grid[i].apply(classifier.stepSize()), accuracy[i]));
            best = accuracy[i] > accuracy[best] ? i : best;
        }
        return best;
    }

    /** Each row's prediction and class probabilities, in row order, as text that compares exactly. */
    private static List<String> predictions(PipelineModel model, Dataset<Row> data) {
        return model.transform(data).select("prediction", "probability").collectAsList().stream()
                .map(Row::toString).toList();
    }

    /** Reads a number of folds, at least 2. */
    static final class Folds implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number; give a number of folds"
                        + " >= 2");
            }
            if (n < 2) {
                throw new TypeConversionException(n + (n == 1 ? " fold is" : " folds are") + " too few;"
                        + " cross-validation needs at least 2");
            }
            return n;
        }
    }
}
