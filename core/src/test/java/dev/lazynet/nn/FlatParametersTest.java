package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlatParametersTest {

    /** {@code Dense(3)} on 2 inputs then {@code Dense(1)}: 6 + 3 + 3 + 1 floats. */
    private static Sequential small() {
        Sequential net = new Sequential().add(new Dense(3, Activation.TANH), new Dense(1));
        net.initialize(Initializers.normal(1), false, 5);
        net.inferShape(Shape.of(Shape.UNKNOWN, 2));
        return net;
    }

    @Test
    void theLayoutFollowsTheParameterOrderEachRowMajor() {
        Sequential net = small();
        FlatParameters flat = FlatParameters.of(net);
        assertEquals(13, flat.size());
        List<Parameter> params = flat.parameters();
        assertEquals(List.copyOf(net.parameters().values()), params);
        assertEquals(0, flat.offset(0));
        assertEquals(6, flat.offset(1));
        assertEquals(9, flat.offset(2));
        assertEquals(12, flat.offset(3));
        float[] values = flat.values();
        Tensor w0 = ((Dense) net.get(0)).weight().data();
        assertEquals(w0.get(1, 0), values[2]);
        assertEquals(((Dense) net.get(1)).weight().data().get(0, 2), values[11]);
        assertEquals(((Dense) net.get(1)).bias().data().get(0), values[12]);
    }

    @Test
    void valuesAndSetValuesRoundTrip() {
        Sequential net = small();
        FlatParameters flat = FlatParameters.of(net);
        float[] original = flat.values();
        float[] changed = new float[flat.size()];
        for (int i = 0; i < changed.length; i++) {
            changed[i] = i * 0.25f;
        }
        flat.setValues(changed);
        assertArrayEquals(changed, flat.values());
        assertEquals(0.25f * 7, ((Dense) net.get(0)).bias().data().get(1));
        flat.setValues(original);
        assertArrayEquals(original, flat.values());
    }

    @Test
    void setValuesInitializesAShapedNetwork() {
        Sequential source = small();
        Sequential target = new Sequential().add(new Dense(3, Activation.TANH), new Dense(1));
        target.inferShape(Shape.of(Shape.UNKNOWN, 2));
        FlatParameters.of(target).setValues(FlatParameters.of(source).values());
        Tensor x = Tensor.rand(1, 4, 2);
        assertArrayEquals(source.forward(x).data(), target.forward(x).data());
    }

    @Test
    void twoNetworksFromTheSameSpecShareTheLayout() {
        Sequential a = NetworkSpec.parse("dense(5,relu) dense(2)");
        Sequential b = NetworkSpec.parse("dense(5,relu) dense(2)");
        a.initialize(Initializers.xavier(), false, 9);
        a.inferShape(Shape.of(Shape.UNKNOWN, 3));
        b.inferShape(Shape.of(Shape.UNKNOWN, 3));
        FlatParameters.of(b).setValues(FlatParameters.of(a).values());
        assertEquals(a.parameters().keySet(), b.parameters().keySet());
        Tensor x = Tensor.rand(2, 6, 3);
        assertArrayEquals(a.forward(x).data(), b.forward(x).data());
    }

    @Test
    void moveGradientsToAddsEachGradientAtItsOffsetAndLeavesZeroGradients() {
        Sequential net = small();
        FlatParameters flat = FlatParameters.of(net);
        net.zeroGrad();
        net.forward(Tensor.rand(3, 4, 2));
        net.backward(Tensor.rand(4, 4, 1));
        float[] g0 = ((Dense) net.get(0)).weight().grad().data().clone();
        float bias = ((Dense) net.get(1)).bias().grad().get(0);
        float[] sum = new float[flat.size()];
        sum[0] = 1f;
        flat.moveGradientsTo(sum);
        assertEquals(1f + g0[0], sum[0]);
        assertEquals(g0[5], sum[5]);
        assertEquals(bias, sum[12]);
        for (Parameter p : net.parameters().values()) {
            assertArrayEquals(new float[p.shape().size()], p.grad().data(), p.name());
        }
        assertThrows(IllegalArgumentException.class, () -> flat.moveGradientsTo(new float[14]));
    }

    @Test
    void runningStatisticsAreNotTrainableAndContributeNoGradient() {
        Sequential net = new Sequential().add(new Dense(2), new WithStatistic());
        net.initialize(Initializers.ones(), false);
        net.inferShape(Shape.of(Shape.UNKNOWN, 2));
        FlatParameters flat = FlatParameters.of(net);
        assertArrayEquals(new boolean[] {true, true, true, true, true, true, false, false}, flat.trainableMask());
        for (Parameter p : net.parameters().values()) {
            p.grad().fill(1f);
        }
        float[] sum = new float[flat.size()];
        flat.moveGradientsTo(sum);
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 0, 0}, sum);
    }

    @Test
    void aDeferredNetworkHasNoLayoutYet() {
        Sequential net = new Sequential().add(new Dense(3));
        DeferredInitializationException e = assertThrows(DeferredInitializationException.class,
                () -> FlatParameters.of(net));
        assertTrue(e.getMessage().contains("'0.weight'") && e.getMessage().contains("(3, ?)"), e.getMessage());
    }

    @Test
    void anArrayOfTheWrongLengthNamesBothLengths() {
        FlatParameters flat = FlatParameters.of(small());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> flat.setValues(new float[12]));
        assertTrue(e.getMessage().contains("12") && e.getMessage().contains("13"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> flat.moveGradientsTo(new float[14]));
    }

    /** The identity, carrying a running statistic the way a normalization layer does. */
    private static final class WithStatistic extends AbstractLayer {
        WithStatistic() {
            declare("running", Parameter.Role.STATISTIC_ZEROS, Shape.of(2));
        }

        @Override
        public Tensor forward(Tensor x) {
            outputShape = x.shape();
            return x;
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            return gradOutput;
        }

        @Override
        public Shape inferShape(Shape input) {
            outputShape = input;
            return input;
        }

        @Override
        public String describe() {
            return "WithStatistic";
        }

        @Override
        public String spec() {
            throw new UnsupportedOperationException("a test layer");
        }
    }
}
