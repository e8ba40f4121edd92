package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every layer's backward pass against central differences of its forward pass. */
class LayerGradientTest {

    /** Uniform values in [-1, 1). */
    static Tensor input(long seed, int... shape) {
        Tensor t = Tensor.rand(seed, shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] * 2 - 1;
        }
        return t;
    }

    /**
     * Distinct values at least 0.1 apart in a random order, so no perturbation of {@link GradientCheck#EPS}
     * changes which element of a pooling window is the maximum.
     */
    static Tensor distinctInput(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.1f * i - 0.05f * d.length + 0.05f;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = d.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            float tmp = d[i];
            d[i] = d[j];
            d[j] = tmp;
        }
        return t;
    }

    private static <L extends Layer> L initialized(L layer) {
        layer.initialize(Initializers.normal(0.5), false, 11);
        return layer;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void denseGradientsMatchCentralDifferencesForEachActivation(Activation activation) {
        Layer dense = initialized(new Dense(4, activation));
        GradientCheck.assertLayerGradients(dense, input(1, 3, 5), 2);
    }

    @Test
    void conv2dGradientsMatchCentralDifferences() {
        Layer conv = initialized(new Conv2d(3, 3, Activation.TANH));
        GradientCheck.assertLayerGradients(conv, input(3, 2, 2, 5, 6), 4);
    }

    @Test
    void conv2dWithStrideAndPaddingGradientsMatchCentralDifferences() {
        Layer conv = initialized(new Conv2d(2, 3).stride(2).padding(1));
        GradientCheck.Report r = GradientCheck.assertLayerGradients(conv, input(5, 2, 3, 7, 6), 6);
        assertEquals(2 * 3 * 7 * 6 + 2 * 3 * 3 * 3 + 2, r.checked(), "input, weight and bias elements");
    }

    @Test
    void maxPoolGradientsMatchCentralDifferences() {
        GradientCheck.assertLayerGradients(new MaxPool2d(2), distinctInput(7, 2, 2, 6, 6), 8);
        GradientCheck.assertLayerGradients(new MaxPool2d(3, 2), distinctInput(9, 2, 2, 7, 7), 10);
    }

    @Test
    void avgPoolGradientsMatchCentralDifferences() {
        GradientCheck.assertLayerGradients(new AvgPool2d(2), input(11, 2, 3, 4, 6), 12);
        GradientCheck.assertLayerGradients(new AvgPool2d(3, 1), input(13, 1, 2, 5, 5), 14);
    }

    @Test
    void flattenGradientsMatchCentralDifferences() {
        GradientCheck.assertLayerGradients(new Flatten(), input(15, 2, 3, 2, 2), 16);
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "SIGMOID", "TANH"})
    void activationLayerGradientsMatchCentralDifferences(Activation activation) {
        GradientCheck.assertLayerGradients(new ActivationLayer(activation), distinctInput(17, 3, 2, 4), 18);
    }

    @Test
    void batchNormOnFeaturesGradientsMatchCentralDifferencesInTraining() {
        BatchNorm bn = initialized(new BatchNorm());
        bn.forward(input(19, 6, 4));
        scramble(bn.gamma(), 20);
        scramble(bn.beta(), 21);
        GradientCheck.assertLayerGradients(bn, input(22, 6, 4), 23);
    }

    @Test
    void batchNormOnImagesGradientsMatchCentralDifferencesInTraining() {
        BatchNorm bn = initialized(new BatchNorm());
        bn.forward(input(24, 3, 2, 3, 3));
        scramble(bn.gamma(), 25);
        GradientCheck.assertLayerGradients(bn, input(26, 3, 2, 3, 3), 27);
    }

    @Test
    void batchNormGradientsMatchCentralDifferencesInInference() {
        BatchNorm bn = initialized(new BatchNorm());
        bn.forward(input(28, 5, 3));
        bn.setTraining(false);
        GradientCheck.assertLayerGradients(bn, input(29, 5, 3), 30);
    }

    @Test
    void convPoolFlattenDenseStackGradientsMatchCentralDifferences() {
        Sequential net = NetworkSpec.parse("conv2d(3,3,tanh,padding=1) maxpool(2) flatten dense(5,sigmoid) dense(3)");
        net.initialize(Initializers.normal(0.5), false, 31);
        GradientCheck.Report r = GradientCheck.assertLayerGradients(net, input(32, 2, 2, 6, 6), 33);
        assertTrue(r.checked() > 2 * 2 * 6 * 6 + 3 * 2 * 9, "every parameter of the stack was checked: " + r);
    }

    /** Moves a parameter away from its identity-like start, so a gradient bug cannot hide behind ones and zeros. */
    private static void scramble(Parameter p, long seed) {
        float[] d = p.data().data();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (0.5 + rng.nextDouble());
        }
    }
}
