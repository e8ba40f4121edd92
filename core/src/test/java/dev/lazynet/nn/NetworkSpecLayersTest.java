package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spec tokens of the convolutional, pooling, normalization and activation layers. */
class NetworkSpecLayersTest {

    @Test
    void lenetSpecBuildsTheLayersInOrder() {
        Sequential net = NetworkSpec.parse("conv2d(6,5,relu) maxpool(2) flatten dense(120,relu) dense(10)");
        assertEquals(5, net.size());
        assertInstanceOf(Conv2d.class, net.get(0));
        assertInstanceOf(MaxPool2d.class, net.get(1));
        assertInstanceOf(Flatten.class, net.get(2));
        assertEquals("Dense(120, relu)", net.get(3).describe());
        assertEquals(Shape.of(6, Shape.UNKNOWN, 5, 5), ((Conv2d) net.get(0)).weight().shape());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "conv2d(6,5,relu) maxpool(2) flatten dense(120,relu) dense(10)",
        "conv2d(16,3,tanh,stride=2,padding=1) avgpool(3,2) batchnorm relu flatten dropout(0.25) dense(10)",
        "conv2d(8,3,padding=2) batchnorm sigmoid maxpool(3,1) conv2d(4,1) tanh flatten dense(3,sigmoid)",
        "dense(64) batchnorm relu dropout(0.5) dense(2)"})
    void formatThenParseRoundTrips(String spec) {
        Sequential net = NetworkSpec.parse(spec);
        String formatted = NetworkSpec.format(net);
        assertEquals(spec, formatted);
        assertEquals(formatted, NetworkSpec.format(NetworkSpec.parse(formatted)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "dense(256,relu) dense(10)",
        "conv2d(16,3,tanh,stride=2,padding=1) avgpool(3,2) batchnorm relu flatten dropout(0.25) dense(10)"})
    void toStringIsTheSpecThatParsesBackToTheSameNetwork(String spec) {
        Sequential net = NetworkSpec.parse(spec);
        net.inferShape(Shape.of(Shape.UNKNOWN, 1, 12, 12));

        assertEquals(spec, net.toString());
        Sequential again = NetworkSpec.parse(net.toString());
        again.inferShape(Shape.of(Shape.UNKNOWN, 1, 12, 12));
        assertEquals(net.summary(), again.summary());
    }

    @Test
    void toStringOfANetworkBuiltInCodeParsesBack() {
        Sequential net = new Sequential().add(new Dense(8, Activation.TANH).inUnits(3), new Dropout(0.5),
                new Dense(2));

        assertEquals("dense(8,tanh) dropout(0.5) dense(2)", net.toString());
        assertEquals(net.toString(), NetworkSpec.parse(net.toString()).toString());
    }

    @Test
    void toStringShowsALayerWithoutASpecFormByItsDescription() {
        Sequential net = new Sequential().add(new Dense(4), new Sequential().add(new Dense(2)));

        assertEquals("dense(4) Sequential(1 layers)", net.toString());
    }

    @Test
    void theGrammarListsEveryLayerAndActivationInOneLine() {
        String grammar = NetworkSpec.grammar();

        assertEquals("Valid layers: dense(units[,activation]),"
                + " conv2d(channels,kernel[,activation][,stride=s][,padding=p]), maxpool(kernel[,stride]),"
                + " avgpool(kernel[,stride]), flatten, dropout(p), batchnorm, embed(dim[,vocab=v0:v1:...]), relu, sigmoid, tanh;"
                + " activations: relu, sigmoid, tanh, none", grammar);
    }

    @Test
    void namedArgumentsMayComeInAnyOrderAndFormatCanonically() {
        Sequential net = NetworkSpec.parse("conv2d(4, 3, padding=1, stride=2, relu)");
        assertEquals("conv2d(4,3,relu,stride=2,padding=1)", NetworkSpec.format(net));
    }

    @Test
    void anUnknownLayerIsNamedWithItsPositionAndTheValidLayersListed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.parse("conv2d(6,5,relu) maxpol(2) flatten"));
        String m = e.getMessage();
        assertTrue(m.contains("Layer 2") && m.contains("\"maxpol(2)\""), m);
        for (String layer : new String[] {"conv2d(", "maxpool(", "avgpool(", "flatten", "dropout(", "batchnorm",
            "relu", "sigmoid", "tanh", "dense("}) {
            assertTrue(m.contains(layer), "lists " + layer + ": " + m);
        }
    }

    @Test
    void aBadArgumentIsNamedWithItsPositionAndTheLayerUsage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.parse("conv2d(6,5) maxpool(0)"));
        assertTrue(e.getMessage().contains("Layer 2") && e.getMessage().contains("kernel must be positive but was 0")
                && e.getMessage().contains("maxpool(kernel[,stride])"), e.getMessage());
    }

    @Test
    void aMisspeltArgumentNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.parse("conv2d(6,5,strides=2)"));
        assertTrue(e.getMessage().contains("\"strides\"") && e.getMessage().contains("stride=s"), e.getMessage());
    }

    @Test
    void aNegativePaddingIsRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.parse("conv2d(6,5,padding=-1)"));
        assertTrue(e.getMessage().contains("padding must be >= 0 but was -1"), e.getMessage());
    }

    @Test
    void aRepeatedArgumentNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.parse("conv2d(6,5,stride=1,stride=2)"));
        assertTrue(e.getMessage().contains("stride=2"), e.getMessage());
    }

    @Test
    void argumentsToALayerThatTakesNoneAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.parse("dense(10) relu(2)"));
        assertTrue(e.getMessage().contains("Layer 2") && e.getMessage().contains("expected 0 arguments but got 1"),
                e.getMessage());
    }

    @Test
    void aDropoutProbabilityOfOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.parse("dropout(1)"));
        assertTrue(e.getMessage().contains("p must be in [0, 1) but was 1"), e.getMessage());
    }

    @Test
    void anUnknownActivationIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.parse("conv2d(6,5,gelu)"));
        assertTrue(e.getMessage().contains("\"gelu\"") && e.getMessage().contains("relu, sigmoid, tanh"),
                e.getMessage());
    }
}
