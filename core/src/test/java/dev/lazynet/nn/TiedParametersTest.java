package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.init.Initializer;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The "Tied Parameters" section of the "Parameter Management" chapter. */
class TiedParametersTest {

    private final Dense shared = new Dense(8, Activation.RELU);
    private final Sequential tied = new Sequential().add(new Dense(8, Activation.RELU), shared,
            new Dense(8, Activation.RELU).shareParameters(shared), new Dense(10));

    private static Dense dense(Sequential net, int i) {
        return (Dense) net.get(i);
    }

    @Test
    void aTiedParameterIsListedOnceUnderItsOwnersName() {
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"),
                List.copyOf(tied.parameters().keySet()));
        assertSame(shared.weight(), dense(tied, 2).weight());
        assertSame(shared.bias(), dense(tied, 2).bias());
    }

    @Test
    void bothLayersSeeTheSameValues() {
        tied.initialize(Initializers.xavier(), false, 1);
        tied.forward(Tensor.rand(3, 2, 20));
        assertEquals(Shape.of(8, 8), dense(tied, 2).weight().shape());
        shared.weight().data().set(100f, 0, 0);
        assertEquals(100f, dense(tied, 2).weight().data().get(0, 0));
    }

    @Test
    void theSummaryAndTheFlatLayoutCountATiedParameterOnce() {
        tied.initialize(Initializers.xavier(), false, 1);
        tied.inferShape(Shape.of(Shape.UNKNOWN, 20));
        int expected = 20 * 8 + 8 + 8 * 8 + 8 + 8 * 10 + 10;
        assertTrue(tied.summary().contains("Total parameters: " + expected), tied.summary());
        assertEquals(expected, FlatParameters.of(tied).size());
    }

    @Test
    void theSharedGradientIsTheSumOfBothUsesGradients() {
        tied.initialize(Initializers.xavier(), false, 1);
        tied.inferShape(Shape.of(Shape.UNKNOWN, 20));
        Sequential separate = new Sequential().add(new Dense(8, Activation.RELU), new Dense(8, Activation.RELU),
                new Dense(8, Activation.RELU), new Dense(10));
        separate.inferShape(Shape.of(Shape.UNKNOWN, 20));
        int[] source = {0, 1, 1, 3};
        for (int i = 0; i < 4; i++) {
            dense(separate, i).weight().setData(dense(tied, source[i]).weight().data());
            dense(separate, i).bias().setData(dense(tied, source[i]).bias().data());
        }

        Tensor x = Tensor.rand(4, 5, 20);
        Tensor g = Tensor.rand(5, 5, 10);
        Tensor yTied = tied.forward(x);
        Tensor ySeparate = separate.forward(x);
        assertArrayEquals(ySeparate.data(), yTied.data(), 1e-6f);
        tied.zeroGrad();
        separate.zeroGrad();
        tied.backward(g);
        separate.backward(g);

        float[] w1 = dense(separate, 1).weight().grad().data();
        float[] w2 = dense(separate, 2).weight().grad().data();
        float[] sum = new float[w1.length];
        double norm = 0;
        for (int i = 0; i < sum.length; i++) {
            sum[i] = w1[i] + w2[i];
            norm += Math.abs(w2[i]);
        }
        assertTrue(norm > 0, "the tied layer must contribute a gradient of its own");
        assertArrayEquals(sum, shared.weight().grad().data(), 1e-5f);
        float[] b1 = dense(separate, 1).bias().grad().data();
        float[] b2 = dense(separate, 2).bias().grad().data();
        for (int i = 0; i < b1.length; i++) {
            assertEquals(b1[i] + b2[i], shared.bias().grad().data()[i], 1e-5f);
        }
        assertArrayEquals(dense(separate, 0).weight().grad().data(), dense(tied, 0).weight().grad().data(), 1e-5f);
    }

    @Test
    void theInitializerRunsOncePerTiedParameterAlsoWhenForced() {
        List<String> calls = new ArrayList<>();
        Initializer recording = (name, data, rng) -> calls.add(name + " " + data.shape());
        tied.initialize(recording);
        tied.forward(Tensor.rand(3, 2, 20));
        List<String> once = List.of("0.weight (8, 20)", "1.weight (8, 8)", "3.weight (10, 8)");
        assertEquals(once, calls);
        calls.clear();
        tied.initialize(recording, true);
        assertEquals(once, calls);
    }

    @Test
    void aForcedReinitializationOfTheTyingLayerAloneLeavesTheOwnersValues() {
        tied.initialize(Initializers.constant(2), false);
        tied.inferShape(Shape.of(Shape.UNKNOWN, 20));
        tied.get(2).initialize(Initializers.constant(5), true);
        assertEquals(2f, shared.weight().data().get(0, 0));
        tied.get(1).initialize(Initializers.constant(5), true);
        assertEquals(5f, dense(tied, 2).weight().data().get(0, 0));
    }

    @Test
    void sharingWithALayerOfAnotherWidthIsRejectedWithBothWidths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dense(4).shareParameters(new Dense(8)));
        assertTrue(e.getMessage().contains("4 vs 8"), e.getMessage());
    }
}
