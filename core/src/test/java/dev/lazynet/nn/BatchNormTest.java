package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import dev.lazynet.train.LocalTrainer;
import dev.lazynet.train.MeanSquaredError;
import dev.lazynet.train.Sgd;
import org.junit.jupiter.api.Test;

/** BatchNorm: lazy channel count, batch statistics in training, running statistics in inference. */
class BatchNormTest {

    private static BatchNorm initialized() {
        BatchNorm bn = new BatchNorm();
        bn.initialize(Initializers.normal(1));
        return bn;
    }

    @Test
    void allFourParametersAreShapedFromTheChannelCount() {
        BatchNorm bn = initialized();
        assertEquals(Shape.of(Shape.UNKNOWN), bn.gamma().shape());
        bn.inferShape(Shape.of(Shape.UNKNOWN, 6, 12, 12));
        for (Parameter p : bn.parameters().values()) {
            assertEquals(Shape.of(6), p.shape(), p.name());
        }
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, bn.gamma().data().data());
        assertArrayEquals(new float[6], bn.beta().data().data());
        assertArrayEquals(new float[6], bn.runningMean().data().data());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, bn.runningVar().data().data());
        assertFalse(bn.runningMean().isTrainable());
        assertTrue(bn.gamma().isTrainable());
    }

    @Test
    void trainingNormalizesFeaturesWithTheBatchStatistics() {
        BatchNorm bn = initialized();
        Tensor y = bn.forward(Tensor.of(new float[] {1, 10, 3, 20, 5, 30}, 3, 2));
        double s = Math.sqrt(8 / 3.0 + BatchNorm.EPSILON);
        double t = Math.sqrt(200 / 3.0 + BatchNorm.EPSILON);
        assertArrayEquals(new float[] {(float) (-2 / s), (float) (-10 / t), 0, 0, (float) (2 / s), (float) (10 / t)},
                y.data(), 1e-5f);
    }

    @Test
    void imagesAreNormalizedPerChannelOverTheBatchAndPixels() {
        BatchNorm bn = initialized();
        Tensor x = Tensor.rand(4, 5, 3, 4, 4);
        float[] y = bn.forward(x).data();
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double sq = 0;
            for (int n = 0; n < 5; n++) {
                for (int j = 0; j < 16; j++) {
                    double v = y[(n * 3 + c) * 16 + j];
                    sum += v;
                    sq += v * v;
                }
            }
            assertEquals(0, sum / 80, 1e-5, "mean of channel " + c);
            assertEquals(1, sq / 80, 1e-3, "variance of channel " + c);
        }
    }

    @Test
    void runningStatisticsMoveTowardTheBatchStatisticsWithMomentum() {
        BatchNorm bn = initialized();
        Tensor x = Tensor.of(new float[] {1, 10, 3, 20, 5, 30}, 3, 2);
        bn.forward(x);
        assertArrayEquals(new float[] {0.3f, 2f}, bn.runningMean().data().data(), 1e-6f);
        assertArrayEquals(new float[] {(float) (0.9 + 0.1 * 8 / 3.0), (float) (0.9 + 0.1 * 200 / 3.0)},
                bn.runningVar().data().data(), 1e-5f);
        for (int i = 0; i < 200; i++) {
            bn.forward(x);
        }
        assertArrayEquals(new float[] {3f, 20f}, bn.runningMean().data().data(), 1e-4f);
        assertArrayEquals(new float[] {8 / 3f, 200 / 3f}, bn.runningVar().data().data(), 1e-3f);
    }

    @Test
    void inferenceUsesTheRunningStatisticsAndLeavesThemAlone() {
        BatchNorm bn = initialized();
        bn.inferShape(Shape.of(Shape.UNKNOWN, 2));
        bn.runningMean().setData(Tensor.of(new float[] {1, -2}, 2));
        bn.runningVar().setData(Tensor.of(new float[] {4, 0.25f}, 2));
        bn.gamma().setData(Tensor.of(new float[] {2, 1}, 2));
        bn.beta().setData(Tensor.of(new float[] {0, 10}, 2));
        bn.setTraining(false);
        Tensor y = bn.forward(Tensor.of(new float[] {3, -1}, 1, 2));
        assertArrayEquals(new float[] {2f, 12f}, y.data(), 1e-4f);
        assertArrayEquals(new float[] {1, -2}, bn.runningMean().data().data());
    }

    @Test
    void localTrainingKeepsTheRunningStatisticsTheLayerComputed() {
        Sequential net = new Sequential().add(new BatchNorm(), new Dense(1));
        net.initialize(Initializers.xavier(), false, 5);
        Tensor x = Tensor.rand(6, 32, 2);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = x.data()[i] * 4 + 10;
        }
        new LocalTrainer(new MeanSquaredError(), new Sgd(0.01, 0, 0), 30, 8, 1).fit(net, x, new float[32]);
        float[] mean = ((BatchNorm) net.get(0)).runningMean().data().data();
        assertEquals(12, mean[0], 0.5);
        assertEquals(12, mean[1], 0.5);
    }

    @Test
    void anotherChannelCountIsAShapeMismatch() {
        BatchNorm bn = initialized();
        bn.forward(Tensor.rand(1, 4, 3));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> bn.forward(Tensor.rand(2, 4, 5)));
        assertTrue(e.getMessage().contains("3 channels") && e.getMessage().contains("(4, 5)"), e.getMessage());
    }

    @Test
    void inputOfRankThreeIsRefused() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> new BatchNorm().inferShape(Shape.of(2, 3, 4)));
        assertTrue(e.getMessage().contains("NCHW") && e.getMessage().contains("(2, 3, 4)"), e.getMessage());
    }
}
