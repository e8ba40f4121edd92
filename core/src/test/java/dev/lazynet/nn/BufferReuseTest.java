package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Buffer reuse changes where results are written, never what they are. */
class BufferReuseTest {

    /** Every layer kind that allocates, with a convolution after the first so its input gradient is used. */
    static final String STACK = "conv2d(3,3,padding=1) relu conv2d(4,3,tanh) batchnorm maxpool(2) avgpool(2)"
            + " flatten dropout(0.25) dense(8,sigmoid) dense(3)";

    private static Sequential network(boolean reuse) {
        Sequential net = NetworkSpec.parse(STACK);
        net.initialize(Initializers.xavier(), false, 3);
        net.setReuseBuffers(reuse);
        return net;
    }

    /** Uniform values in [-1, 1). */
    private static Tensor input(long seed, int... shape) {
        Tensor t = Tensor.rand(seed, shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] * 2 - 1;
        }
        return t;
    }

    @Test
    void reuseIsOffByDefaultAndASequentialPassesItToItsLayersAndToLaterOnes() {
        Sequential net = new Sequential().add(new Dense(4));
        assertFalse(net.reusesBuffers());
        assertFalse(net.get(0).reusesBuffers());
        net.setReuseBuffers(true);
        net.add(new Dense(2));
        assertTrue(net.get(0).reusesBuffers());
        assertTrue(net.get(1).reusesBuffers(), "a layer added later follows the network's setting");
        net.setReuseBuffers(false);
        assertFalse(net.get(1).reusesBuffers());
    }

    @Test
    void everyLayerGivesBitwiseTheSameOutputsAndGradientsWithReusedBuffers() {
        Sequential fresh = network(false);
        Sequential reused = network(true);
        int[] batches = {5, 5, 3, 5};
        for (int step = 0; step < batches.length; step++) {
            Tensor x = input(10 + step, batches[step], 2, 10, 10);
            Tensor outFresh = fresh.forward(x);
            Tensor outReused = reused.forward(x);
            assertArrayEquals(outFresh.data(), outReused.data(), "output of step " + step);
            Tensor g = input(20 + step, outFresh.shape().dims());
            Tensor dxFresh = fresh.backward(g);
            Tensor dxReused = reused.backward(g);
            assertArrayEquals(dxFresh.data(), dxReused.data(), "input gradient of step " + step);
            Map<String, Parameter> expected = fresh.parameters();
            for (Map.Entry<String, Parameter> e : reused.parameters().entrySet()) {
                assertArrayEquals(expected.get(e.getKey()).grad().data(), e.getValue().grad().data(),
                        e.getKey() + " gradient, accumulated up to step " + step);
                assertArrayEquals(expected.get(e.getKey()).data().data(), e.getValue().data().data(),
                        e.getKey() + " after step " + step);
            }
        }
    }

    @Test
    void withReuseOffTwoForwardResultsStayIndependent() {
        Sequential net = network(false);
        Tensor first = net.forward(input(1, 4, 2, 10, 10));
        float[] firstValues = first.data().clone();
        Tensor firstGradient = net.backward(input(2, first.shape().dims()));
        float[] firstGradientValues = firstGradient.data().clone();
        Tensor second = net.forward(input(3, 4, 2, 10, 10));
        Tensor secondGradient = net.backward(input(4, second.shape().dims()));
        assertNotSame(first.data(), second.data());
        assertNotSame(firstGradient.data(), secondGradient.data());
        assertArrayEquals(firstValues, first.data(), "the first output is untouched by the second forward");
        assertArrayEquals(firstGradientValues, firstGradient.data(), "and the first input gradient by the second backward");
        assertFalse(Arrays.equals(firstValues, second.data()), "the inputs differ, so must the outputs");
    }

    @Test
    void withReuseOnTheNextCallOfTheSameShapeWritesIntoTheLastResult() {
        Sequential net = network(true);
        Tensor first = net.forward(input(1, 4, 2, 10, 10));
        Tensor firstGradient = net.backward(input(2, first.shape().dims()));
        Tensor second = net.forward(input(3, 4, 2, 10, 10));
        Tensor secondGradient = net.backward(input(4, second.shape().dims()));
        assertSame(first.data(), second.data());
        assertSame(firstGradient.data(), secondGradient.data());
        Tensor smaller = net.forward(input(5, 2, 2, 10, 10));
        assertEquals(2, smaller.shape().dim(0));
        assertNotSame(second.data(), smaller.data(), "another batch size gets its own arrays");
    }

    @Test
    void eachLayerReusesItsOutputWhenAskedAndOnlyThen() {
        for (boolean reuse : new boolean[] {false, true}) {
            Sequential net = network(reuse);
            Tensor x = input(6, 3, 2, 10, 10);
            for (int i = 0; i < net.size(); i++) {
                Layer layer = net.get(i);
                Tensor a = layer.forward(x);
                Tensor b = layer.forward(x);
                if (layer instanceof Flatten) {
                    assertSame(x.data(), a.data(), "Flatten is a view of its input");
                } else {
                    assertEquals(reuse, a.data() == b.data(), layer.describe() + " with reuse " + reuse);
                }
                x = b;
            }
        }
    }

    @Test
    void theStackGradientCheckAlsoPassesWithReusedBuffers() {
        Sequential net = NetworkSpec.parse("conv2d(3,3,tanh,padding=1) maxpool(2) flatten dense(5,sigmoid) dense(3)");
        net.initialize(Initializers.normal(0.5), false, 31);
        net.setReuseBuffers(true);
        GradientCheck.Report r = GradientCheck.assertLayerGradients(net, LayerGradientTest.input(32, 2, 2, 6, 6), 33);
        assertTrue(r.checked() > 2 * 2 * 6 * 6 + 3 * 2 * 9, "every parameter of the stack was checked: " + r);
    }
}
