package dev.lazynet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.Activation;
import dev.lazynet.nn.Dense;
import dev.lazynet.nn.Sequential;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchGradientTest {

    private static Sequential net() {
        Sequential net = new Sequential().add(new Dense(6, Activation.TANH), new Dense(3));
        net.initialize(Initializers.xavier(), false, 2);
        return net;
    }

    private static final float[] FEATURES = Tensor.rand(1, 10, 4).data();
    private static final float[] LABELS = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0};

    @Test
    void theGradientOfABatchIsTheSumOfTheGradientsOfItsParts() {
        BatchGradient worker = new BatchGradient(net(), new SoftmaxCrossEntropy(), Shape.of(4));
        int[] rows = BatchSchedule.permutation(10, 3, 0);
        float[] whole = new float[worker.layout().size()];
        double wholeLoss = worker.accumulate(FEATURES, LABELS, rows, 0, 10, whole);
        float[] parts = new float[worker.layout().size()];
        double partLoss = worker.accumulate(FEATURES, LABELS, rows, 0, 3, parts)
                + worker.accumulate(FEATURES, LABELS, rows, 3, 10, parts);
        assertEquals(wholeLoss, partLoss, 1e-5);
        assertArrayEquals(whole, parts, 1e-5f);
        assertTrue(Arrays.stream(toDoubles(whole)).anyMatch(v -> v != 0));
    }

    @Test
    void anEmptyRangeAddsNothing() {
        BatchGradient worker = new BatchGradient(net(), new SoftmaxCrossEntropy(), Shape.of(4));
        float[] sum = new float[worker.layout().size()];
        assertEquals(0.0, worker.accumulate(FEATURES, LABELS, new int[] {0}, 0, 0, sum));
        assertArrayEquals(new float[sum.length], sum);
    }

    @Test
    void itInfersTheNetworkFromTheSampleShapeAndReportsWidths() {
        Sequential net = net();
        BatchGradient worker = new BatchGradient(net, new MeanSquaredError(), Shape.of(2, 2));
        assertEquals(Shape.of(6, 4), ((Dense) net.get(0)).weight().shape());
        assertEquals(3, worker.outputWidth());
        assertEquals(3, worker.targetWidth());
        assertEquals(6 * 4 + 6 + 3 * 6 + 3, worker.layout().size());
    }

    @Test
    void setWeightsChangesWhatPredictComputes() {
        BatchGradient worker = new BatchGradient(net(), new SoftmaxCrossEntropy(), Shape.of(4));
        Tensor before = worker.predict(FEATURES, 2, 3).copy();
        assertEquals(Shape.of(3, 3), before.shape());
        worker.setWeights(new float[worker.layout().size()]);
        Tensor after = worker.predict(FEATURES, 2, 3);
        assertArrayEquals(new float[9], after.data());
        assertNotEquals(0f, before.get(0, 0));
    }

    @Test
    void theScheduleIsASeededPermutationPerEpoch() {
        int[] a = BatchSchedule.permutation(50, 7, 0);
        assertArrayEquals(a, BatchSchedule.permutation(50, 7, 0));
        assertFalse(Arrays.equals(a, BatchSchedule.permutation(50, 7, 1)));
        assertFalse(Arrays.equals(a, BatchSchedule.permutation(50, 8, 0)));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, sorted[i]);
        }
        assertEquals(4, BatchSchedule.batchesPerEpoch(100, 32));
        assertEquals(3, BatchSchedule.batchesPerEpoch(96, 32));
    }

    @Test
    void theTrainerNamesAMismatchedTargetCount() {
        LocalTrainer trainer = new LocalTrainer(new SoftmaxCrossEntropy(), new Sgd(0.1, 0, 0), 1, 4, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.fit(net(), Tensor.of(FEATURES, 10, 4), new float[9]));
        assertTrue(e.getMessage().contains("10 rows") && e.getMessage().contains("9 target"), e.getMessage());
    }

    @Test
    void theTrainerRejectsNonPositiveEpochsAndBatchSizesWithTheValue() {
        IllegalArgumentException epochs = assertThrows(IllegalArgumentException.class,
                () -> new LocalTrainer(new SoftmaxCrossEntropy(), new Sgd(0.1, 0, 0), 0, 4, 0));
        assertTrue(epochs.getMessage().contains("was 0"), epochs.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> new LocalTrainer(new SoftmaxCrossEntropy(), new Sgd(0.1, 0, 0), 1, -3, 0));
        assertTrue(batch.getMessage().contains("was -3"), batch.getMessage());
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
