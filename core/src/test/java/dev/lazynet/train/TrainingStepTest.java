package dev.lazynet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
}
