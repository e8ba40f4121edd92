package dev.lazynet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.AbstractLayer;
import dev.lazynet.nn.Activation;
import dev.lazynet.nn.Dense;
import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.NetworkSpec;
import dev.lazynet.nn.Parameter;
import dev.lazynet.nn.Sequential;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalTrainer} runs its batches with reused buffers; a network driven by hand, batch by batch,
 * with fresh tensors everywhere must end with bitwise the same weights and losses.
 */
class ReusedBuffersTrainingTest {

    private static final String SPEC = "conv2d(3,3,padding=1) relu conv2d(4,3,tanh) batchnorm maxpool(2)"
            + " avgpool(2) flatten dropout(0.25) dense(8,sigmoid) dense(3)";
    private static final int ROWS = 29;
    private static final int BATCH = 8;
    private static final int EPOCHS = 3;
    private static final long SEED = 5;

    private static Sequential network() {
        Sequential net = NetworkSpec.parse(SPEC);
        net.initialize(Initializers.xavier(), false, 9);
        return net;
    }

    private static Tensor images() {
        Tensor x = Tensor.rand(1, ROWS, 1, 10, 10);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] * 2 - 1;
        }
        return x;
    }

    private static float[] labels() {
        float[] y = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            y[i] = (i * 7) % 3;
        }
        return y;
    }

    private static Optimizer optimizer() {
        return new Adam(0.01, 0.9, 0.999, 1e-8, 0);
    }

    /** What LocalTrainer does, step for step, without BatchGradient and so without buffer reuse. */
    private static List<Double> trainByHand(Sequential net, Tensor x, float[] y) {
        Loss loss = new SoftmaxCrossEntropy();
        int sample = x.shape().sizeFrom(1);
        FlatParameters layout = FlatParameters.of(net);
        float[] weights = layout.values();
        TrainingStep update = new TrainingStep(optimizer(), layout.trainableMask());
        float[] grad = new float[weights.length];
        List<Double> losses = new ArrayList<>();
        net.setTraining(true);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            int[] order = BatchSchedule.permutation(ROWS, SEED, epoch);
            double lossSum = 0;
            for (int from = 0; from < ROWS; from += BATCH) {
                int count = Math.min(ROWS, from + BATCH) - from;
                float[] batch = new float[count * sample];
                float[] targets = new float[count];
                for (int i = 0; i < count; i++) {
                    System.arraycopy(x.data(), order[from + i] * sample, batch, i * sample, sample);
                    targets[i] = y[order[from + i]];
                }
                Arrays.fill(grad, 0f);
                net.zeroGrad();
                Tensor out = net.forward(Tensor.of(batch, x.shape().dropFirst().prepend(count)));
                Tensor outGrad = Tensor.zeros(out.shape());
                lossSum += loss.sumAndGradient(out, targets, 0, outGrad);
                net.backward(outGrad);
                layout.moveGradientsTo(grad);
                for (int p = 0; p < layout.parameters().size(); p++) {
                    Parameter parameter = layout.parameters().get(p);
                    if (!parameter.isTrainable()) {
                        float[] values = parameter.data().data();
                        for (int j = 0; j < values.length; j++) {
                            grad[layout.offset(p) + j] = values[j] * count;
                        }
                    }
                }
                update.apply(weights, grad, count);
                layout.setValues(weights);
            }
            losses.add(lossSum / ROWS);
        }
        return losses;
    }

    @Test
    void trainingWithReusedBuffersGivesBitwiseTheSameWeightsAsFreshBuffers() {
        Tensor x = images();
        float[] y = labels();
        Sequential trained = network();
        TrainingHistory history = new LocalTrainer(new SoftmaxCrossEntropy(), optimizer(), EPOCHS, BATCH, SEED)
                .fit(trained, x, y);
        Sequential byHand = network();
        byHand.inferShape(Shape.of(Shape.UNKNOWN, 1, 10, 10));
        float[] initial = FlatParameters.of(byHand).values();
        List<Double> losses = trainByHand(byHand, x, y);
        assertFalse(byHand.reusesBuffers(), "the reference ran on fresh tensors");
        float[] expected = FlatParameters.of(byHand).values();
        assertFalse(Arrays.equals(initial, expected), "training moved the weights");
        assertArrayEquals(expected, FlatParameters.of(trained).values(),
                "weights and running statistics after " + EPOCHS + " epochs of " + ROWS + " rows in batches of "
                        + BATCH + ", the last one short");
        assertEquals(losses, history.lossHistory());
    }

    @Test
    void batchGradientTurnsReuseOnForItsNetworkAndLocalTrainerGivesTheCallerItsSettingBack() {
        Sequential net = network();
        new BatchGradient(net, new SoftmaxCrossEntropy(), Shape.of(1, 10, 10));
        assertTrue(net.reusesBuffers());
        assertTrue(net.get(9).reusesBuffers());

        Sequential caller = network();
        new LocalTrainer(new SoftmaxCrossEntropy(), optimizer(), 1, BATCH, SEED).fit(caller, images(), labels());
        assertFalse(caller.reusesBuffers());
        assertFalse(caller.get(9).reusesBuffers());
    }

    /** Passes everything through, except that its first backward fails, after the layers above it ran theirs. */
    private static final class FailsOnce extends AbstractLayer {
        private boolean failed;

        FailsOnce(boolean failed) {
            this.failed = failed;
        }

        @Override
        public Shape inferShape(Shape input) {
            outputShape = input;
            return input;
        }

        @Override
        public Tensor forward(Tensor x) {
            return x;
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            if (!failed) {
                failed = true;
                throw new IllegalStateException("backward failed once");
            }
            return gradOutput;
        }

        @Override
        public String spec() {
            return "failsonce";
        }

        @Override
        public String describe() {
            return "FailsOnce()";
        }
    }

    private static BatchGradient worker(boolean failFirst) {
        Sequential net = new Sequential().add(new Dense(6, Activation.TANH), new FailsOnce(!failFirst), new Dense(3));
        net.initialize(Initializers.xavier(), false, 4);
        return new BatchGradient(net, new SoftmaxCrossEntropy(), Shape.of(5));
    }

    @Test
    void aBatchThatFailsHalfwayLeavesNoGradientBehindForTheNext() {
        float[] x = Tensor.rand(2, ROWS, 5).data();
        float[] y = labels();
        int[] rows = BatchSchedule.permutation(ROWS, SEED, 0);
        BatchGradient clean = worker(false);
        float[] expected = new float[clean.layout().size()];
        clean.accumulate(x, y, rows, 0, BATCH, expected);

        BatchGradient failing = worker(true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> failing.accumulate(x, y, rows, 0, BATCH, new float[failing.layout().size()]));
        assertEquals("backward failed once", e.getMessage());
        float[] afterFailure = new float[failing.layout().size()];
        failing.accumulate(x, y, rows, 0, BATCH, afterFailure);
        assertArrayEquals(expected, afterFailure);
        float[] none = new float[expected.length];
        assertFalse(Arrays.equals(none, expected), "the batch has a gradient");
    }
}
