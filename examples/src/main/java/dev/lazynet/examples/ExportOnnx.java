package dev.lazynet.examples;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lazynet.examples.cli.CommonOptions;
import dev.lazynet.examples.cli.ExampleException;
import dev.lazynet.examples.cli.ExampleLauncher;
import dev.lazynet.examples.cli.HelpOption;
import dev.lazynet.examples.cli.OutputOptions;
import dev.lazynet.examples.cli.ResultLine;
import dev.lazynet.examples.cli.TrainingOptions;
import dev.lazynet.examples.data.FashionMnist;
import dev.lazynet.examples.data.ImageFrames;
import dev.lazynet.examples.data.LabeledImages;
import dev.lazynet.spark.LazyNetClassificationModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Trains the Fashion-MNIST dense network (or loads one saved by an earlier run), exports it with
 * {@code exportOnnx}, and runs the export under ONNX Runtime on the test images: its accuracy is
 * {@code transform}'s, and its probabilities differ from {@code transform}'s only by float rounding.
 */
@Command(name = "export-onnx", sortOptions = false, header = "the Fashion-MNIST MLP exported to ONNX",
        description = {"Trains " + FashionMnistMlp.LAYERS + " on Fashion-MNIST as fashion-mnist-mlp does (or loads"
                + " --model), saves it to --out/model, exports it to --out/model.onnx, and measures the test"
                + " accuracy of transform and of ONNX Runtime on the export.",
            "The last line of standard output is the result: transform_accuracy=... onnx_accuracy=..."
                    + " max_abs_difference=... ..."},
        footer = {"", FashionMnist.DATA_HELP})
public final class ExportOnnx implements Callable<Integer> {

    @Mixin
    private CommonOptions common;
    @Mixin
    private OutputOptions output;
    @Mixin
    private TrainingOptions training = new TrainingOptions(5);
    @Mixin
    private FashionMnistOptions fashion = new FashionMnistOptions(FashionMnistMlp.LAYERS);
    @Option(names = "--model", paramLabel = "DIR",
            description = "a LazyNetClassificationModel saved by an earlier run (its --out/model) to export"
                    + " instead of training one")
    private Path model;
    @Mixin
    private HelpOption help;

    private final PrintStream out;

    /** A job that reports to {@code out}. */
    ExportOnnx(PrintStream out) {
        this.out = out;
    }

    /** Runs the job alone, for {@code spark-submit --class}; {@code --help} lists the options. */
    public static void main(String[] args) {
        ExampleLauncher.exit(new ExportOnnx(System.out), args);
    }

    @Override
    public Integer call() throws IOException, OrtException {
        FashionMnist data = FashionMnist.load(common.data(), System.err);
        LabeledImages rawTrain = fashion.limit(data.train());
        double mean = rawTrain.pixelMean();
        double std = rawTrain.pixelStd(mean);
        LabeledImages test = fashion.limit(data.test()).standardized(mean, std);
        Path saved = output.out().resolve("model");
        Path onnx = output.out().resolve("model.onnx");
        Files.createDirectories(output.out());
        SparkSession spark = common.sparkSession();
        try {
            int partitions = spark.sparkContext().defaultParallelism();
            LazyNetClassificationModel trained;
            if (model != null) {
                trained = LazyNetClassificationModel.load(model.toString());
                out.println("Loaded " + trained + " from " + model);
            } else {
                LabeledImages train = rawTrain.standardized(mean, std);
                out.println("Training " + fashion.layers() + " for " + training.epochs() + " epochs on "
                        + train.count() + " images");
                trained = FashionMnistTraining.fit(FashionMnistTraining.classifier(fashion, training.epochs()),
                        ImageFrames.toDataFrame(spark, train, partitions), fashion.layers());
                trained.write().overwrite().save(saved.toString());
                out.println("Saved the model to " + saved);
            }
            trained.exportOnnx(onnx.toString());
            out.println("Exported it to " + onnx + " (" + Files.size(onnx) + " bytes)");

            Dataset<Row> testFrame = ImageFrames.toDataFrame(spark, test, partitions);
            List<Row> rows = trained.transform(testFrame).select("label", "probability", "prediction")
                    .collectAsList();
            float[][] probability = runOnnx(onnx, test);
            int transformRight = 0;
            int onnxRight = 0;
            int agree = 0;
            double maxDifference = 0;
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                int label = (int) row.getDouble(0);
                double[] expected = row.<Vector>getAs(1).toArray();
                int transformClass = (int) row.getDouble(2);
                int onnxClass = argmax(probability[i]);
                for (int j = 0; j < expected.length; j++) {
                    maxDifference = Math.max(maxDifference, Math.abs(expected[j] - probability[i][j]));
                }
                transformRight += transformClass == label ? 1 : 0;
                onnxRight += onnxClass == label ? 1 : 0;
                agree += onnxClass == transformClass ? 1 : 0;
            }
            out.println("ONNX Runtime and transform agree on " + agree + " of " + rows.size() + " test images");
            new ResultLine()
                    .add("transform_accuracy", transformRight / (double) rows.size(), 4)
                    .add("onnx_accuracy", onnxRight / (double) rows.size(), 4)
                    .add("agreement", agree / (double) rows.size(), 4)
                    .add("max_abs_difference", String.format(Locale.ROOT, "%.2e", maxDifference))
                    .add("test_rows", rows.size())
                    .add("data", data.isBundled() ? "bundled" : "full")
                    .add("onnx", onnx.toString())
                    .print(out);
        } catch (IllegalArgumentException e) {
            throw new ExampleException("The model could not be loaded or exported: " + e.getMessage(), e);
        } finally {
            spark.stop();
        }
        return 0;
    }

    /** The {@code probability} output of the ONNX model at {@code file} for every image, in one run. */
    static float[][] runOnnx(Path file, LabeledImages images) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(images.pixels()),
                        new long[] {images.count(), images.pixelsPerImage()});
                OrtSession.Result result = session.run(Map.of("features", input))) {
            return (float[][]) result.get("probability").orElseThrow().getValue();
        }
    }

    private static int argmax(float[] x) {
        int best = 0;
        for (int j = 1; j < x.length; j++) {
            if (x[j] > x[best]) {
                best = j;
            }
        }
        return best;
    }
}
