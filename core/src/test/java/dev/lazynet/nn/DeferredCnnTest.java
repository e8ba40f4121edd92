package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A LeNet-style network sizes every layer from its input, through inferShape or the first forward. */
class DeferredCnnTest {

    private static final String LENET = "conv2d(6,5,relu) maxpool(2) conv2d(16,5,relu) maxpool(2) flatten"
            + " dense(120,relu) dense(10)";

    private static Sequential lenet() {
        Sequential net = NetworkSpec.parse(LENET);
        net.initialize(Initializers.xavier(), false, 1);
        return net;
    }

    private static Parameter firstDenseWeight(Sequential net) {
        return ((Dense) net.get(5)).weight();
    }

    @Test
    void inferShapeSizesTheDenseLayerFrom28By28Images() {
        Sequential net = lenet();
        assertEquals(Shape.of(120, Shape.UNKNOWN), firstDenseWeight(net).shape());
        Shape out = net.inferShape(Shape.of(Shape.UNKNOWN, 1, 28, 28));
        assertEquals(Shape.of(Shape.UNKNOWN, 10), out);
        assertEquals(Shape.of(120, 256), firstDenseWeight(net).shape());
        assertEquals(Shape.of(6, 1, 5, 5), ((Conv2d) net.get(0)).weight().shape());
        assertEquals(Shape.of(16, 6, 5, 5), ((Conv2d) net.get(2)).weight().shape());
        for (Parameter p : net.parameters().values()) {
            assertTrue(p.isInitialized(), p.name() + " initialized without data");
        }
    }

    @Test
    void aFreshNetworkSizesItselfFrom32By32Images() {
        Sequential net = lenet();
        net.inferShape(Shape.of(Shape.UNKNOWN, 1, 32, 32));
        assertEquals(Shape.of(120, 400), firstDenseWeight(net).shape());
    }

    @Test
    void theFirstForwardSizesEveryLayer() {
        Sequential net = lenet();
        Tensor y = net.forward(Tensor.rand(2, 3, 1, 28, 28));
        assertEquals(Shape.of(3, 10), y.shape());
        assertEquals(Shape.of(120, 256), firstDenseWeight(net).shape());
        Sequential other = lenet();
        other.forward(Tensor.rand(3, 2, 1, 32, 32));
        assertEquals(Shape.of(120, 400), firstDenseWeight(other).shape());
    }

    @Test
    void forwardAfterInferShapeAcceptsAnyBatchSize() {
        Sequential net = lenet();
        net.inferShape(Shape.of(Shape.UNKNOWN, 1, 28, 28));
        assertEquals(Shape.of(1, 10), net.forward(Tensor.rand(4, 1, 1, 28, 28)).shape());
        assertEquals(Shape.of(5, 10), net.forward(Tensor.rand(5, 5, 1, 28, 28)).shape());
    }

    @Test
    void inputOfAnotherResolutionLaterIsAShapeMismatchNamingTheLayerAndBothShapes() {
        Sequential net = lenet();
        net.forward(Tensor.rand(6, 2, 1, 28, 28));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> net.forward(Tensor.rand(7, 2, 1, 32, 32)));
        assertTrue(e.getMessage().contains("Conv2d(6, 5, relu) at 0"), e.getMessage());
        assertTrue(e.getMessage().contains("(?, 1, 28, 28)") && e.getMessage().contains("(2, 1, 32, 32)"),
                e.getMessage());
    }

    @Test
    void inputOfAnotherResolutionAfterInferShapeIsAShapeMismatch() {
        Sequential net = lenet();
        net.inferShape(Shape.of(Shape.UNKNOWN, 1, 32, 32));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> net.forward(Tensor.rand(8, 2, 1, 28, 28)));
        assertTrue(e.getMessage().contains("(?, 1, 32, 32)") && e.getMessage().contains("(2, 1, 28, 28)"),
                e.getMessage());
    }

    @Test
    void summaryShowsUnknownShapesBeforeAndConcreteShapesAfter() {
        Sequential net = lenet();
        String before = net.summary();
        assertTrue(before.contains("0.weight (6, ?, 5, 5)"), before);
        assertTrue(before.contains("5.weight (120, ?)"), before);
        assertTrue(before.contains("Total parameters: ?"), before);
        net.inferShape(Shape.of(Shape.UNKNOWN, 1, 28, 28));
        String after = net.summary();
        assertFalse(after.contains("5.weight (120, ?)"), after);
        assertTrue(after.contains("0.weight (6, 1, 5, 5)"), after);
        assertTrue(after.contains("5.weight (120, 256)"), after);
        assertTrue(after.contains("(?, 16, 4, 4)") && after.contains("(?, 256)"), after);
        int total = 6 * 25 + 6 + 16 * 6 * 25 + 16 + 120 * 256 + 120 + 10 * 120 + 10;
        assertTrue(after.contains("Total parameters: " + total), after);
    }
}
