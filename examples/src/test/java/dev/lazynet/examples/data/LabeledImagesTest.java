package dev.lazynet.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabeledImagesTest {

    /** Three images of 1x2 pixels: (0, 1), (2, 3), (4, 5), labelled 7, 8, 9. */
    private final LabeledImages three = new LabeledImages(1, 2, new float[] {0, 1, 2, 3, 4, 5}, new int[] {7, 8, 9});

    @Test
    void firstKeepsTheLeadingImagesWithTheirLabels() {
        LabeledImages two = three.first(2);
        assertEquals(2, two.count());
        assertArrayEquals(new float[] {0, 1, 2, 3}, two.pixels());
        assertArrayEquals(new int[] {7, 8}, two.labels());
    }

    @Test
    void firstOfMoreThanThereAreIsTheSameImages() {
        assertSame(three, three.first(3));
        assertSame(three, three.first(100));
    }

    @Test
    void firstOfANegativeCountIsRejectedWithTheCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> three.first(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void standardizedPixelsHaveZeroMeanAndUnitSpread() {
        double mean = three.pixelMean();
        double std = three.pixelStd(mean);
        assertEquals(2.5, mean, 1e-12);
        assertEquals(Math.sqrt(17.5 / 6), std, 1e-12);
        LabeledImages scaled = three.standardized(mean, std);
        assertEquals(0, scaled.pixelMean(), 1e-6);
        assertEquals(1, scaled.pixelStd(0), 1e-6);
        assertEquals((float) (-2.5 / std), scaled.pixels()[0], 1e-6f);
        assertArrayEquals(three.labels(), scaled.labels());
    }

    @Test
    void standardizingByAZeroSpreadIsRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> three.standardized(1, 0));
        assertTrue(e.getMessage().contains("standard deviation of 0.0"), e.getMessage());
    }
}
