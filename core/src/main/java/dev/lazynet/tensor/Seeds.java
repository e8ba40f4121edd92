package dev.lazynet.tensor;

import java.nio.charset.StandardCharsets;

/**
 * Seeds derived from a fit's seed and a position (a parameter's name, an epoch, a step, a partition, a
 * row), so that every random draw is reproducible and independent of the order of initialization and
 * of which executor or thread makes it. All of them end in {@link #splitMix64}, or, for generators
 * that mix their seed themselves, feed one directly.
 */
public final class Seeds {

    /** The golden-ratio increment of SplitMix64, which spreads consecutive inputs over all 64 bits. */
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** SplitMix64's finalizer (Steele, Lea and Flood 2014): a bijection of 64-bit values that mixes every bit. */
    public static long splitMix64(long x) {
        long z = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A well-mixed seed for {@code seed} at the given position, e.g. epoch, step and partition. */
    public static long mix(long seed, long... position) {
        long z = seed;
        for (long p : position) {
            z = splitMix64(z + GOLDEN_GAMMA * (p + 1));
        }
        return z;
    }

    /** A uniform double in [0, 1) for {@code seed} at the given position. */
    public static double uniform(long seed, long... position) {
        return (mix(seed, position) >>> 11) * 0x1.0p-53;
    }

    /**
     * A well-mixed seed for {@code seed} and a name (FNV-1a of its UTF-8 bytes), so that every parameter
     * draws from its own stream.
     */
    public static long ofName(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return splitMix64(seed * GOLDEN_GAMMA + h);
    }

    /**
     * The seed of epoch {@code epoch}'s batch order: a linear combination only, since the
     * {@link java.util.SplittableRandom} it seeds mixes its seed itself.
     */
    public static long ofEpoch(long seed, int epoch) {
        return seed * GOLDEN_GAMMA + epoch * 0xD1B54A32D192ED03L + 1;
    }
}
