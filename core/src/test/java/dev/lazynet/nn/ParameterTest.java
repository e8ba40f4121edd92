package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Seeds;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ParameterTest {

    private static final int U = Shape.UNKNOWN;

    private static Parameter weight(int... dims) {
        return new Parameter("0.weight", Parameter.Role.WEIGHT, Shape.of(dims), null);
    }

    @Test
    void statesGoFromDeclaredToShapedToInitialized() {
        Parameter p = weight(3, U);
        assertEquals(Parameter.State.DECLARED, p.state());
        p.refineShape(Shape.of(3, 4), "test layer");
        assertEquals(Parameter.State.SHAPED, p.state());
        assertFalse(p.isInitialized());
        p.initialize(Initializers.ones(), false);
        assertEquals(Parameter.State.INITIALIZED, p.state());
        assertEquals("Parameter 0.weight (3, 4) initialized", p.toString());
    }

    @Test
    void aPendingInitializerRunsWhenTheShapeBecomesKnown() {
        Parameter p = weight(3, U);
        p.initialize(Initializers.constant(2), false);
        assertTrue(p.hasPendingInitializer());
        p.refineShape(Shape.of(3, U), "test layer");
        assertFalse(p.isInitialized());
        p.refineShape(Shape.of(3, 2), "test layer");
        assertFalse(p.hasPendingInitializer());
        assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2}, p.data().data());
        assertArrayEquals(new float[6], p.grad().data());
    }

    @Test
    void refiningAKnownDimensionToAnotherValueNamesTheLayerParameterAndShapes() {
        Parameter p = weight(3, 4);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> p.refineShape(Shape.of(3, 5), "Dense(3) at 0"));
        String m = e.getMessage();
        assertTrue(m.contains("Dense(3) at 0") && m.contains("'0.weight'"), m);
        assertTrue(m.contains("(3, 4)") && m.contains("(3, 5)"), m);
    }

    @Test
    void dataOfAShapedButUninitializedParameterSaysToCallInitialize() {
        Parameter p = weight(3, 4);
        DeferredInitializationException e = assertThrows(DeferredInitializationException.class, p::data);
        assertTrue(e.getMessage().contains("'0.weight'") && e.getMessage().contains("(3, 4)")
                && e.getMessage().contains("initialize()"), e.getMessage());
    }

    @Test
    void setDataWithTheWrongShapeIsAShapeMismatchNamingBothShapes() {
        Parameter p = weight(3, 4);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> p.setData(Tensor.zeros(4, 3)));
        String m = e.getMessage();
        assertTrue(m.contains("'0.weight'") && m.contains("(3, 4)") && m.contains("(4, 3)"), m);
        assertThrows(ShapeMismatchException.class, () -> p.setData(Tensor.zeros(12)));
    }

    @Test
    void setDataRejectsNaNAndInfinityNamingTheIndexAndValue() {
        Parameter p = weight(2, 2);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> p.setData(Tensor.of(new float[] {1, 2, Float.NaN, 4}, 2, 2)));
        assertTrue(nan.getMessage().contains("'0.weight'") && nan.getMessage().contains("element 2 is NaN"),
                nan.getMessage());
        IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                () -> p.setData(Tensor.of(new float[] {Float.NEGATIVE_INFINITY, 2, 3, 4}, 2, 2)));
        assertTrue(inf.getMessage().contains("element 0 is -Infinity"), inf.getMessage());
        assertFalse(p.isInitialized());
    }

    @Test
    void setDataOnADeferredParameterFixesItsShapeAndReplacesThePendingInitializer() {
        Parameter p = weight(2, U);
        p.initialize(Initializers.constant(9), false);
        float[] values = {1, 2, 3, 4, 5, 6};
        p.setData(Tensor.of(values, 2, 3));
        assertEquals(Shape.of(2, 3), p.shape());
        assertFalse(p.hasPendingInitializer());
        p.refineShape(Shape.of(2, 3), "test layer");
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, p.data().data());
    }

    @Test
    void setDataCopiesTheValues() {
        Parameter p = weight(2);
        float[] values = {1, 2};
        p.setData(Tensor.of(values, 2));
        values[0] = 100;
        assertEquals(1f, p.data().get(0));
    }

    @Test
    void setDataOnADenseWeightBeforeDataKeepsThoseValuesThroughTheFirstForward() {
        Dense d = new Dense(2);
        d.initialize(Initializers.constant(5));
        d.weight().setData(Tensor.of(new float[] {1, 0, 0, 1}, 2, 2));
        Tensor y = d.forward(Tensor.of(new float[] {3, 4}, 1, 2));
        assertArrayEquals(new float[] {3, 4}, y.data());
    }

    @Test
    void zeroGradClearsTheGradient() {
        Parameter p = weight(2);
        p.initialize(Initializers.ones(), false);
        p.grad().fill(3f);
        p.zeroGrad();
        assertArrayEquals(new float[2], p.grad().data());
    }

    @Test
    void theSameSeedAndNameGiveTheSameValuesAndADifferentSeedOrNameDoesNot() {
        Parameter a = weight(4, 5);
        Parameter b = weight(4, 5);
        Parameter c = weight(4, 5);
        Parameter other = new Parameter("1.weight", Parameter.Role.WEIGHT, Shape.of(4, 5), null);
        a.initialize(Initializers.normal(1), false, 17);
        b.initialize(Initializers.normal(1), false, 17);
        c.initialize(Initializers.normal(1), false, 18);
        other.initialize(Initializers.normal(1), false, 17);
        assertArrayEquals(a.data().data(), b.data().data());
        assertFalse(Arrays.equals(a.data().data(), c.data().data()));
        assertFalse(Arrays.equals(a.data().data(), other.data().data()));
        assertNotEquals(Seeds.ofName(17, "0.weight"), Seeds.ofName(17, "0.bias"));
        assertEquals(Seeds.ofName(17, "0.weight"), Seeds.ofName(17, "0.weight"));
    }

    @Test
    void rolesDecideHowAParameterIsFilledAndWhetherItIsTrained() {
        Parameter bias = new Parameter("b", Parameter.Role.BIAS, Shape.of(3), null);
        Parameter scale = new Parameter("gamma", Parameter.Role.ONES, Shape.of(3), null);
        Parameter stat = new Parameter("mean", Parameter.Role.STATISTIC_ZEROS, Shape.of(3), null);
        for (Parameter p : new Parameter[] {bias, scale, stat}) {
            p.initialize(Initializers.constant(7), false);
        }
        assertArrayEquals(new float[3], bias.data().data());
        assertArrayEquals(new float[] {1, 1, 1}, scale.data().data());
        assertArrayEquals(new float[3], stat.data().data());
        assertTrue(bias.isTrainable() && scale.isTrainable());
        assertFalse(stat.isTrainable());
    }
}
