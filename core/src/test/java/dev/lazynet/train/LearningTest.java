package dev.lazynet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.Activation;
import dev.lazynet.nn.Dense;
import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Sequential;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** End-to-end learning with {@link LocalTrainer} on small generated problems, each in well under a second. */
class LearningTest {

    /** Two interleaved spirals, {@code perArm} points each, with a little Gaussian noise. */
    static Tensor spirals(int perArm, long seed, float[] labels) {
        Random rng = new Random(seed);
        float[] x = new float[2 * perArm * 2];
        for (int arm = 0; arm < 2; arm++) {
            for (int i = 0; i < perArm; i++) {
                double r = 0.1 + 0.9 * i / perArm;
                double t = 3.5 * Math.PI * i / perArm + Math.PI * arm;
                int row = arm * perArm + i;
                x[2 * row] = (float) (r * Math.cos(t) + 0.02 * rng.nextGaussian());
                x[2 * row + 1] = (float) (r * Math.sin(t) + 0.02 * rng.nextGaussian());
                labels[row] = arm;
            }
        }
        return Tensor.of(x, 2 * perArm, 2);
    }

    private static int argmax(Tensor out, int row) {
        int cols = out.shape().dim(1);
        int best = 0;
        for (int j = 1; j < cols; j++) {
            if (out.get(row, j) > out.get(row, best)) {
                best = j;
            }
        }
        return best;
    }

    @Test
    void anMlpFitsTwoSpiralsToNearZeroTrainingLoss() {
        float[] labels = new float[200];
        Tensor x = spirals(100, 7, labels);
        Sequential net = new Sequential().add(new Dense(32, Activation.RELU), new Dense(32, Activation.RELU),
                new Dense(2));
        net.initialize(Initializers.xavier(), false, 1);
        TrainingHistory h = new LocalTrainer(new SoftmaxCrossEntropy(), new Adam(0.01, 0.9, 0.999, 1e-8, 0),
                200, 20, 1).fit(net, x, labels);
        List<Double> loss = h.lossHistory();
        assertEquals(200, h.epochs());
        assertTrue(loss.get(loss.size() - 1) < 0.05, "final loss " + loss.get(loss.size() - 1));
        assertTrue(loss.get(0) > 0.5, "first epoch loss " + loss.get(0));
        net.setTraining(false);
        Tensor out = net.forward(x);
        int right = 0;
        for (int r = 0; r < labels.length; r++) {
            right += argmax(out, r) == labels[r] ? 1 : 0;
        }
        assertTrue(right >= 198, right + " of 200 right");
    }

    @Test
    void xorIsSolved() {
        float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
        float[] y = {0, 1, 1, 0};
        Sequential net = new Sequential().add(new Dense(8, Activation.TANH), new Dense(2));
        net.initialize(Initializers.xavier(), false, 3);
        TrainingHistory h = new LocalTrainer(new SoftmaxCrossEntropy(), new Adam(0.05, 0.9, 0.999, 1e-8, 0),
                300, 4, 1).fit(net, Tensor.of(x, 4, 2), y);
        assertTrue(h.lossHistory().get(299) < 0.05, "final loss " + h.lossHistory().get(299));
        net.setTraining(false);
        Tensor out = net.forward(Tensor.of(x, 4, 2));
        for (int r = 0; r < 4; r++) {
            assertEquals((int) y[r], argmax(out, r), "prediction for row " + r);
        }
    }

    @Test
    void regressionWithSquaredErrorFitsASine() {
        int n = 128;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -3f + 6f * i / (n - 1);
            y[i] = (float) Math.sin(x[i]);
        }
        Sequential net = new Sequential().add(new Dense(32, Activation.TANH), new Dense(1));
        net.initialize(Initializers.xavier(), false, 2);
        TrainingHistory h = new LocalTrainer(new MeanSquaredError(), new Adam(0.01, 0.9, 0.999, 1e-8, 0),
                400, 16, 1).fit(net, Tensor.of(x, n, 1), y);
        double last = h.lossHistory().get(h.epochs() - 1);
        assertTrue(last < 0.005, "final mean squared error " + last);
    }

    @Test
    void aLinearModelRecoversTheCoefficientsOfALinearFunction() {
        int n = 64;
        Tensor x = Tensor.rand(8, n, 2);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = 2f * x.get(i, 0) - 3f * x.get(i, 1) + 1f;
        }
        Dense linear = new Dense(1);
        Sequential net = new Sequential().add(linear);
        net.initialize(Initializers.zeros());
        new LocalTrainer(new MeanSquaredError(), new Sgd(0.1, 0.9, 0), 200, 8, 4).fit(net, x, y);
        assertArrayEquals(new float[] {2f, -3f}, linear.weight().data().data(), 1e-3f);
        assertEquals(1f, linear.bias().data().get(0), 1e-3f);
    }

    @Test
    void theSameSeedsGiveBitwiseIdenticalTraining() {
        float[] labels = new float[40];
        Tensor x = spirals(20, 3, labels);
        float[][] weights = new float[2][];
        for (int run = 0; run < 2; run++) {
            Sequential net = new Sequential().add(new Dense(8, Activation.RELU), new Dense(2));
            net.initialize(Initializers.kaiming(), false, 5);
            new LocalTrainer(new SoftmaxCrossEntropy(), Optimizer.create("sgd", 0.05, 1e-4), 5, 8, 6)
                    .fit(net, x, labels);
            weights[run] = FlatParameters.of(net).values();
        }
        assertArrayEquals(weights[0], weights[1]);
    }
}
