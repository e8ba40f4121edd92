package dev.lazynet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainableRunsTest {

    @Test
    void runsAreTheStartAndEndOfEveryStretchOfTrainableFloats() {
        TrainableRuns runs = new TrainableRuns();
        boolean[] mask = {true, true, false, false, true, false, true};
        assertArrayEquals(new int[] {0, 2, 4, 5, 6, 7}, runs.of(mask, 7));
        assertArrayEquals(new int[] {2, 4}, runs.of(new boolean[] {false, false, true, true}, 4));
        assertArrayEquals(new int[0], runs.of(new boolean[] {false, false}, 2));
        assertArrayEquals(new int[] {0, 5}, runs.of(null, 5));
    }

    @Test
    void aMaskWhoseContentsChangedIsReadAgain() {
        TrainableRuns runs = new TrainableRuns();
        boolean[] mask = {true, false, true};
        assertArrayEquals(new int[] {0, 1, 2, 3}, runs.of(mask, 3));
        mask[1] = true;
        assertArrayEquals(new int[] {0, 3}, runs.of(mask, 3));
    }

    @Test
    void aMaskOfAnotherLengthIsRejectedWithBothLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainableRuns().of(new boolean[3], 4));
        assertTrue(e.getMessage().contains("3 entries, but the parameters have 4 floats"), e.getMessage());
    }
}
