package dev.lazynet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LossTest {

    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();
    private final MeanSquaredError mse = new MeanSquaredError();

    @Test
    void crossEntropyMatchesAHandComputedExample() {
        // Row 0: logits (1, 2, 3), label 2: loss = log(1 + e^-1 + e^-2), softmax = (0.0900, 0.2447, 0.6652).
        // Row 1: logits (0, 0, 0), label 0: loss = log 3, softmax = (1/3, 1/3, 1/3).
        Tensor logits = Tensor.of(new float[] {1, 2, 3, 0, 0, 0}, 2, 3);
        float[] targets = {9, 2, 0};
        Tensor grad = Tensor.zeros(2, 3);
        double sum = crossEntropy.sumAndGradient(logits, targets, 1, grad);
        assertEquals(0.4076059644 + 1.0986122887, sum, 1e-6);
        assertArrayEquals(new float[] {0.0900306f, 0.2447285f, -0.3347590f, -0.6666667f, 0.3333333f, 0.3333333f},
                grad.data(), 1e-6f);
        assertEquals(sum, crossEntropy.sum(logits, targets, 1), 1e-9);
    }

    @Test
    void crossEntropyOfHugeLogitsIsFinite() {
        Tensor logits = Tensor.of(new float[] {1000, -1000, 1000, -1000}, 2, 2);
        Tensor grad = Tensor.zeros(2, 2);
        double sum = crossEntropy.sumAndGradient(logits, new float[] {1, 0}, 0, grad);
        assertEquals(2000.0, sum, 1e-3);
        assertArrayEquals(new float[] {1, -1, 0, 0}, grad.data(), 1e-6f);
        assertEquals(2000.0, crossEntropy.sum(logits, new float[] {1, 0}, 0), 1e-3);
    }

    @Test
    void crossEntropyGradientMatchesCentralDifferences() {
        Tensor logits = Tensor.rand(3, 4, 5);
        float[] targets = {0, 4, 2, 2};
        Tensor grad = Tensor.zeros(4, 5);
        crossEntropy.sumAndGradient(logits, targets, 0, grad);
        assertMatchesCentralDifferences(crossEntropy, logits, targets, grad);
    }

    @Test
    void aLabelOutsideTheClassesNamesRowValueAndRange() {
        Tensor logits = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> crossEntropy.sum(logits, new float[] {0, 3}, 0));
        assertTrue(e.getMessage().contains("Row 1") && e.getMessage().contains("label 3.0")
                && e.getMessage().contains("[0, 3)"), e.getMessage());
        IllegalArgumentException frac = assertThrows(IllegalArgumentException.class,
                () -> crossEntropy.sumAndGradient(logits, new float[] {1.5f, 0}, 0, Tensor.zeros(2, 3)));
        assertTrue(frac.getMessage().contains("label 1.5"), frac.getMessage());
    }

    @Test
    void crossEntropyTakesOneTargetPerRow() {
        assertEquals(1, crossEntropy.targetWidth(10));
    }

    @Test
    void squaredErrorMatchesAHandComputedExample() {
        Tensor out = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        float[] targets = {0, 2, 5, 1};
        Tensor grad = Tensor.zeros(2, 2);
        assertEquals(1 + 0 + 4 + 9, mse.sumAndGradient(out, targets, 0, grad), 1e-9);
        assertArrayEquals(new float[] {2, 0, -4, 6}, grad.data());
        assertEquals(14, mse.sum(out, targets, 0), 1e-9);
        assertEquals(2, mse.targetWidth(2));
    }

    @Test
    void squaredErrorGradientMatchesCentralDifferences() {
        Tensor out = Tensor.rand(4, 3, 2);
        float[] targets = Tensor.rand(5, 6).data();
        Tensor grad = Tensor.zeros(3, 2);
        mse.sumAndGradient(out, targets, 0, grad);
        assertMatchesCentralDifferences(mse, out, targets, grad);
    }

    private static void assertMatchesCentralDifferences(Loss loss, Tensor output, float[] targets, Tensor grad) {
        float step = 1e-2f;
        float[] o = output.data();
        for (int i = 0; i < o.length; i++) {
            float saved = o[i];
            float up = saved + step;
            float down = saved - step;
            o[i] = up;
            double plus = loss.sum(output, targets, 0);
            o[i] = down;
            double minus = loss.sum(output, targets, 0);
            o[i] = saved;
            assertEquals((plus - minus) / ((double) up - down), grad.data()[i], 1e-3, loss + " at " + i);
        }
    }
}
