package dev.lazynet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazynet.nn.GradientCheck;
import dev.lazynet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Both losses' gradients against central differences of their sums. */
class LossGradientTest {

    private static Tensor logits(long seed, int rows, int cols, float scale) {
        Tensor t = Tensor.rand(seed, rows, cols);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (d[i] * 2 - 1) * scale;
        }
        return t;
    }

    @Test
    void softmaxCrossEntropyGradientMatchesCentralDifferences() {
        GradientCheck.Report r = GradientCheck.assertLossGradient(new SoftmaxCrossEntropy(), logits(1, 4, 5, 3f),
                new float[] {0, 4, 2, 2});
        assertEquals(20, r.checked());
    }

    @Test
    void softmaxCrossEntropyGradientMatchesCentralDifferencesForLargeLogits() {
        GradientCheck.assertLossGradient(new SoftmaxCrossEntropy(), logits(2, 3, 4, 40f), new float[] {1, 3, 0});
    }

    @Test
    void meanSquaredErrorGradientMatchesCentralDifferences() {
        Tensor output = logits(3, 4, 3, 2f);
        float[] targets = logits(4, 4, 3, 2f).data();
        GradientCheck.Report r = GradientCheck.assertLossGradient(new MeanSquaredError(), output, targets);
        assertEquals(12, r.checked());
    }
}
