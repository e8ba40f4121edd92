package dev.lazynet.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InitializersTest {

    /** Mean, standard deviation, minimum and maximum of a weight filled by {@code init}. */
    private record Stats(double mean, double std, double min, double max) {
    }

    private static Stats fill(Initializer init, int... shape) {
        Tensor t = Tensor.zeros(shape);
        init.initWeight("w", t, new Random(12345));
        double sum = 0;
        double sq = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : t.data()) {
            sum += v;
            sq += (double) v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / t.size();
        return new Stats(mean, Math.sqrt(sq / t.size() - mean * mean), min, max);
    }

    @Test
    void constantZerosAndOnesFillExactValues() {
        Stats c = fill(Initializers.constant(42), 3, 4);
        assertEquals(42.0, c.min());
        assertEquals(42.0, c.max());
        Stats z = fill(Initializers.zeros(), 5);
        assertEquals(0.0, z.min());
        assertEquals(0.0, z.max());
        Stats o = fill(Initializers.ones(), 2, 2);
        assertEquals(1.0, o.min());
        assertEquals(1.0, o.max());
    }

    @Test
    void biasesStayZeroWhateverTheWeightScheme() {
        Tensor b = Tensor.zeros(4);
        b.fill(3f);
        Initializers.constant(42).initBias("b", b, new Random(1));
        assertArrayEquals(new float[4], b.data());
    }

    @Test
    void uniformStaysInItsRangeWithTheDefaultScaleOfSevenHundredths() {
        assertEquals(0.07, Initializers.DEFAULT_UNIFORM_SCALE);
        Stats s = fill(Initializers.uniform(), 400, 500);
        assertTrue(s.min() >= -0.07 && s.min() < -0.0699, "min " + s.min());
        assertTrue(s.max() <= 0.07 && s.max() > 0.0699, "max " + s.max());
        assertEquals(0.0, s.mean(), 1e-3);
        assertEquals(0.07 / Math.sqrt(3), s.std(), 0.01 * 0.07 / Math.sqrt(3));
        Stats wide = fill(Initializers.uniform(2.5), 100, 100);
        assertTrue(wide.min() >= -2.5 && wide.max() <= 2.5 && wide.max() > 2.45, wide.toString());
    }

    @Test
    void normalHasTheRequestedMeanAndStandardDeviation() {
        Stats s = fill(Initializers.normal(0.5), 400, 500);
        assertEquals(0.0, s.mean(), 0.005);
        assertEquals(0.5, s.std(), 0.005);
    }

    @Test
    void xavierIsUniformWithinTheGlorotBound() {
        Stats s = fill(Initializers.xavier(), 300, 200);
        double bound = Math.sqrt(6.0 / (200 + 300));
        assertTrue(s.min() >= -bound && s.max() <= bound, s + " vs bound " + bound);
        assertTrue(s.max() > 0.99 * bound && s.min() < -0.99 * bound, s + " vs bound " + bound);
        assertEquals(bound / Math.sqrt(3), s.std(), 0.01 * bound);
    }

    @Test
    void kaimingIsNormalWithStandardDeviationFromTheFanIn() {
        Stats s = fill(Initializers.kaiming(), 500, 400);
        assertEquals(0.0, s.mean(), 0.002);
        assertEquals(Math.sqrt(2.0 / 400), s.std(), 0.01 * Math.sqrt(2.0 / 400));
    }

    @Test
    void fansCountTheReceptiveFieldOfAConvolutionWeight() {
        assertArrayEquals(new int[] {20, 256}, Initializers.fans(Shape.of(256, 20)));
        assertArrayEquals(new int[] {1 * 25, 6 * 25}, Initializers.fans(Shape.of(6, 1, 5, 5)));
        assertArrayEquals(new int[] {7, 7}, Initializers.fans(Shape.of(7)));
    }

    @Test
    void theSameGeneratorGivesTheSameValues() {
        Tensor a = Tensor.zeros(10, 10);
        Tensor b = Tensor.zeros(10, 10);
        Initializers.xavier().initWeight("w", a, new Random(3));
        Initializers.xavier().initWeight("w", b, new Random(3));
        assertArrayEquals(a.data(), b.data());
    }

    @Test
    void parseReadsTheTextForms() {
        assertEquals("xavier", Initializers.parse("xavier").toString());
        assertEquals("normal(0.01)", Initializers.parse("normal(0.01)").toString());
        assertEquals("normal(0.01)", Initializers.parse("normal").toString());
        assertEquals("uniform(0.07)", Initializers.parse("uniform").toString());
        assertEquals("uniform(0.5)", Initializers.parse(" Uniform( 0.5 ) ").toString());
        assertEquals("constant(1.0)", Initializers.parse("constant(1)").toString());
        assertEquals("kaiming", Initializers.parse("kaiming").toString());
        assertEquals("zeros", Initializers.parse("zeros").toString());
        assertEquals("ones", Initializers.parse("ones").toString());
        Stats one = fill(Initializers.parse("constant(1)"), 3);
        assertEquals(1.0, one.min());
        assertEquals(1.0, one.max());
        Stats normal = fill(Initializers.parse("normal(0.01)"), 300, 300);
        assertEquals(0.01, normal.std(), 0.0002);
    }

    @Test
    void parseErrorsNameTheBadText() {
        assertParseError("gaussian(1)", "Unknown initializer \"gaussian(1)\"");
        assertParseError("normal(abc)", "\"abc\"");
        assertParseError("normal(0.01", "closing parenthesis");
        assertParseError("constant", "needs a value");
        assertParseError("xavier(2)", "\"xavier(2)\"");
        assertParseError("normal(-1)", "-1.0");
        assertParseError("uniform(nan)", "\"nan\"");
        assertParseError("uniform(1e999)", "non-finite");
        assertParseError(" ", "empty");
    }

    private static void assertParseError(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializers.parse(text));
        assertTrue(e.getMessage().contains(expected), text + " gave: " + e.getMessage());
        assertTrue(e.getMessage().contains("valid") || e.getMessage().contains("e.g.")
                || e.getMessage().contains("non-negative"), text + " gave: " + e.getMessage());
    }
}
