package dev.lazynet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OptimizerStateTest {

    private static float[] gradient(int step, int n) {
        Random rng = new Random(step);
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) rng.nextGaussian();
        }
        return g;
    }

    /** Runs steps {@code [from, to)} with seeded gradients. */
    private static void steps(Optimizer optimizer, float[] w, int from, int to) {
        for (int s = from; s < to; s++) {
            optimizer.step(w, gradient(s, w.length), null);
        }
    }

    private static void assertResumesBitForBit(String name) {
        float[] uninterrupted = {1, -2, 3, 0.5f};
        Optimizer straight = Optimizer.create(name, 0.05, 0.01);
        steps(straight, uninterrupted, 0, 10);

        float[] w = {1, -2, 3, 0.5f};
        Optimizer first = Optimizer.create(name, 0.05, 0.01);
        steps(first, w, 0, 4);
        OptimizerState saved = first.state();
        Optimizer resumed = Optimizer.create(name, 0.05, 0.01);
        resumed.restore(saved);
        steps(resumed, w, 4, 10);

        assertArrayEquals(uninterrupted, w);
        assertEquals(10, resumed.steps());
    }

    @Test
    void adamResumedFromItsStateMakesTheSameUpdatesBitForBit() {
        assertResumesBitForBit("adam");
    }

    @Test
    void sgdResumedFromItsStateMakesTheSameUpdatesBitForBit() {
        assertResumesBitForBit("sgd");
    }

    @Test
    void aStateIsASnapshotThatLaterStepsDoNotChange() {
        Optimizer adam = Optimizer.create("adam", 0.1, 0);
        float[] w = {1, 2};
        adam.step(w, new float[] {1, 1}, null);
        OptimizerState state = adam.state();
        float[] moment = state.slots().get(0).clone();
        adam.step(w, new float[] {5, 5}, null);

        assertEquals(1, state.steps());
        assertArrayEquals(moment, state.slots().get(0));
        assertEquals(List.of(), Optimizer.create("sgd", 0.1, 0).state().slots());
    }

    @Test
    void aStateOfAnotherOptimizerOrSizeIsRefused() {
        Optimizer adam = Optimizer.create("adam", 0.1, 0);
        adam.step(new float[3], new float[] {1, 1, 1}, null);
        OptimizerState state = adam.state();

        String other = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.create("sgd", 0.1, 0).restore(state)).getMessage();
        assertTrue(other.contains("is adam's, but it is being restored into sgd"), other);

        Optimizer restored = Optimizer.create("adam", 0.1, 0);
        restored.restore(state);
        String size = assertThrows(IllegalArgumentException.class,
                () -> restored.step(new float[5], new float[5], null)).getMessage();
        assertTrue(size.contains("moments have 3 floats, but the parameters have 5"), size);

        String slots = assertThrows(IllegalArgumentException.class, () -> Optimizer.create("adam", 0.1, 0)
                .restore(new OptimizerState("adam", 2, List.of(new float[2])))).getMessage();
        assertTrue(slots.contains("has 1 slots, but adam keeps 2"), slots);
        Optimizer sgd = Optimizer.create("sgd", 0.1, 0);
        sgd.restore(new OptimizerState("sgd", 1, List.of(new float[2])));
        String velocity = assertThrows(IllegalArgumentException.class,
                () -> sgd.step(new float[4], new float[4], null)).getMessage();
        assertTrue(velocity.contains("velocity has 2 floats, but the parameters have 4"), velocity);
        String empty = assertThrows(IllegalArgumentException.class, () -> Optimizer.create("sgd", 0.1, 0)
                .restore(new OptimizerState("sgd", 3, List.of()))).getMessage();
        assertTrue(empty.contains("has 3 steps but no slots"), empty);
        String uneven = assertThrows(IllegalArgumentException.class, () -> Optimizer.create("adam", 0.1, 0)
                .restore(new OptimizerState("adam", 1, List.of(new float[2], new float[3])))).getMessage();
        assertTrue(uneven.contains("slots differ in length: 2 and 3"), uneven);
        String negative = assertThrows(IllegalArgumentException.class,
                () -> new OptimizerState("sgd", -1, List.of())).getMessage();
        assertTrue(negative.contains("steps >= 0, but got -1"), negative);
    }
}
