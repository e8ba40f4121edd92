package dev.lazynet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
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

    /** Odd ranges, last first, as threads that split the driver's update might take them. */
    private static final Ranges UNEVEN = (n, body) -> {
        int[] bounds = {0, 1, 7, n / 3, n / 2 + 5, n};
        for (int b = bounds.length - 2; b >= 0; b--) {
            body.run(bounds[b], bounds[b + 1]);
        }
    };

    @Test
    void stepsSplitIntoRangesGiveBitwiseTheGradientAndWeightsOfWholeStepsStepAfterStep() {
        int n = 1000;
        boolean[] trainable = new boolean[n];
        Arrays.fill(trainable, true);
        for (int i = 300; i < 340; i++) {
            trainable[i] = false;
        }
        for (String name : new String[] {"adam", "sgd"}) {
            TrainingStep whole = new TrainingStep(Optimizer.create(name, 1e-2, 1e-3), trainable);
            TrainingStep split = new TrainingStep(Optimizer.create(name, 1e-2, 1e-3), trainable);
            float[] wholeWeights = new float[n];
            float[] splitWeights = new float[n];
            Random random = new Random(3);
            for (int step = 0; step < 5; step++) {
                float[] sums = new float[n];
                for (int i = 0; i < n; i++) {
                    sums[i] = (float) random.nextGaussian() * 100;
                }
                float[] wholeGrad = whole.apply(wholeWeights, sums, 7, 7.5).clone();
                float[] splitGrad = split.apply(splitWeights, sums, 7, 7.5, UNEVEN);
                assertArrayEquals(wholeGrad, splitGrad, name + " step " + step + ": the mean gradient");
                assertArrayEquals(wholeWeights, splitWeights, name + " step " + step + ": the weights");
            }
        }
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
