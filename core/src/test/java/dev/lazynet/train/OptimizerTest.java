package dev.lazynet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OptimizerTest {

    @Test
    void sgdWithMomentumMatchesHandComputedSteps() {
        Sgd sgd = new Sgd(0.1, 0.9, 0);
        float[] w = {1, -2};
        float[] g = {0.5f, -1};
        sgd.step(w, g, null);
        // v = g; w -= 0.1 v
        assertArrayEquals(new float[] {0.95f, -1.9f}, w, 1e-6f);
        sgd.step(w, g, null);
        // v = 0.9 g + g = 1.9 g; w -= 0.1 v
        assertArrayEquals(new float[] {0.855f, -1.71f}, w, 1e-6f);
        assertEquals(2, sgd.steps());
    }

    @Test
    void sgdWithoutMomentumIsPlainGradientDescent() {
        Sgd sgd = new Sgd(0.5, 0, 0);
        float[] w = {1};
        sgd.step(w, new float[] {1}, null);
        sgd.step(w, new float[] {1}, null);
        assertEquals(0f, w[0], 1e-7f);
    }

    @Test
    void sgdWeightDecayAddsTheL2TermToTheGradient() {
        Sgd sgd = new Sgd(0.1, 0.9, 0.01);
        float[] w = {1, 2};
        sgd.step(w, new float[] {0.5f, 0}, null);
        // g + 0.01 w = (0.51, 0.02)
        assertArrayEquals(new float[] {0.949f, 1.998f}, w, 1e-6f);
    }

    @Test
    void adamMatchesHandComputedFirstTwoSteps() {
        Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, 0);
        float[] w = {1, -2, 3};
        adam.step(w, new float[] {0.5f, -1, 0}, null);
        // Bias-corrected, the first step is stepSize · g / |g|; a zero gradient moves nothing.
        assertArrayEquals(new float[] {0.9f, -1.9f, 3f}, w, 1e-6f);
        adam.step(w, new float[] {-0.5f, -1, 0}, null);
        // w0: m = 0.9·0.05 - 0.05 = -0.005, v = 0.999·0.00025 + 0.001·0.25 = 0.00049975;
        // m̂ = -0.005 / 0.19, v̂ = 0.00049975 / 0.001999 = 0.25; step = 0.1 · m̂ / 0.5 = -0.0052632.
        assertEquals(0.9052632f, w[0], 1e-6f);
        assertEquals(-1.8f, w[1], 1e-6f);
        assertEquals(3f, w[2]);
        assertEquals(2, adam.steps());
    }

    @Test
    void adamWeightDecayMovesAWeightWhoseGradientIsZero() {
        Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, 0.1);
        float[] w = {1};
        adam.step(w, new float[] {0}, null);
        assertEquals(0.9f, w[0], 1e-6f);
    }

    @Test
    void bothOptimizersLeaveUntrainableEntriesAlone() {
        boolean[] mask = {true, false, true};
        for (Optimizer opt : new Optimizer[] {new Sgd(0.1, 0.9, 0.1), new Adam(0.1, 0.9, 0.999, 1e-8, 0.1)}) {
            float[] w = {1, 1, 1};
            opt.step(w, new float[] {1, 1, 1}, mask);
            opt.step(w, new float[] {1, 1, 1}, mask);
            assertEquals(1f, w[1], opt.getClass().getSimpleName());
            assertTrue(w[0] < 1f && w[2] < 1f, opt.getClass().getSimpleName());
        }
    }

    @Test
    void createBuildsOptimizersByNameIgnoringCaseAndSpaces() {
        assertInstanceOf(Adam.class, Optimizer.create("adam", 0.001, 0));
        assertInstanceOf(Sgd.class, Optimizer.create(" SGD ", 0.1, 1e-4));
    }

    @Test
    void createNamesAnUnknownOptimizerAndTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.create("rmsprop", 0.1, 0));
        assertTrue(e.getMessage().contains("\"rmsprop\"") && e.getMessage().contains("adam, sgd"), e.getMessage());
    }

    @Test
    void createRejectsABadStepSizeOrWeightDecayWithTheValue() {
        IllegalArgumentException step = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.create("sgd", 0, 0));
        assertTrue(step.getMessage().contains("0.0"), step.getMessage());
        IllegalArgumentException decay = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.create("adam", 0.1, -1));
        assertTrue(decay.getMessage().contains("-1.0"), decay.getMessage());
    }

    @Test
    void constructorsRejectOutOfRangeHyperparametersWithTheValue() {
        IllegalArgumentException beta = assertThrows(IllegalArgumentException.class,
                () -> new Adam(0.1, 1.0, 0.999, 1e-8, 0));
        assertTrue(beta.getMessage().contains("1.0"), beta.getMessage());
        IllegalArgumentException momentum = assertThrows(IllegalArgumentException.class,
                () -> new Sgd(0.1, 1.5, 0));
        assertTrue(momentum.getMessage().contains("1.5"), momentum.getMessage());
        IllegalArgumentException lr = assertThrows(IllegalArgumentException.class,
                () -> new Sgd(-0.1, 0, 0));
        assertTrue(lr.getMessage().contains("-0.1"), lr.getMessage());
    }
}
