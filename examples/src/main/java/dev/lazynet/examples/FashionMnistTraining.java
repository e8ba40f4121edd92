package dev.lazynet.examples;

import static org.apache.spark.sql.functions.lit;

import dev.lazynet.examples.cli.CommonOptions;
import dev.lazynet.examples.cli.ExampleException;
import dev.lazynet.examples.cli.MetricsWriter;
import dev.lazynet.examples.cli.OutputOptions;
import dev.lazynet.examples.cli.ResultLine;
import dev.lazynet.examples.cli.TrainingOptions;
import dev.lazynet.examples.data.FashionMnist;
import dev.lazynet.examples.data.ImageFrames;
import dev.lazynet.examples.data.LabeledImages;
import dev.lazynet.spark.LazyNetClassificationModel;
import dev.lazynet.spark.LazyNetClassifier;
import dev.lazynet.spark.LazyNetTrainingSummary;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The run shared by the Fashion-MNIST jobs: load the images, standardize the pixels with the training
 * images' mean and standard deviation, train a {@link LazyNetClassifier} (Adam, learning rate 0.001,
 * batch 256, seed 1), measure test accuracy after every epoch, write the metrics and print the result
 * line.
 *
 * <p>The test images go into the fit as validation rows (marked by {@value #TEST_COLUMN}), so the
 * estimator reports their loss and accuracy after each epoch without training on them; the final
 * accuracy is then measured again the usual Spark ML way, on the model's {@code transform} output.
 */
final class FashionMnistTraining {

    /** The boolean column marking test rows in the frame given to {@code fit}. */
    static final String TEST_COLUMN = "is_test";
    static final int BATCH_SIZE = 256;
    static final double STEP_SIZE = 1e-3;
    static final long SEED = 1L;

    private FashionMnistTraining() {
    }

    /**
     * Trains and reports.
     *
     * @param inputShape the shape of one image for the network, e.g. {@code "1,28,28"}, or {@code null}
     *     for flat vectors of 784 pixels
     * @param out where the report and the final result line go
     * @throws ExampleException for missing or damaged data, a master Spark cannot use, or a network that
     *     does not fit the images
     */
    static void run(CommonOptions common, OutputOptions output, TrainingOptions training, FashionMnistOptions fashion,
            String inputShape, PrintStream out) {
        output.requireFolder();
        FashionMnist data = FashionMnist.load(common.data(), System.err);
        LabeledImages rawTrain = fashion.limit(data.train());
        double mean = rawTrain.pixelMean();
        double std = rawTrain.pixelStd(mean);
        LabeledImages train = rawTrain.standardized(mean, std);
        LabeledImages test = fashion.limit(data.test()).standardized(mean, std);
        out.println("Data: " + data.source() + "; " + train.count() + " training and " + test.count()
                + " test images, pixels standardized with the training images' mean "
                + String.format(Locale.ROOT, "%.4f and standard deviation %.4f", mean, std));
        SparkSession spark = common.sparkSession();
        try {
            int partitions = spark.sparkContext().defaultParallelism();
            Dataset<Row> trainFrame = ImageFrames.toDataFrame(spark, train, partitions).withColumn(TEST_COLUMN, lit(false));
            Dataset<Row> testFrame = ImageFrames.toDataFrame(spark, test, partitions).withColumn(TEST_COLUMN, lit(true));
            LazyNetClassifier classifier = classifier(fashion, training.epochs()).setValidationIndicatorCol(TEST_COLUMN);
            if (inputShape != null) {
                classifier.setInputShape(inputShape);
            }
            out.println("Training " + fashion.layers() + " (" + fashion.initializer() + " initialization) for "
                    + training.epochs() + " epochs on "
                    + spark.sparkContext().master() + " (" + partitions + " partitions)");
            long start = System.nanoTime();
            LazyNetClassificationModel model = fit(classifier, trainFrame.union(testFrame), fashion.layers());
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                    .evaluate(model.transform(testFrame));

            LazyNetTrainingSummary summary = model.summary();
            out.print(model.network().summary());
            printEpochs(summary, out);
            // The job's name titles the chart: a spec as long as LeNet's would not fit.
            MetricsWriter.write(output.out(), output.jobName(), summary.lossHistory(),
                    summary.validationAccuracyHistory(), out);
            List<Double> loss = summary.lossHistory();
            new ResultLine()
                    .add("test_accuracy", accuracy, 4)
                    .add("epochs", summary.totalEpochs())
                    .add("train_seconds", trainSeconds, 1)
                    .add("rows", summary.trainingRows())
                    .add("test_rows", summary.validationRows())
                    .add("data", data.isBundled() ? "bundled" : "full")
                    .add("loss", loss.get(loss.size() - 1), 4)
                    .add("parameters", model.weights().length)
                    .add("partitions", partitions)
                    .print(out);
        } finally {
            spark.stop();
        }
    }

    /** The classifier the Fashion-MNIST jobs train: {@code --layers} and {@code --initializer}, Adam, seed 1. */
    static LazyNetClassifier classifier(FashionMnistOptions fashion, int epochs) {
        return new LazyNetClassifier()
                .setLayers(fashion.layers())
                .setMaxIter(epochs)
                .setBatchSize(BATCH_SIZE)
                .setOptimizer("adam")
                .setStepSize(STEP_SIZE)
                .setSeed(SEED)
                .setInitializer(fashion.initializer());
    }

    /**
     * Fits, turning the estimator's complaints about the network (an output width that is not 10, a
     * layer that needs images where there are flat vectors) into a message that points at {@code --layers}.
     */
    static LazyNetClassificationModel fit(LazyNetClassifier classifier, Dataset<Row> frame, String layers) {
        try {
            return classifier.fit(frame);
        } catch (IllegalArgumentException e) {
            throw new ExampleException("The network --layers \"" + layers + "\" does not fit Fashion-MNIST: "
                    + e.getMessage(), e);
        }
    }

    private static void printEpochs(LazyNetTrainingSummary summary, PrintStream out) {
        out.println("epoch  training loss  test accuracy  seconds");
        for (int i = 0; i < summary.totalEpochs(); i++) {
            out.println(String.format(Locale.ROOT, "%5d  %13.4f  %13.4f  %7.1f", i + 1, summary.lossHistory().get(i),
                    summary.validationAccuracyHistory().get(i), summary.secondsPerEpoch().get(i)));
        }
    }
}
