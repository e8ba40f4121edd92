package dev.lazynet.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {

    private static final int U = Shape.UNKNOWN;

    @Test
    void dimsReturnsACopySoTheShapeCannotBeChanged() {
        Shape s = Shape.of(2, 3);
        int[] dims = s.dims();
        dims[0] = 99;
        assertEquals(2, s.dim(0));
        assertArrayEquals(new int[] {2, 3}, s.dims());
    }

    @Test
    void theArrayGivenToOfIsCopied() {
        int[] dims = {4, 5};
        Shape s = Shape.of(dims);
        dims[1] = 7;
        assertEquals(Shape.of(4, 5), s);
    }

    @Test
    void unknownDimensionsPrintAsQuestionMarks() {
        assertEquals("(256, ?)", Shape.of(256, U).toString());
        assertEquals("(?, 20)", Shape.of(U, 20).toString());
        assertEquals("(10,)", Shape.of(10).toString());
        assertEquals("()", Shape.of().toString());
    }

    @Test
    void sizeAndKnownnessFollowTheDimensions() {
        Shape s = Shape.of(2, 3, 4);
        assertTrue(s.isKnown());
        assertEquals(3, s.rank());
        assertEquals(24, s.size());
        assertEquals(12, s.sizeFrom(1));
        assertEquals(1, Shape.of().size());
        assertFalse(Shape.of(2, U).isKnown());
    }

    @Test
    void sizeOfAShapeWithUnknownsIsAnErrorNamingTheShape() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Shape.of(256, U).size());
        assertTrue(e.getMessage().contains("(256, ?)"), e.getMessage());
    }

    @Test
    void zeroOrNegativeDimensionsAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(3, 0));
        assertTrue(e.getMessage().contains("is 0"), e.getMessage());
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> Shape.of(-5));
        assertTrue(neg.getMessage().contains("-5"), neg.getMessage());
    }

    @Test
    void refineFillsUnknownDimensionsOnly() {
        assertEquals(Shape.of(256, 20), Shape.of(256, U).refine(Shape.of(256, 20)));
        assertEquals(Shape.of(256, 20), Shape.of(256, U).refine(Shape.of(U, 20)));
        assertEquals(Shape.of(256, U), Shape.of(256, U).refine(Shape.of(U, U)));
        assertEquals(Shape.of(256, 20), Shape.of(256, 20).refine(Shape.of(U, U)));
    }

    @Test
    void refineNeverChangesAKnownDimension() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.of(256, 20).refine(Shape.of(256, 30)));
        assertTrue(e.getMessage().contains("(256, 20)") && e.getMessage().contains("(256, 30)"), e.getMessage());
    }

    @Test
    void compatibilityNeedsTheSameRankAndAgreementWhereBothAreKnown() {
        assertTrue(Shape.of(256, U).isCompatible(Shape.of(256, 20)));
        assertTrue(Shape.of(U, U).isCompatible(Shape.of(1, 2)));
        assertFalse(Shape.of(256, U).isCompatible(Shape.of(128, 20)));
        assertFalse(Shape.of(256, U).isCompatible(Shape.of(256)));
        assertFalse(Shape.of(2, 3).isCompatible(Shape.of(2, 3, 1)));
    }

    @Test
    void dropFirstAndPrependBuildNewShapes() {
        Shape s = Shape.of(U, 1, 28, 28);
        assertEquals(Shape.of(1, 28, 28), s.dropFirst());
        assertEquals(Shape.of(64, 1, 28, 28), s.dropFirst().prepend(64));
        assertEquals(Shape.of(U, 1, 28, 28), s);
    }

    @Test
    void equalShapesAreEqualAndHashAlike() {
        assertEquals(Shape.of(2, U), Shape.of(2, U));
        assertEquals(Shape.of(2, U).hashCode(), Shape.of(2, U).hashCode());
        assertNotEquals(Shape.of(2, 3), Shape.of(3, 2));
    }

    @Test
    void parseAcceptsCommaListsParenthesesAndQuestionMarks() {
        assertEquals(Shape.of(1, 28, 28), Shape.parse("1,28,28"));
        assertEquals(Shape.of(1, 28, 28), Shape.parse("(1, 28, 28)"));
        assertEquals(Shape.of(784), Shape.parse(" 784 "));
        assertEquals(Shape.of(U, 20), Shape.parse("?,20"));
        assertEquals(Shape.of(256, U), Shape.parse(Shape.of(256, U).toString().replace(")", "").replace("(", "")));
    }

    @Test
    void parseNamesTheBadTokenAndItsPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.parse("1,x8,28"));
        assertTrue(e.getMessage().contains("\"x8\"") && e.getMessage().contains("position 1"), e.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> Shape.parse("3,0"));
        assertTrue(zero.getMessage().contains("0 at position 1"), zero.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> Shape.parse("1,,2"));
        assertTrue(empty.getMessage().contains("\"\" at position 1"), empty.getMessage());
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> Shape.parse("  "));
        assertTrue(blank.getMessage().contains("empty"), blank.getMessage());
    }
}
