package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Flatten and the stand-alone activation layers. */
class FlattenAndActivationLayerTest {

    @Test
    void flattenViewsEachSampleAsOneVectorWithoutCopying() {
        Tensor x = Tensor.rand(1, 2, 3, 4, 5);
        Tensor y = new Flatten().forward(x);
        assertEquals(Shape.of(2, 60), y.shape());
        assertSame(x.data(), y.data());
    }

    @Test
    void flattenOutputIsUnknownWhileAnyFeatureDimensionIs() {
        assertEquals(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN),
                new Flatten().inferShape(Shape.of(Shape.UNKNOWN, 16, Shape.UNKNOWN, Shape.UNKNOWN)));
        assertEquals(Shape.of(Shape.UNKNOWN, 256), new Flatten().inferShape(Shape.of(Shape.UNKNOWN, 16, 4, 4)));
    }

    @Test
    void flattenBackwardRestoresTheInputShape() {
        Flatten flatten = new Flatten();
        flatten.forward(Tensor.rand(1, 2, 3, 2));
        assertEquals(Shape.of(2, 3, 2), flatten.backward(Tensor.rand(2, 2, 6)).shape());
    }

    @Test
    void flattenRefusesAnInputWithoutABatchDimension() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> new Flatten().inferShape(Shape.of(7)));
        assertTrue(e.getMessage().contains("(7,)") && e.getMessage().contains("batch"), e.getMessage());
    }

    @Test
    void flattenRefusesALaterSampleOfAnotherShape() {
        Flatten flatten = new Flatten();
        flatten.forward(Tensor.rand(1, 2, 3, 4));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> flatten.forward(Tensor.rand(2, 2, 4, 3)));
        assertTrue(e.getMessage().contains("(?, 3, 4)") && e.getMessage().contains("(2, 4, 3)"), e.getMessage());
    }

    @Test
    void activationLayersApplyTheirFunctionElementwise() {
        Tensor x = Tensor.of(new float[] {-2, 0, 3}, 1, 3);
        assertArrayEquals(new float[] {0, 0, 3}, new ActivationLayer(Activation.RELU).forward(x).data());
        assertArrayEquals(new float[] {(float) Math.tanh(-2), 0, (float) Math.tanh(3)},
                new ActivationLayer(Activation.TANH).forward(x).data(), 1e-6f);
        assertEquals(0.5f, new ActivationLayer(Activation.SIGMOID).forward(x).get(0, 1), 1e-7f);
        assertArrayEquals(new float[] {-2, 0, 3}, x.data(), "the input is left unchanged");
    }

    @Test
    void activationLayerSpecIsTheActivationName() {
        assertEquals("relu", new ActivationLayer(Activation.RELU).spec());
        assertEquals("sigmoid", new ActivationLayer(Activation.SIGMOID).spec());
        assertEquals("Activation(tanh)", new ActivationLayer(Activation.TANH).describe());
    }

    @Test
    void identityActivationLayerIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ActivationLayer(Activation.NONE));
        assertTrue(e.getMessage().contains("none"), e.getMessage());
    }
}
