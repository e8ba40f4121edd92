package dev.lazynet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.Activation;
import dev.lazynet.nn.Dense;
import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Sequential;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Row weights in the losses, the step and the single-JVM trainer. */
class WeightedRowsTest {

    private static final int ROWS = 10;
    private static final float[] FEATURES = Tensor.rand(5, ROWS, 4).data();
    private static final float[] LABELS = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0};

    private static Sequential net() {
        Sequential net = new Sequential().add(new Dense(6, Activation.TANH), new Dense(3));
        net.initialize(Initializers.xavier(), false, 2);
        return net;
    }

    private static float[] trained(Tensor features, float[] labels, float[] weights, int batchSize, boolean exact) {
        Sequential net = net();
        LocalTrainer trainer = new LocalTrainer(new SoftmaxCrossEntropy(), Optimizer.create("sgd", 0.1, 0), 3,
                batchSize, 7);
        (exact ? trainer.exactSums() : trainer).fit(net, features, labels, weights);
        return FlatParameters.of(net).values();
    }

    private static float[] ones(int n) {
        float[] w = new float[n];
        Arrays.fill(w, 1f);
        return w;
    }

    @Test
    void theCrossEntropyOfWeightedRowsIsEachRowsLossTimesItsWeight() {
        Tensor logits = Tensor.of(new float[] {1f, 2f, 0.5f, -1f, 0f, 3f}, Shape.of(2, 3));
        float[] targets = {2, 0};
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Tensor plain = Tensor.zeros(Shape.of(2, 3));
        Tensor weighted = Tensor.zeros(Shape.of(2, 3));
        double first = loss.sum(Tensor.of(new float[] {1f, 2f, 0.5f}, Shape.of(1, 3)), targets, 0);
        double second = loss.sum(Tensor.of(new float[] {-1f, 0f, 3f}, Shape.of(1, 3)), targets, 1);
        loss.sumAndGradient(logits, targets, 0, plain);

        double sum = loss.sumAndGradient(logits, targets, 0, new float[] {9f, 3f, 0.5f}, 1, weighted);

        assertEquals(3 * first + 0.5 * second, sum, 1e-6);
        assertEquals(sum, loss.sum(logits, targets, 0, new float[] {9f, 3f, 0.5f}, 1), 1e-12);
        for (int j = 0; j < 3; j++) {
            assertEquals(3f * plain.data()[j], weighted.data()[j], 1e-6f);
            assertEquals(0.5f * plain.data()[3 + j], weighted.data()[3 + j], 1e-6f);
        }
    }

    @Test
    void theSquaredErrorOfWeightedRowsIsEachRowsErrorTimesItsWeight() {
        Tensor out = Tensor.of(new float[] {1f, 2f, 3f, 5f}, Shape.of(2, 2));
        float[] targets = {0f, 0f, 1f, 1f};
        Tensor grad = Tensor.zeros(Shape.of(2, 2));

        double sum = new MeanSquaredError().sumAndGradient(out, targets, 0, new float[] {2f, 0f}, 0, grad);

        assertEquals(2 * (1 + 4), sum);
        assertArrayEquals(new float[] {4f, 8f, 0f, 0f}, grad.data());
        assertEquals(sum, new MeanSquaredError().sum(out, targets, 0, new float[] {2f, 0f}, 0));
    }

    @Test
    void weightsOfOneTrainBitwiseAsNoWeights() {
        Tensor x = Tensor.of(FEATURES, Shape.of(ROWS, 4));
        assertArrayEquals(trained(x, LABELS, null, 4, false), trained(x, LABELS, ones(ROWS), 4, false));
        assertArrayEquals(trained(x, LABELS, null, 4, true), trained(x, LABELS, ones(ROWS), 4, true));
    }

    /**
     * One batch holds every row, so both fits sum the same rows in each step and divide by the same
     * weight (11); only the grouping of the float sums differs. With smaller batches the duplicate would
     * land in another batch than the weighted row, and the two fits would take different steps.
     */
    @Test
    void aRowOfWeightTwoTrainsAsTheRowGivenTwice() {
        float[] weights = ones(ROWS);
        weights[3] = 2f;
        float[] duplicated = Arrays.copyOf(FEATURES, FEATURES.length + 4);
        System.arraycopy(FEATURES, 3 * 4, duplicated, ROWS * 4, 4);
        float[] duplicatedLabels = Arrays.copyOf(LABELS, ROWS + 1);
        duplicatedLabels[ROWS] = LABELS[3];

        float[] weighted = trained(Tensor.of(FEATURES, Shape.of(ROWS, 4)), LABELS, weights, ROWS + 1, false);
        float[] twice = trained(Tensor.of(duplicated, Shape.of(ROWS + 1, 4)), duplicatedLabels, null, ROWS + 1, false);
        float[] unweighted = trained(Tensor.of(FEATURES, Shape.of(ROWS, 4)), LABELS, null, ROWS + 1, false);

        assertArrayEquals(twice, weighted, 1e-6f);
        assertNotEquals(Arrays.toString(unweighted), Arrays.toString(weighted));
    }

    @Test
    void aBatchWhoseWeightsSumToZeroMakesNoStep() {
        TrainingStep step = new TrainingStep(Optimizer.create("adam", 0.5, 0), new boolean[] {true, false});
        float[] weights = {1f, 2f};

        float[] grad = step.apply(weights, new float[] {6f, 8f}, 3, 0);

        assertArrayEquals(new float[] {0f, 0f}, grad);
        assertArrayEquals(new float[] {1f, 2f}, weights);
    }

    @Test
    void theStepDividesTheGradientByTheWeightAndTheStatisticsByTheRows() {
        TrainingStep step = new TrainingStep(Optimizer.create("sgd", 1, 0), new boolean[] {true, false});
        float[] weights = {1f, 9f};

        float[] grad = step.apply(weights, new float[] {8f, 12f}, 3, 4.0);

        assertArrayEquals(new float[] {2f, 0f}, grad);
        assertArrayEquals(new float[] {1f - 2f, 4f}, weights);
    }

    @Test
    void zeroWeightRowsLeaveTheWeightsAsIfTheyWereNotThere() {
        float[] weights = ones(ROWS);
        weights[ROWS - 1] = 0f;
        float[] weighted = trained(Tensor.of(FEATURES, Shape.of(ROWS, 4)), LABELS, weights, ROWS, false);
        float[] without = trained(Tensor.of(Arrays.copyOf(FEATURES, (ROWS - 1) * 4), Shape.of(ROWS - 1, 4)),
                Arrays.copyOf(LABELS, ROWS - 1), null, ROWS, false);
        assertArrayEquals(without, weighted, 1e-6f);
    }

    @Test
    void negativeOrNonFiniteWeightsAndAllZeroWeightsAreRefused() {
        Tensor x = Tensor.of(FEATURES, Shape.of(ROWS, 4));
        for (float bad : new float[] {-1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            float[] weights = ones(ROWS);
            weights[4] = bad;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> trained(x, LABELS, weights, 4, false));
            assertTrue(e.getMessage().contains("Row 4 has weight " + bad), e.getMessage());
        }
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> trained(x, LABELS, new float[ROWS], 4, false));
        assertTrue(zero.getMessage().contains("weight 0"), zero.getMessage());
    }

    @Test
    void theValidationLossIsTheWeightedMean() {
        Tensor x = Tensor.of(FEATURES, Shape.of(ROWS, 4));
        Tensor heldOut = Tensor.of(Arrays.copyOf(FEATURES, 2 * 4), Shape.of(2, 4));
        float[] heldLabels = Arrays.copyOf(LABELS, 2);
        TrainingHistory weighted = new LocalTrainer(new SoftmaxCrossEntropy(), Optimizer.create("sgd", 0.1, 0), 1, 4, 7)
                .withValidation(heldOut, heldLabels, new float[] {3f, 1f}, 0).fit(net(), x, LABELS);
        Sequential net = net();
        new LocalTrainer(new SoftmaxCrossEntropy(), Optimizer.create("sgd", 0.1, 0), 1, 4, 7).fit(net, x, LABELS);
        net.setTraining(false);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        double first = loss.sum(net.forward(Tensor.of(Arrays.copyOf(FEATURES, 4), Shape.of(1, 4))), heldLabels, 0);
        double second = loss.sum(net.forward(Tensor.of(Arrays.copyOfRange(FEATURES, 4, 8), Shape.of(1, 4))),
                heldLabels, 1);
        assertEquals((3 * first + second) / 4, weighted.validationLossHistory().get(0), 1e-6);
    }
}
