package dev.lazynet.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.Activation;
import dev.lazynet.nn.Dense;
import dev.lazynet.nn.Parameter;
import dev.lazynet.nn.Sequential;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How initializers apply to a whole network: per layer, seeded, independent of order. */
class NetworkInitializationTest {

    private static Sequential net() {
        return new Sequential().add(new Dense(16, Activation.RELU), new Dense(8, Activation.RELU), new Dense(3));
    }

    private static float[] weight(Sequential net, int layer) {
        return ((Dense) net.get(layer)).weight().data().data();
    }

    @Test
    void eachLayerCanHaveItsOwnInitializer() {
        Sequential net = net();
        net.get(0).initialize(Initializers.xavier());
        net.get(1).initialize(Initializers.constant(42));
        net.get(2).initialize(Initializers.zeros());
        net.forward(Tensor.rand(1, 2, 20));
        double bound = Math.sqrt(6.0 / (20 + 16));
        float[] w0 = weight(net, 0);
        assertTrue(Arrays.stream(toDoubles(w0)).allMatch(v -> Math.abs(v) <= bound), "xavier bound " + bound);
        assertTrue(Arrays.stream(toDoubles(w0)).distinct().count() > 100, "xavier draws distinct values");
        assertTrue(Arrays.stream(toDoubles(weight(net, 1))).allMatch(v -> v == 42.0));
        assertTrue(Arrays.stream(toDoubles(weight(net, 2))).allMatch(v -> v == 0.0));
    }

    @Test
    void theSameSeedGivesBitwiseIdenticalWeights() {
        Sequential a = net();
        Sequential b = net();
        a.initialize(Initializers.kaiming(), false, 99);
        b.initialize(Initializers.kaiming(), false, 99);
        a.forward(Tensor.rand(1, 2, 20));
        b.inferShape(Shape.of(Shape.UNKNOWN, 20));
        for (Map.Entry<String, Parameter> e : a.parameters().entrySet()) {
            assertArrayEquals(e.getValue().data().data(), b.parameters().get(e.getKey()).data().data(), e.getKey());
        }
    }

    @Test
    void aDifferentSeedGivesDifferentWeights() {
        Sequential a = net();
        Sequential b = net();
        a.initialize(Initializers.kaiming(), false, 1);
        b.initialize(Initializers.kaiming(), false, 2);
        a.inferShape(Shape.of(Shape.UNKNOWN, 20));
        b.inferShape(Shape.of(Shape.UNKNOWN, 20));
        assertFalse(Arrays.equals(weight(a, 0), weight(b, 0)));
    }

    @Test
    void valuesDoNotDependOnTheOrderOfInitialization() {
        Sequential forward = net();
        Sequential backward = net();
        forward.inferShape(Shape.of(Shape.UNKNOWN, 20));
        backward.inferShape(Shape.of(Shape.UNKNOWN, 20));
        for (int i = 0; i < 3; i++) {
            forward.get(i).initialize(Initializers.normal(1), false, 5);
        }
        for (int i = 2; i >= 0; i--) {
            backward.get(i).initialize(Initializers.normal(1), false, 5);
        }
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(weight(forward, i), weight(backward, i), "layer " + i);
        }
    }

    @Test
    void layersWithTheSameShapeStillGetDifferentValues() {
        Sequential net = new Sequential().add(new Dense(8).inUnits(8), new Dense(8));
        net.initialize(Initializers.xavier(), false, 0);
        net.inferShape(Shape.of(Shape.UNKNOWN, 8));
        assertFalse(Arrays.equals(weight(net, 0), weight(net, 1)));
    }

    @Test
    void aDeferredLayerWaitsForItsShapeWhileAKnownOneIsFilledAtOnce() {
        Sequential net = new Sequential().add(new Dense(4).inUnits(3), new Dense(2));
        net.get(0).initialize(Initializers.ones());
        net.get(1).initialize(Initializers.constant(0.5));
        assertEquals(1f, weight(net, 0)[0]);
        assertFalse(((Dense) net.get(1)).weight().isInitialized());
        net.forward(Tensor.rand(1, 1, 3));
        assertEquals(0.5f, weight(net, 1)[7]);
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
