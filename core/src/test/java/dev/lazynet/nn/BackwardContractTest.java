package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Tensor;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every new layer's backward pass promises, whatever its arithmetic. */
class BackwardContractTest {

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("dense", (Supplier<Layer>) () -> new Dense(3)),
                Arguments.of("dense with relu", (Supplier<Layer>) () -> new Dense(3, Activation.RELU)),
                Arguments.of("conv2d", (Supplier<Layer>) () -> new Conv2d(2, 3)),
                Arguments.of("conv2d with tanh", (Supplier<Layer>) () -> new Conv2d(2, 3, Activation.TANH)),
                Arguments.of("maxpool", (Supplier<Layer>) () -> new MaxPool2d(2)),
                Arguments.of("avgpool", (Supplier<Layer>) () -> new AvgPool2d(2)),
                Arguments.of("flatten", (Supplier<Layer>) Flatten::new),
                Arguments.of("dropout", (Supplier<Layer>) () -> new Dropout(0.5)),
                Arguments.of("batchnorm", (Supplier<Layer>) BatchNorm::new),
                Arguments.of("relu", (Supplier<Layer>) () -> new ActivationLayer(Activation.RELU)));
    }

    private static Layer fresh(Supplier<Layer> factory) {
        Layer layer = factory.get();
        layer.initialize(Initializers.xavier());
        return layer;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void backwardBeforeForwardIsRefused(String name, Supplier<Layer> factory) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> fresh(factory).backward(Tensor.zeros(2, 2, 4, 4)));
        assertTrue(e.getMessage().contains("before forward"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void aGradientOfAnotherShapeThanTheOutputIsRefused(String name, Supplier<Layer> factory) {
        Layer layer = fresh(factory);
        layer.forward(Tensor.rand(1, 2, 2, 6, 6));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> layer.backward(Tensor.zeros(3, 1, 7)));
        assertTrue(e.getMessage().contains("(3, 1, 7)") && e.getMessage().contains("backward"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void noInputGradientIsComputedWhenNoneIsNeeded(String name, Supplier<Layer> factory) {
        Layer layer = fresh(factory);
        layer.setInputGradientNeeded(false);
        Tensor y = layer.forward(Tensor.rand(2, 2, 2, 6, 6));
        assertNull(layer.backward(Tensor.rand(3, y.shape().dims())));
    }

    /** The incoming gradient belongs to the caller (often the next layer's buffer), with or without reuse. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void backwardOnlyReadsTheIncomingGradient(String name, Supplier<Layer> factory) {
        for (boolean reuse : new boolean[] {false, true}) {
            Layer layer = fresh(factory);
            layer.setReuseBuffers(reuse);
            Tensor y = layer.forward(Tensor.rand(2, 2, 2, 6, 6));
            Tensor g = Tensor.rand(3, y.shape().dims());
            float[] before = g.data().clone();
            layer.backward(g);
            assertArrayEquals(before, g.data(), name + " with reuse " + reuse);
        }
    }

    @Test
    void anImageWhoseColumnsOverflowAnArrayIsRefusedNamingItsSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2d.columnsSize(41_472, 1, 52_900));
        assertTrue(e.getMessage().contains("columns of 1 image need 2193868800 floats (41472 x 52900 per image)")
                && e.getMessage().contains("smaller images"), e.getMessage());
        assertEquals(150 * 13 * 64, Conv2d.columnsSize(150, 13, 64));
    }
}
