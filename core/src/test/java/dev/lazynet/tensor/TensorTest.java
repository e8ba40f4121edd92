package dev.lazynet.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void ofWrapsTheArrayRowMajorWithoutCopying() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(data, 2, 3);
        assertSame(data, t.data());
        assertEquals(Shape.of(2, 3), t.shape());
        assertEquals(6f, t.get(1, 2));
        assertEquals(4f, t.get(1, 0));
        assertEquals(3f, t.get(0, 2));
    }

    @Test
    void ofRejectsAShapeThatDoesNotHoldTheArray() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void ofAndZerosRejectUnknownDimensions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(Shape.of(Shape.UNKNOWN, 3)));
        assertTrue(e.getMessage().contains("(?, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[3], Shape.of(Shape.UNKNOWN, 3)));
    }

    @Test
    void zerosIsAllZero() {
        Tensor t = Tensor.zeros(3, 4);
        assertEquals(12, t.size());
        for (float v : t.data()) {
            assertEquals(0f, v);
        }
    }

    @Test
    void randIsDeterministicPerSeedAndInTheUnitInterval() {
        Tensor a = Tensor.rand(42, 100, 10);
        Tensor b = Tensor.rand(42, 100, 10);
        Tensor c = Tensor.rand(43, 100, 10);
        assertArrayEquals(a.data(), b.data());
        assertFalse(Arrays.equals(a.data(), c.data()));
        for (float v : a.data()) {
            assertTrue(v >= 0f && v < 1f, "value " + v);
        }
    }

    @Test
    void setWritesTheIndexedElement() {
        Tensor t = Tensor.zeros(2, 3, 4);
        t.set(7f, 1, 2, 3);
        assertEquals(7f, t.get(1, 2, 3));
        assertEquals(7f, t.data()[1 * 12 + 2 * 4 + 3]);
    }

    @Test
    void anIndexWithTheWrongNumberOfCoordinatesNamesIndexAndShape() {
        Tensor t = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.get(1));
        assertTrue(e.getMessage().contains("[1]") && e.getMessage().contains("(2, 3)"), e.getMessage());
    }

    @Test
    void anIndexOutsideTheShapeNamesIndexAndShape() {
        Tensor t = Tensor.zeros(2, 3);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, 3));
        assertTrue(e.getMessage().contains("[0, 3]") && e.getMessage().contains("(2, 3)"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> t.set(1f, -1, 0));
    }

    @Test
    void reshapeIsAViewOfTheSameData() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor v = t.reshape(3, 2);
        assertSame(t.data(), v.data());
        assertEquals(Shape.of(3, 2), v.shape());
        assertEquals(4f, v.get(1, 1));
        v.set(40f, 1, 1);
        assertEquals(40f, t.get(1, 0));
    }

    @Test
    void reshapeToAnotherSizeNamesBothShapes() {
        Tensor t = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 2)"), e.getMessage());
    }

    @Test
    void copyIsIndependent() {
        Tensor t = Tensor.of(new float[] {1, 2}, 2);
        Tensor c = t.copy();
        c.fill(9f);
        assertArrayEquals(new float[] {1, 2}, t.data());
        assertArrayEquals(new float[] {9, 9}, c.data());
    }
}
