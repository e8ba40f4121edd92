package dev.lazynet.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpareArraysTest {

    @Test
    void anArrayOfTheRightLengthIsKeptAndAReplacedOneComesBackForItsLength() {
        SpareArrays spares = new SpareArrays();
        float[] five = spares.exchange(null, 5);
        assertSame(five, spares.exchange(five, 5));

        float[] seven = spares.exchange(five, 7);
        assertEquals(7, seven.length);
        assertSame(five, spares.exchange(seven, 5), "the 5-float array put aside comes back");
        assertSame(seven, spares.exchange(five, 7), "and so does the 7-float one");
    }

    @Test
    void anArrayInUseIsNeverHandedOutTwice() {
        SpareArrays spares = new SpareArrays();
        float[] a = spares.exchange(null, 4);
        float[] b = spares.exchange(null, 4);
        assertNotSame(a, b);
        float[] c = spares.exchange(a, 6);
        float[] d = spares.exchange(null, 4);
        assertSame(a, d, "only the array given back is spare");
        assertNotSame(b, spares.exchange(null, 4), "b is still in use");
        assertEquals(6, c.length);
    }

    @Test
    void onlyTheMostRecentLengthsAreKept() {
        SpareArrays spares = new SpareArrays();
        Set<float[]> putAside = new HashSet<>();
        float[] current = spares.exchange(null, 1);
        for (int length = 2; length <= SpareArrays.LENGTHS + 2; length++) {
            putAside.add(current);
            current = spares.exchange(current, length);
        }
        assertFalse(putAside.contains(spares.exchange(null, 1)), "length 1 was dropped, the oldest");
        assertTrue(putAside.contains(spares.exchange(null, SpareArrays.LENGTHS)), "a recent length is kept");
    }
}
