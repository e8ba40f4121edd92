package dev.lazynet.spark;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A training process of its own, for {@link KillAndResumeTest}: a {@code local[1]} fit with a checkpoint
 * after every epoch, whose result it writes to a file.
 *
 * <p>Arguments: the checkpoint directory, the result file, the number of epochs. The result file holds
 * the epoch the fit resumed from (int), the number of weights (int) and the weights (floats); it is
 * written under another name and moved into place, so it exists only once complete.
 */
final class CheckpointedFitProcess {

    /** The data both the process and the test's reference fit use. */
    static final List<Row> DATA = TestData.blobs(240, 6, 3, 77);
    /** Partitions of the data, the same in the process and in the reference fit. */
    static final int PARTITIONS = 3;

    private CheckpointedFitProcess() {
    }

    /** The fit the process runs, without its checkpoint directory. */
    static LazyNetClassifier classifier(int epochs) {
        return new LazyNetClassifier().setLayers("dense(16,relu) dropout(0.25) dense(3)").setMaxIter(epochs)
                .setBatchSize(60).setStepSize(0.005).setSeed(123);
    }

    public static void main(String[] args) throws IOException {
        Path result = Path.of(args[1]);
        SparkSession spark = SparkSession.builder().master("local[1]").appName("lazynet-checkpointed-fit")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            LazyNetClassificationModel model = classifier(Integer.parseInt(args[2])).setCheckpointDir(args[0])
                    .fit(TestData.frame(spark, DATA, PARTITIONS));
            float[] weights = model.weights();
            Path partial = result.resolveSibling(result.getFileName() + ".partial");
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(partial))) {
                out.writeInt(model.summary().resumedFromEpoch());
                out.writeInt(weights.length);
                for (float w : weights) {
                    out.writeFloat(w);
                }
            }
            Files.move(partial, result, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            spark.stop();
        }
    }
}
