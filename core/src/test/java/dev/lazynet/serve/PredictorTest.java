package dev.lazynet.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.io.ModelDescription;
import dev.lazynet.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictorTest {

    /** {@code y = x · Wᵀ + b} with W 3×2, row by row. */
    private static final float[] W = {1, 2, -1, 0.5f, 0, 3};
    private static final float[] B = {0.1f, -0.2f, 0.3f};

    @TempDir
    Path dir;

    private Predictor classifier() throws IOException {
        return Predictor.load(SavedModels.dense(dir.resolve("classifier"), Predictor.CLASSIFIER, 2, W, B));
    }

    private static float[] closedForm(float[] x) {
        float[] y = new float[3];
        for (int j = 0; j < 3; j++) {
            y[j] = x[0] * W[2 * j] + x[1] * W[2 * j + 1] + B[j];
        }
        return y;
    }

    private static String error(Class<? extends RuntimeException> type, Runnable call) {
        return assertThrows(type, call::run).getMessage();
    }

    @Test
    void aClassifierGivesTheLogitsTheirSoftmaxAndTheLargestIndex() throws IOException {
        Predictor predictor = classifier();
        float[] x = {0.5f, -2};
        float[] logits = closedForm(x);

        assertArrayEquals(logits, predictor.predictRaw(x), 1e-6f);
        double sum = Math.exp(logits[0]) + Math.exp(logits[1]) + Math.exp(logits[2]);
        float[] probability = predictor.predictProbability(x);
        for (int j = 0; j < 3; j++) {
            assertEquals(Math.exp(logits[j]) / sum, probability[j], 1e-6);
        }
        assertEquals(1.0, predictor.predict(x));
        assertTrue(predictor.isClassifier());
        assertEquals(2, predictor.numFeatures());
        assertEquals(3, predictor.outputWidth());
    }

    @Test
    void aRegressorPredictsItsOneOutputAndHasNoProbabilities() throws IOException {
        Predictor predictor = Predictor.load(SavedModels.dense(dir.resolve("regressor"), Predictor.REGRESSOR, 2,
                new float[] {2, -1}, new float[] {0.5f}));

        assertEquals(2 * 3 - 4 + 0.5, predictor.predict(new float[] {3, 4}), 1e-6);
        assertArrayEquals(new float[] {5f}, predictor.predictRaw(new float[] {2, -0.5f}), 1e-6f);
        String message = error(IllegalStateException.class, () -> predictor.predictProbability(new float[] {1, 1}));
        assertTrue(message.contains("is a regressor, which has no class probabilities"), message);
    }

    @Test
    void aBatchLargerThanOneForwardPassGivesWhatEachRowGivesAlone() throws IOException {
        Predictor predictor = classifier();
        Random random = new Random(7);
        float[][] rows = new float[600][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new float[] {(float) random.nextGaussian(), (float) random.nextGaussian()};
        }

        float[][] raw = predictor.predictRaw(rows);
        float[][] probability = predictor.predictProbability(rows);
        double[] predictions = predictor.predict(rows);
        for (int r = 0; r < rows.length; r++) {
            assertArrayEquals(predictor.predictRaw(rows[r]), raw[r], 0f);
            assertArrayEquals(predictor.predictProbability(rows[r]), probability[r], 0f);
            assertEquals(predictor.predict(rows[r]), predictions[r]);
        }
    }

    @Test
    void manyThreadsOnOnePredictorGetWhatOneThreadGets() throws Exception {
        Predictor predictor = Predictor.load(SavedModels.save(dir.resolve("mlp"), new ModelDescription(
                Predictor.CLASSIFIER, true, "dense(32,relu) dense(16,tanh) dense(5)", Shape.of(12)),
                randomWeights(12 * 32 + 32 + 32 * 16 + 16 + 16 * 5 + 5)));
        Random random = new Random(11);
        float[][] rows = new float[200][12];
        for (float[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        float[][] expected = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            expected[r] = predictor.predictRaw(rows[r]);
        }

        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<float[][]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean batch = t % 2 == 0;
                results.add(pool.submit(() -> {
                    start.await();
                    if (batch) {
                        return predictor.predictRaw(rows);
                    }
                    float[][] out = new float[rows.length][];
                    for (int r = 0; r < rows.length; r++) {
                        out[r] = predictor.predictRaw(rows[r]);
                    }
                    return out;
                }));
            }
            start.countDown();
            for (Future<float[][]> result : results) {
                float[][] out = result.get();
                for (int r = 0; r < rows.length; r++) {
                    assertArrayEquals(expected[r], out[r], 1e-5f);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static float[] randomWeights(int n) {
        Random random = new Random(3);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (random.nextGaussian() * 0.3);
        }
        return w;
    }

    @Test
    void aRowOfAnotherSizeIsRefusedWithTheExpectedSizeAndWhereItCameFrom() throws IOException {
        Predictor predictor = classifier();

        String message = error(IllegalArgumentException.class, () -> predictor.predict(new float[] {1, 2, 3}));
        assertTrue(message.contains("The features have size 3, but the network was built for 2 (input shape (2,)"
                + " of the model at " + dir.resolve("classifier") + ")"), message);
        message = error(IllegalArgumentException.class,
                () -> predictor.predictRaw(new float[][] {{1, 2}, {1}}));
        assertTrue(message.contains("Row 1 of the batch has size 1, but the network was built for 2"), message);
    }

    @Test
    void aNanOrInfiniteFeatureIsRefusedNamingItsIndex() throws IOException {
        Predictor predictor = classifier();

        String message = error(IllegalArgumentException.class, () -> predictor.predict(new float[] {1, Float.NaN}));
        assertTrue(message.contains("The features have NaN at index 1, but features must be finite numbers;"
                + " impute or drop such rows"), message);
        message = error(IllegalArgumentException.class, () -> predictor.predict(
                new float[][] {{1, 2}, {3, 4}, {Float.NEGATIVE_INFINITY, 0}}));
        assertTrue(message.contains("Row 2 of the batch has -Infinity at index 0, but features must be finite"),
                message);
    }

    @Test
    void aMissingFolderOrAnotherKindOfModelIsNamed() throws IOException {
        Path missing = dir.resolve("nothing-here");
        String message = error(IllegalArgumentException.class, () -> Predictor.load(missing));
        assertTrue(message.contains("There is no saved model at " + missing + "; check the path"), message);

        Path foreign = dir.resolve("logistic");
        Files.createDirectories(foreign.resolve("metadata"));
        Files.writeString(foreign.resolve("metadata/part-00000"), "{\"class\":\"org.apache.spark.ml.classification"
                + ".LogisticRegressionModel\",\"uid\":\"logreg_1\",\"paramMap\":{}}\n");
        message = error(IllegalArgumentException.class, () -> Predictor.load(foreign));
        assertTrue(message.contains("is a org.apache.spark.ml.classification.LogisticRegressionModel, not a"
                + " dev.lazynet.spark.LazyNetClassificationModel or"), message);
    }

    @Test
    void damagedWeightsAreRefusedNamingTheFile() throws IOException {
        Path saved = SavedModels.dense(dir.resolve("damaged"), Predictor.CLASSIFIER, 2, W, B);
        Path weights = saved.resolve(ModelDescription.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        bytes[14] ^= 0x10;
        Files.write(weights, bytes);

        String message = error(IllegalArgumentException.class, () -> Predictor.load(saved));
        assertTrue(message.contains("Weights file " + weights + " is damaged") && message.contains("checksum"),
                message);
    }
}
