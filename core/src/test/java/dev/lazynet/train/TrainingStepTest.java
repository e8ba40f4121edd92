package dev.lazynet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The update half of a step, on hand-made sums: no network needed. */
class TrainingStepTest {

    @Test
    void updateStepsWithTheMeanGradientAndSetsStatisticsToTheirRowWeightedMean() {
        boolean[] trainable = {true, true, false};
        TrainingStep step = new TrainingStep(Optimizer.create("sgd", 0.5, 0), trainable);
        float[] weights = {1f, 2f, 9f};
        // Two shares of 1 and 3 rows: gradient sums 4 and -8, statistics 10 and 2 weighted by their rows.
        float[] sums = {4f, -8f, 10f * 1 + 2f * 3};

        float[] grad = step.apply(weights, sums, 4);

        assertArrayEquals(new float[] {1f, -2f, 0f}, grad);
        assertArrayEquals(new float[] {1f - 0.5f * 1f, 2f + 0.5f * 2f, 4f}, weights);
    }

    @Test
    void aGradientLongerThanTheClipNormIsScaledDownToItBeforeTheStep() {
        TrainingStep step = new TrainingStep(Optimizer.create("sgd", 0.5, 0), new boolean[] {true, true}, 1.0);
        float[] weights = {1f, 2f};

        float[] grad = step.apply(weights, new float[] {6f, 8f}, 2);

        assertArrayEquals(new float[] {0.6f, 0.8f}, grad, 1e-7f);
        assertArrayEquals(new float[] {1f - 0.5f * grad[0], 2f - 0.5f * grad[1]}, weights);
    }

    @Test
    void aGradientWithinTheClipNormIsLeftExactlyAsItIs() {
        TrainingStep step = new TrainingStep(Optimizer.create("sgd", 0.5, 0), new boolean[] {true, true}, 5.0);

        float[] grad = step.apply(new float[] {1f, 2f}, new float[] {6f, 8f}, 2);

        assertArrayEquals(new float[] {3f, 4f}, grad);
    }

    @Test
    void aNonFiniteGradientIsNotClippedSoThatTheDivergenceCheckSeesIt() {
        float[] grad = {Float.POSITIVE_INFINITY, 1f};

        TrainingStep.clip(grad, 1.0);

        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, 1f}, grad);
    }

    @Test
    void aNegativeOrInfiniteClipNormIsRefusedWithItsValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingStep(Optimizer.create("sgd", 0.5, 0), new boolean[] {true}, -1));

        assertTrue(e.getMessage().contains("but was -1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new TrainingStep(Optimizer.create("sgd", 0.5, 0), new boolean[] {true}, Double.NaN));
    }
}
