package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Conv2d's shapes, closed-form outputs and errors. */
class Conv2dTest {

    @Test
    void weightShapeIsDeferredUntilTheFirstBatchGivesTheChannels() {
        Conv2d conv = new Conv2d(6, 5);
        conv.initialize(Initializers.xavier());
        assertEquals(Shape.of(6, Shape.UNKNOWN, 5, 5), conv.weight().shape());
        assertFalse(conv.weight().isInitialized());
        Tensor y = conv.forward(Tensor.rand(1, 2, 3, 28, 28));
        assertEquals(Shape.of(6, 3, 5, 5), conv.weight().shape());
        assertTrue(conv.weight().isInitialized());
        assertEquals(Shape.of(2, 6, 24, 24), y.shape());
    }

    @Test
    void inChannelsGivesTheWeightShapeAtOnce() {
        Conv2d conv = new Conv2d(4, 3).inChannels(2);
        conv.initialize(Initializers.constant(0.5));
        assertTrue(conv.weight().isInitialized());
        assertEquals(Shape.of(4, 2, 3, 3), conv.weight().data().shape());
    }

    @Test
    void strideAndPaddingGiveTheFloorFormulaShape() {
        Conv2d conv = new Conv2d(8, 3).stride(2).padding(1);
        assertEquals(Shape.of(Shape.UNKNOWN, 8, 14, 14), conv.inferShape(Shape.of(Shape.UNKNOWN, 1, 28, 28)));
        assertEquals(Shape.of(Shape.UNKNOWN, 8, 4, 3), new Conv2d(8, 3).stride(2).inferShape(
                Shape.of(Shape.UNKNOWN, 1, 9, 8)));
    }

    @Test
    void unknownSpatialSizesStayUnknownInTheOutputShape() {
        Conv2d conv = new Conv2d(8, 3);
        assertEquals(Shape.of(5, 8, Shape.UNKNOWN, Shape.UNKNOWN),
                conv.inferShape(Shape.of(5, 3, Shape.UNKNOWN, Shape.UNKNOWN)));
        assertEquals(Shape.of(8, 3, 3, 3), conv.weight().shape());
    }

    @Test
    void forwardWithConstantWeightsSumsEachPaddedWindow() {
        Conv2d conv = new Conv2d(1, 3).padding(1);
        conv.initialize(Initializers.ones());
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor y = conv.forward(x);
        assertArrayEquals(new float[] {12, 21, 16, 27, 45, 33, 24, 39, 28}, y.data());
    }

    @Test
    void biasIsAddedPerOutputChannelAndActivationApplied() {
        Conv2d conv = new Conv2d(2, 1, Activation.RELU).inChannels(1);
        conv.initialize(Initializers.ones());
        conv.bias().setData(Tensor.of(new float[] {-10, 1}, 2));
        Tensor y = conv.forward(Tensor.of(new float[] {1, 2, 3, 20}, 1, 1, 2, 2));
        assertArrayEquals(new float[] {0, 0, 0, 10, 2, 3, 4, 21}, y.data());
    }

    @Test
    void anyBatchSizeWorksAfterTheFirst() {
        Conv2d conv = new Conv2d(2, 3);
        conv.initialize();
        conv.forward(Tensor.rand(1, 4, 1, 6, 6));
        assertEquals(Shape.of(1, 2, 4, 4), conv.forward(Tensor.rand(2, 1, 1, 6, 6)).shape());
        assertEquals(Shape.of(7, 2, 4, 4), conv.forward(Tensor.rand(3, 7, 1, 6, 6)).shape());
    }

    @Test
    void aBatchOfSeveralChunksGivesWhatItsImagesGiveOneAtATime() {
        // 2 channels of 40x40 with a 3x3 kernel: 18 x 1444 column floats per image, 5 images per chunk,
        // so a batch of 12 runs as chunks of 5, 5 and 2.
        int batch = 12;
        int image = 2 * 40 * 40;
        int outImage = 3 * 38 * 38;
        Tensor x = Tensor.rand(11, batch, 2, 40, 40);
        Tensor g = Tensor.rand(12, batch, 3, 38, 38);
        Conv2d whole = chunkTestLayer();
        Tensor y = whole.forward(x);
        float[] dx = whole.backward(g).data();
        Conv2d single = chunkTestLayer();
        for (int n = 0; n < batch; n++) {
            float[] xn = Arrays.copyOfRange(x.data(), n * image, (n + 1) * image);
            float[] gn = Arrays.copyOfRange(g.data(), n * outImage, (n + 1) * outImage);
            float[] yn = single.forward(Tensor.of(xn, 1, 2, 40, 40)).data();
            float[] dxn = single.backward(Tensor.of(gn, 1, 3, 38, 38)).data();
            assertArrayEquals(yn, Arrays.copyOfRange(y.data(), n * outImage, (n + 1) * outImage), 1e-5f,
                    "output of image " + n);
            assertArrayEquals(dxn, Arrays.copyOfRange(dx, n * image, (n + 1) * image), 1e-5f,
                    "input gradient of image " + n);
        }
        // The sums over the batch run in another order, so they agree to float precision of their size.
        assertArrayEquals(single.weight().grad().data(), whole.weight().grad().data(),
                1e-5f * maxAbs(single.weight().grad().data()), "weight gradient");
        assertArrayEquals(single.bias().grad().data(), whole.bias().grad().data(),
                1e-5f * maxAbs(single.bias().grad().data()), "bias gradient");
    }

    private static float maxAbs(float[] values) {
        float max = 0f;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static Conv2d chunkTestLayer() {
        Conv2d conv = new Conv2d(3, 3, Activation.RELU).inChannels(2);
        conv.initialize(Initializers.xavier(), false, 3);
        conv.setInputGradientNeeded(true);
        return conv;
    }

    @Test
    void aLaterBatchOfAnotherResolutionIsAShapeMismatch() {
        Conv2d conv = new Conv2d(2, 3);
        conv.initialize();
        conv.forward(Tensor.rand(1, 4, 1, 8, 8));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> conv.forward(Tensor.rand(2, 4, 1, 10, 10)));
        assertTrue(e.getMessage().contains("Conv2d(2, 3)"), e.getMessage());
        assertEquals(Shape.of(Shape.UNKNOWN, 1, 8, 8), e.expected());
        assertEquals(Shape.of(4, 1, 10, 10), e.actual());
    }

    @Test
    void otherChannelsThanInChannelsAreAShapeMismatch() {
        Conv2d conv = new Conv2d(2, 3).inChannels(3);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> conv.inferShape(Shape.of(Shape.UNKNOWN, 1, 8, 8)));
        assertTrue(e.getMessage().contains("3 input channels") && e.getMessage().contains("(?, 1, 8, 8)"),
                e.getMessage());
    }

    @Test
    void flatInputIsRefusedWithAHintToViewItAsImages() {
        Conv2d conv = new Conv2d(6, 5);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> conv.forward(Tensor.rand(1, 2, 784)));
        assertTrue(e.getMessage().contains("NCHW"), e.getMessage());
        assertTrue(e.getMessage().contains("(2, 784)"), e.getMessage());
        assertTrue(e.getMessage().contains("setInputShape") && e.getMessage().contains("reshape"), e.getMessage());
    }

    @Test
    void kernelLargerThanThePaddedInputNamesTheSizes() {
        Conv2d conv = new Conv2d(6, 5).padding(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.inferShape(Shape.of(Shape.UNKNOWN, 1, 2, 8)));
        assertTrue(e.getMessage().contains("Conv2d(6, 5, padding=1)"), e.getMessage());
        assertTrue(e.getMessage().contains("kernel size 5") && e.getMessage().contains("padded input size 4"),
                e.getMessage());
    }

    @Test
    void nonPositiveSizesAreRefusedWithTheValue() {
        assertMessageContains(() -> new Conv2d(0, 3), "output channels, but got 0");
        assertMessageContains(() -> new Conv2d(4, -1), "kernel size, but got -1");
        assertMessageContains(() -> new Conv2d(4, 3).stride(0), "stride must be positive, but got 0");
        assertMessageContains(() -> new Conv2d(4, 3).padding(-2), "padding must be >= 0, but got -2");
        assertMessageContains(() -> new Conv2d(4, 3).inChannels(-3), "inChannels must be positive, but got -3");
    }

    @Test
    void backwardBeforeForwardIsRefused() {
        Conv2d conv = new Conv2d(2, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> conv.backward(Tensor.zeros(1, 2, 2, 2)));
        assertTrue(e.getMessage().contains("before forward"), e.getMessage());
    }

    @Test
    void specAndDescriptionShowOnlyNonDefaultOptions() {
        assertEquals("conv2d(6,5)", new Conv2d(6, 5).spec());
        assertEquals("conv2d(6,5,relu,stride=2,padding=1)",
                new Conv2d(6, 5, Activation.RELU).stride(2).padding(1).spec());
        assertEquals("Conv2d(6, 5, stride=2, relu)", new Conv2d(6, 5, Activation.RELU).stride(2).describe());
    }

    private static void assertMessageContains(Runnable action, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
