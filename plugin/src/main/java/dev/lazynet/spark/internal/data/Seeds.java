package dev.lazynet.spark.internal.data;

import org.apache.spark.annotation.Private;

/**
 * Seeds derived from the fit's seed and a position (partition, row, epoch, step), so that every random
 * draw on an executor is reproducible and independent of which executor or thread makes it.
 */
@Private
public final class Seeds {

    private Seeds() {
    }

    /** A well-mixed seed for {@code seed} at the given position (SplitMix64's finalizer over a sum). */
    public static long mix(long seed, long... position) {
        long z = seed;
        for (long p : position) {
            z = finalize(z + 0x9E3779B97F4A7C15L * (p + 1));
        }
        return z;
    }

    /** A uniform double in [0, 1) for {@code seed} at the given position. */
    public static double uniform(long seed, long... position) {
        return (mix(seed, position) >>> 11) * 0x1.0p-53;
    }

    private static long finalize(long x) {
        long z = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
