package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import dev.lazynet.spark.internal.engine.Checkpoints;
import dev.lazynet.spark.internal.io.Checkpoint;
import dev.lazynet.spark.internal.io.CheckpointFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest extends SparkTestBase {

    private static final List<Row> BLOBS = TestData.blobs(120, 4, 3, 5);

    @TempDir
    Path dir;

    private static Dataset<Row> data() {
        return TestData.frame(spark, BLOBS, 3);
    }

    /** With dropout, so that resuming must also restore where each epoch's random draws start. */
    private LazyNetClassifier classifier(int epochs) {
        return new LazyNetClassifier().setLayers("dense(8,relu) dropout(0.3) dense(3)").setMaxIter(epochs)
                .setBatchSize(32).setStepSize(0.01).setSeed(17);
    }

    private LazyNetClassifier checkpointed(int epochs) {
        return classifier(epochs).setCheckpointDir(dir.toString());
    }

    /** The checkpoint files in the directory, without the local file system's checksum files. */
    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList();
        }
    }

    private String fitError(LazyNetClassifier classifier) {
        return assertThrows(IllegalArgumentException.class, () -> classifier.fit(data())).getMessage();
    }

    @Test
    void aFitResumedFromACheckpointEndsWithTheWeightsOfAnUninterruptedFit() {
        LazyNetClassificationModel uninterrupted = classifier(4).fit(data());
        checkpointed(2).fit(data());
        LazyNetClassificationModel resumed = checkpointed(4).fit(data());

        assertEquals(2, resumed.summary().resumedFromEpoch());
        assertArrayEquals(uninterrupted.weights(), resumed.weights());
        assertEquals(uninterrupted.summary().lossHistory(), resumed.summary().lossHistory());
        assertEquals(0, uninterrupted.summary().resumedFromEpoch());
    }

    @Test
    void sgdMomentumIsResumedToo() {
        LazyNetClassifier sgd = classifier(3).setOptimizer("sgd");
        float[] uninterrupted = sgd.fit(data()).weights();
        sgd.copy(org.apache.spark.ml.param.ParamMap.empty()).setCheckpointDir(dir.toString()).setMaxIter(1)
                .fit(data());

        assertArrayEquals(uninterrupted, sgd.setCheckpointDir(dir.toString()).fit(data()).weights());
    }

    @Test
    void onlyTheLatestCheckpointIsKeptAndLeftoverTemporaryFilesAreIgnored() throws IOException {
        Files.write(dir.resolve("epoch-000009.ckpt.tmp"), new byte[] {1, 2, 3});
        LazyNetClassificationModel model = checkpointed(5).setCheckpointInterval(2).fit(data());

        assertEquals(0, model.summary().resumedFromEpoch());
        assertEquals(List.of("epoch-000005.ckpt"), files());
    }

    @Test
    void aFinishedFitIsReturnedFromItsCheckpointWithoutTraining() {
        float[] first = checkpointed(2).fit(data()).weights();
        LazyNetClassificationModel again = checkpointed(2).fit(data());

        assertEquals(2, again.summary().resumedFromEpoch());
        assertEquals(2, again.summary().totalEpochs());
        assertArrayEquals(first, again.weights());
    }

    @Test
    void noCheckpointIsWrittenWithAnIntervalOfMinusOne() throws IOException {
        checkpointed(2).setCheckpointInterval(-1).fit(data());

        assertEquals(List.of(), files());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> classifier(1).setCheckpointInterval(0))
                .getMessage().contains("Invalid value 0 for checkpointInterval: write a checkpoint every this many epochs"));
    }

    @Test
    void aCheckpointOfAnotherConfigurationIsRefusedNamingEveryDifference() {
        checkpointed(1).fit(data());

        String message = fitError(checkpointed(2).setStepSize(0.02).setBatchSize(16));
        assertTrue(message.contains("was written by a fit with another configuration: batchSize is \"32\" there but"
                + " \"16\" here; stepSize is \"0.01\" there but \"0.02\" here."), message);
        assertTrue(message.contains("Use another checkpointDir for this fit, or delete " + dir), message);
        String layers = fitError(checkpointed(2).setLayers("dense(9,relu) dense(3)"));
        assertTrue(layers.contains("layers is \"dense(8,relu) dropout(0.3) dense(3)\" there but \"dense(9,relu)"
                + " dense(3)\" here; parameters is \"67\" there but \"75\" here"), layers);
    }

    @Test
    void aCheckpointPastMaxIterIsRefused() {
        checkpointed(3).fit(data());

        String message = fitError(checkpointed(2));
        assertTrue(message.contains("is at epoch 3, past maxIter 2; raise maxIter to at least 3"), message);
    }

    @Test
    void aDamagedCheckpointIsRefusedWithItsPath() throws IOException {
        checkpointed(1).fit(data());
        Path file = dir.resolve("epoch-000001.ckpt");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() - 12);
            f.write(0x42);
        }
        Files.deleteIfExists(dir.resolve(".epoch-000001.ckpt.crc"));

        String message = fitError(checkpointed(2));
        assertTrue(message.contains("Checkpoint " + file.toUri().toString().replace("file:///", "file:/"))
                && message.contains("its checksum is"), message);
    }

    @Test
    void aCheckpointOfOtherDataWithTheSameRowCountsIsRefusedNamingBothFingerprintsAndHowToStartFresh() {
        checkpointed(1).fit(data());
        Dataset<Row> other = TestData.frame(spark, TestData.blobs(120, 4, 3, 6), 3);

        String message = assertThrows(IllegalArgumentException.class, () -> checkpointed(2).fit(other))
                .getMessage();
        assertTrue(message.startsWith(dir + " holds a checkpoint of other data: "), message);
        assertTrue(message.matches(".*was written by a fit on 120 training and 0 validation rows of fingerprint"
                + " ([0-9a-f]{16}), but this fit's data has 120 training and 0 validation rows of fingerprint"
                + " (?!\\1)[0-9a-f]{16}\\. To start this fit fresh, delete " + dir + " or set another"
                + " checkpointDir"), message);
    }

    @Test
    void theSameRowsInAnotherPartitioningHaveTheSameFingerprintAndResume() {
        checkpointed(1).fit(data());

        assertEquals(1, checkpointed(2).fit(TestData.frame(spark, BLOBS, 2)).summary().resumedFromEpoch());
    }

    @Test
    void aCheckpointOfOtherRowCountsIsRefusedAsOtherData() {
        checkpointed(1).fit(data());

        String message = fitError(checkpointed(2).setValidationFraction(0.25));
        assertTrue(message.contains("holds a checkpoint of other data") && message.contains("on 120 training and 0"
                + " validation rows"), message);
    }

    @Test
    void aCheckpointWrittenBeforeFingerprintsIsResumedWhenItsRowCountsMatchAndTheNextOneRecordsIt() {
        float[] uninterrupted = classifier(2).fit(data()).weights();
        checkpointed(1).fit(data());
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("epoch-000001.ckpt").toString());
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Checkpoint saved = CheckpointFile.read(conf, file, uninterrupted.length);
        Map<String, String> withoutFingerprint = new LinkedHashMap<>(saved.configuration());
        withoutFingerprint.remove(Checkpoints.DATA_FINGERPRINT);
        CheckpointFile.write(conf, file, new Checkpoint(withoutFingerprint, saved.epoch(), saved.seed(),
                saved.weights(), saved.optimizer(), saved.history()));

        LazyNetClassificationModel resumed = checkpointed(2).fit(data());
        assertEquals(1, resumed.summary().resumedFromEpoch());
        assertArrayEquals(uninterrupted, resumed.weights());
        org.apache.hadoop.fs.Path next = new org.apache.hadoop.fs.Path(dir.resolve("epoch-000002.ckpt").toString());
        assertTrue(CheckpointFile.configuration(conf, next).containsKey(Checkpoints.DATA_FINGERPRINT),
                "the checkpoints the resumed fit writes record the fingerprint");
    }
}
