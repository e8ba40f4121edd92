package dev.lazynet.tensor;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Float arrays put aside by length, for buffers whose size changes from call to call: a Spark task's
 * share of a global mini-batch is a different number of rows at every step, and a buffer sized for the
 * last share fits the next one only by chance. Taking an array of the same length back from here
 * spares the allocation, the zeroing and the garbage collection of a new one at every step
 * (docs/benchmarks.md measures the difference).
 *
 * <p>It keeps the arrays of the {@value #LENGTHS} lengths used last, at most {@value #PER_LENGTH} of
 * each. Not thread-safe: one per layer or worker.
 */
public final class SpareArrays {

    static final int LENGTHS = 64;
    static final int PER_LENGTH = 4;

    private final Map<Integer, ArrayDeque<float[]>> byLength = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, ArrayDeque<float[]>> eldest) {
            return size() > LENGTHS;
        }
    };

    /**
     * An array of {@code length} floats: {@code previous} if it has that length, else one put aside
     * earlier (holding old values), else a new one; {@code previous}, if replaced, is put aside. The
     * caller must not use {@code previous} after passing it here unless it is returned.
     */
    public float[] exchange(float[] previous, int length) {
        if (previous != null && previous.length == length) {
            return previous;
        }
        if (previous != null) {
            ArrayDeque<float[]> kept = byLength.computeIfAbsent(previous.length, n -> new ArrayDeque<>());
            if (kept.size() < PER_LENGTH) {
                kept.push(previous);
            }
        }
        ArrayDeque<float[]> kept = byLength.get(length);
        float[] spare = kept == null ? null : kept.poll();
        return spare != null ? spare : new float[length];
    }
}
