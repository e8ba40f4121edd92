package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Inverted dropout: identity in inference, masked and rescaled in training, reproducible by seed. */
class DropoutTest {

    private static Tensor ones(int n) {
        Tensor t = Tensor.zeros(1, n);
        t.fill(1f);
        return t;
    }

    @Test
    void inferenceModeIsTheIdentity() {
        Dropout dropout = new Dropout(0.5);
        dropout.setTraining(false);
        Tensor x = Tensor.rand(1, 4, 8);
        assertSame(x, dropout.forward(x));
        Tensor g = Tensor.rand(2, 4, 8);
        assertSame(g, dropout.backward(g));
    }

    @Test
    void trainingDropsAboutPOfTheUnitsAndScalesTheRestByOneOverOneMinusP() {
        double p = 0.3;
        int n = 20_000;
        float[] y = new Dropout(p).seed(7).forward(ones(n)).data();
        int dropped = 0;
        for (float v : y) {
            if (v == 0f) {
                dropped++;
            } else {
                assertEquals(1 / (1 - p), v, 1e-6);
            }
        }
        assertEquals(p, dropped / (double) n, 0.015, "fraction dropped");
    }

    @Test
    void backwardUsesTheForwardMask() {
        Dropout dropout = new Dropout(0.5).seed(3);
        float[] y = dropout.forward(ones(64)).data();
        float[] g = dropout.backward(ones(64)).data();
        assertArrayEquals(y, g, "gradient of x * mask is the mask");
    }

    @Test
    void theSameSeedGivesTheSameMasksAndDifferentSeedsDiffer() {
        float[] a = new Dropout(0.5).seed(1).forward(ones(100)).data();
        float[] b = new Dropout(0.5).seed(1).forward(ones(100)).data();
        float[] c = new Dropout(0.5).seed(2).forward(ones(100)).data();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void twoDropoutLayersInANetworkDrawDifferentMasks() {
        Sequential net = new Sequential().add(new Dropout(0.5), new Dropout(0.5));
        float[] first = net.get(0).forward(ones(100)).data();
        float[] second = net.get(1).forward(ones(100)).data();
        assertFalse(Arrays.equals(first, second));
    }

    @Test
    void probabilityOutsideZeroToOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
        assertTrue(e.getMessage().contains("1.0"), e.getMessage());
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
        assertTrue(neg.getMessage().contains("-0.1"), neg.getMessage());
    }

    @Test
    void specRoundTripsTheProbability() {
        assertEquals("dropout(0.25)", new Dropout(0.25).spec());
        assertEquals(0.25, ((Dropout) NetworkSpec.parse("dropout(0.25)").get(0)).probability());
    }
}
