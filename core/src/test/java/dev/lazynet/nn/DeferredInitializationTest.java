package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.init.Initializer;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The steps of the "Lazy Initialization" chapter of Dive into Deep Learning (and of MXNet Gluon's
 * deferred initialization), one test per claim the chapter makes.
 */
class DeferredInitializationTest {

    private static final int U = Shape.UNKNOWN;

    /**
     * The chapter's {@code MyInit}: the "Parameter Management" chapter's custom scheme (uniform in
     * [-10, 10], then every value with magnitude below 5 set to zero) that also records each call.
     */
    static final class MyInit implements Initializer {
        final List<String> calls = new ArrayList<>();

        @Override
        public void initWeight(String name, Tensor data, Random rng) {
            calls.add("Init " + name + " " + data.shape());
            float[] d = data.data();
            for (int i = 0; i < d.length; i++) {
                float v = (float) (rng.nextDouble() * 20 - 10);
                d[i] = Math.abs(v) >= 5 ? v : 0f;
            }
        }
    }

    /** The chapter's network: {@code Dense(256, relu)}, {@code Dense(10)}, no input sizes. */
    private static Sequential chapterNet() {
        return new Sequential().add(new Dense(256, Activation.RELU), new Dense(10));
    }

    private static Dense dense(Sequential net, int i) {
        return (Dense) net.get(i);
    }

    private static Tensor x(int rows, int cols) {
        return Tensor.rand(7, rows, cols);
    }

    @Test
    void aDeclaredNetworkShowsUnknownInputSizesInEveryWeightAndInTheSummary() {
        Sequential net = chapterNet();
        assertEquals(Shape.of(256, U), dense(net, 0).weight().shape());
        assertEquals(Shape.of(10, U), dense(net, 1).weight().shape());
        assertEquals("(256, ?)", dense(net, 0).weight().shape().toString());
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(net.parameters().keySet()));
        String summary = net.summary();
        assertTrue(summary.contains("0.weight (256, ?)"), summary);
        assertTrue(summary.contains("1.weight (10, ?)"), summary);
        assertTrue(summary.contains("Total parameters: ?"), summary);
    }

    @Test
    void initializeOnlyRegistersTheInitializerWhileShapesAreUnknown() {
        Sequential net = chapterNet();
        MyInit init = new MyInit();
        net.initialize(init);
        for (int i = 0; i < 2; i++) {
            Parameter w = dense(net, i).weight();
            assertFalse(w.isInitialized(), w.toString());
            assertEquals(Parameter.State.DECLARED, w.state());
            assertTrue(w.hasPendingInitializer());
            assertEquals(U, w.shape().dim(1));
        }
        assertEquals(List.of(), init.calls);
        // As in Gluon, a parameter whose shape never depended on the input is filled at once.
        assertTrue(dense(net, 0).bias().isInitialized());
    }

    @Test
    void readingAWeightBeforeTheFirstForwardNamesTheParameterAndTheRemedies() {
        Sequential net = chapterNet();
        net.initialize();
        DeferredInitializationException e = assertThrows(DeferredInitializationException.class,
                () -> dense(net, 0).weight().data());
        String m = e.getMessage();
        assertTrue(m.contains("'0.weight'"), m);
        assertTrue(m.contains("(256, ?)"), m);
        assertTrue(m.contains("forward") && m.contains("inferShape") && m.contains("inUnits"), m);
        assertThrows(DeferredInitializationException.class, () -> dense(net, 1).weight().grad());
    }

    @Test
    void theFirstForwardFixesEveryShapeAndInitializes() {
        Sequential net = chapterNet();
        MyInit init = new MyInit();
        net.initialize(init);
        Tensor y = net.forward(x(2, 20));
        assertEquals(Shape.of(2, 10), y.shape());
        assertEquals(Shape.of(256, 20), dense(net, 0).weight().shape());
        assertEquals(Shape.of(10, 256), dense(net, 1).weight().shape());
        for (Parameter p : net.parameters().values()) {
            assertEquals(Parameter.State.INITIALIZED, p.state(), p.toString());
        }
        assertEquals(List.of("Init 0.weight (256, 20)", "Init 1.weight (10, 256)"), init.calls);
        String summary = net.summary();
        assertTrue(summary.contains("0.weight (256, 20)") && summary.contains("(2, 256)"), summary);
        assertTrue(summary.contains("Total parameters: " + (256 * 20 + 256 + 10 * 256 + 10)), summary);
    }

    @Test
    void initializerRunsOncePerParameterOnFirstForwardAndNotAgainOnTheSecond() {
        Sequential net = chapterNet();
        MyInit init = new MyInit();
        net.initialize(init);
        net.forward(x(2, 20));
        float[] after1 = dense(net, 0).weight().data().data().clone();
        net.forward(x(2, 20));
        assertEquals(2, init.calls.size(), init.calls.toString());
        assertArrayEquals(after1, dense(net, 0).weight().data().data());
    }

    @Test
    void forceReinitRunsTheInitializerAgain() {
        Sequential net = chapterNet();
        MyInit init = new MyInit();
        net.initialize(init);
        net.forward(x(2, 20));
        net.initialize(init, true);
        assertEquals(List.of("Init 0.weight (256, 20)", "Init 1.weight (10, 256)",
                "Init 0.weight (256, 20)", "Init 1.weight (10, 256)"), init.calls);
        net.initialize(Initializers.constant(3), true);
        assertEquals(3f, dense(net, 0).weight().data().get(17, 5));
        assertEquals(3f, dense(net, 1).weight().data().get(9, 255));
    }

    @Test
    void initializingAnInitializedNetworkAgainWithoutForceLeavesValuesUnchanged() {
        Sequential net = chapterNet();
        net.initialize(Initializers.normal(0.5));
        net.forward(x(2, 20));
        float[] w0 = dense(net, 0).weight().data().data().clone();
        float[] b1 = dense(net, 1).bias().data().data().clone();
        MyInit init = new MyInit();
        net.initialize(init);
        net.initialize(Initializers.constant(42), false);
        net.initialize();
        assertArrayEquals(w0, dense(net, 0).weight().data().data());
        assertArrayEquals(b1, dense(net, 1).bias().data().data());
        assertEquals(List.of(), init.calls);
    }

    @Test
    void inUnitsGivesImmediateInitializationAtInitialize() {
        Sequential net = new Sequential().add(new Dense(256, Activation.RELU).inUnits(20), new Dense(10));
        assertEquals(Shape.of(256, 20), dense(net, 0).weight().shape());
        MyInit init = new MyInit();
        net.initialize(init);
        assertTrue(dense(net, 0).weight().isInitialized());
        assertEquals(List.of("Init 0.weight (256, 20)"), init.calls);
        // The next layer's input size is still only known once something flows through the network.
        assertFalse(dense(net, 1).weight().isInitialized());
        net.forward(x(3, 20));
        assertEquals(List.of("Init 0.weight (256, 20)", "Init 1.weight (10, 256)"), init.calls);
    }

    @Test
    void inferShapeInitializesWithoutData() {
        Sequential net = chapterNet();
        MyInit init = new MyInit();
        net.initialize(init);
        Shape out = net.inferShape(Shape.of(U, 20));
        assertEquals(Shape.of(U, 10), out);
        assertEquals(List.of("Init 0.weight (256, 20)", "Init 1.weight (10, 256)"), init.calls);
        assertTrue(dense(net, 1).weight().isInitialized());
        assertTrue(net.summary().contains("(?, 256)"), net.summary());
    }

    @Test
    void inferShapeWithUnknownFeaturesLeavesTheWeightsDeferred() {
        Sequential net = chapterNet();
        net.initialize();
        assertEquals(Shape.of(U, 10), net.inferShape(Shape.of(U, U)));
        assertFalse(dense(net, 0).weight().isInitialized());
        assertEquals(Shape.of(10, 256), dense(net, 1).weight().shape());
        assertTrue(dense(net, 1).weight().isInitialized());
    }

    @Test
    void aLaterInputWithAnotherFeatureSizeIsRejectedNamingLayerAndShapes() {
        Sequential net = chapterNet();
        net.initialize();
        net.forward(x(2, 20));
        float[] before = dense(net, 0).weight().data().data().clone();
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> net.forward(x(2, 30)));
        assertEquals("Dense(256, relu) at 0", e.layer());
        assertEquals(Shape.of(U, 20), e.expected());
        assertEquals(Shape.of(2, 30), e.actual());
        String m = e.getMessage();
        assertTrue(m.contains("Dense(256, relu) at 0") && m.contains("(?, 20)") && m.contains("(2, 30)"), m);
        assertEquals(Shape.of(256, 20), dense(net, 0).weight().shape());
        assertArrayEquals(before, dense(net, 0).weight().data().data());
        assertThrows(ShapeMismatchException.class, () -> net.inferShape(Shape.of(U, 30)));
    }

    @Test
    void anInputWithoutABatchDimensionIsRejected() {
        Sequential net = chapterNet();
        net.initialize();
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> net.forward(Tensor.zeros(20)));
        assertTrue(e.getMessage().contains("(20,)") && e.getMessage().contains("batch"), e.getMessage());
    }

    @Test
    void anyBatchSizeWorksOnceTheShapesAreFixed() {
        Sequential net = chapterNet();
        net.initialize();
        net.forward(x(2, 20));
        Tensor seven = x(7, 20);
        Tensor all = net.forward(seven);
        assertEquals(Shape.of(7, 10), all.shape());
        Tensor row3 = Tensor.of(java.util.Arrays.copyOfRange(seven.data(), 3 * 20, 4 * 20), 1, 20);
        Tensor single = net.forward(row3);
        assertEquals(Shape.of(1, 10), single.shape());
        for (int j = 0; j < 10; j++) {
            assertEquals(all.get(3, j), single.get(0, j), 1e-5);
        }
    }

    @Test
    void aForwardWithoutAnyInitializerSaysToCallInitialize() {
        Sequential net = new Sequential().add(new Dense(4));
        DeferredInitializationException e = assertThrows(DeferredInitializationException.class,
                () -> net.forward(x(2, 3)));
        assertTrue(e.getMessage().contains("'0.weight'") && e.getMessage().contains("initialize()"), e.getMessage());
    }

    @Test
    void theDefaultInitializerIsUniformWithScaleSevenHundredths() {
        Sequential net = chapterNet();
        net.initialize();
        net.forward(x(2, 20));
        float[] w = dense(net, 0).weight().data().data();
        float max = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= 0.07f && max > 0.069f, "max |w| = " + max);
        assertNotEquals(0f, w[0]);
        assertEquals(0f, dense(net, 0).bias().data().get(0));
    }
}
