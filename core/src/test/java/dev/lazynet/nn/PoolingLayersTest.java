package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** MaxPool2d and AvgPool2d as layers: shapes, outputs, spec and errors. */
class PoolingLayersTest {

    private static final Tensor IMAGE = Tensor.of(new float[] {
        1, 2, 5, 6,
        3, 4, 7, 8,
        9, 10, 13, 14,
        11, 12, 15, 16}, 1, 1, 4, 4);

    @Test
    void maxPoolTakesTheMaximumOfEachWindow() {
        assertArrayEquals(new float[] {4, 8, 12, 16}, new MaxPool2d(2).forward(IMAGE).data());
    }

    @Test
    void avgPoolTakesTheMeanOfEachWindow() {
        assertArrayEquals(new float[] {2.5f, 6.5f, 10.5f, 14.5f}, new AvgPool2d(2).forward(IMAGE).data());
    }

    @Test
    void singleArgumentConstructorsUseTheKernelAsStride() {
        assertEquals("maxpool(2)", new MaxPool2d(2).spec());
        assertEquals("maxpool(3,2)", new MaxPool2d(3, 2).spec());
        assertEquals("avgpool(2)", new AvgPool2d(2, 2).spec());
        assertEquals("AvgPool2d(3, stride=1)", new AvgPool2d(3, 1).describe());
    }

    @Test
    void outputShapeKeepsChannelsAndFloorsTheSpatialSizes() {
        assertEquals(Shape.of(Shape.UNKNOWN, 6, 12, 12),
                new MaxPool2d(2).inferShape(Shape.of(Shape.UNKNOWN, 6, 24, 24)));
        assertEquals(Shape.of(3, 6, 3, 2), new AvgPool2d(3, 2).inferShape(Shape.of(3, 6, 7, 6)));
        assertEquals(Shape.of(3, Shape.UNKNOWN, Shape.UNKNOWN, 2),
                new MaxPool2d(2).inferShape(Shape.of(3, Shape.UNKNOWN, Shape.UNKNOWN, 5)));
    }

    @Test
    void maxPoolBackwardSendsTheGradientToTheMaxima() {
        MaxPool2d pool = new MaxPool2d(2);
        pool.forward(IMAGE);
        Tensor dx = pool.backward(Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2));
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4}, dx.data());
    }

    @Test
    void aLaterBatchOfAnotherResolutionIsAShapeMismatch() {
        MaxPool2d pool = new MaxPool2d(2);
        pool.forward(Tensor.rand(1, 2, 3, 8, 8));
        pool.forward(Tensor.rand(2, 5, 3, 8, 8));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> pool.forward(Tensor.rand(3, 2, 3, 6, 6)));
        assertTrue(e.getMessage().contains("MaxPool2d(2)") && e.getMessage().contains("(?, 3, 8, 8)")
                && e.getMessage().contains("(2, 3, 6, 6)"), e.getMessage());
    }

    @Test
    void kernelLargerThanTheInputNamesTheSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AvgPool2d(5).inferShape(Shape.of(1, 1, 4, 9)));
        assertTrue(e.getMessage().contains("kernel size 5") && e.getMessage().contains("input size 4"), e.getMessage());
    }

    @Test
    void flatInputIsRefusedNamingNchw() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> new MaxPool2d(2).forward(Tensor.rand(1, 4, 16)));
        assertTrue(e.getMessage().contains("NCHW") && e.getMessage().contains("(4, 16)"), e.getMessage());
    }

    @Test
    void nonPositiveSizesAreRefusedWithTheValue() {
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(0));
        assertTrue(k.getMessage().contains("kernel size, but got 0"), k.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(2, -1));
        assertTrue(s.getMessage().contains("stride, but got -1"), s.getMessage());
    }
}
