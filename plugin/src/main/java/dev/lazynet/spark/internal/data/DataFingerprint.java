package dev.lazynet.spark.internal.data;

import java.io.Serializable;
import org.apache.spark.annotation.Private;

/**
 * A 64-bit fingerprint of the kept rows in their order (features, label, weight where {@code weightCol}
 * is set, whether held out for validation), so that a checkpoint can tell whether a fit trains on the
 * data it was written for.
 *
 * <p>It is a polynomial hash modulo 2<sup>64</sup>: each float's bits, in order, as the coefficients of
 * powers of an odd constant. One multiply-add per value while packing; and two partitions' fingerprints
 * combine into the fingerprint of their rows one after the other, so the driver combines the partitions'
 * in partition order and gets the same value however the rows are spread over partitions. It detects
 * accidental differences (another file, a changed value, another order); it is no defence against data
 * made to collide.
 *
 * @param hash the sum of every value's coefficient times the power of its distance from the end
 * @param power the constant raised to the number of values
 */
@Private
public record DataFingerprint(long hash, long power) implements Serializable {

    /** The constant of the polynomial: odd, so that its powers never vanish modulo 2^64. */
    private static final long BASE = 0x9E3779B97F4A7C15L;
    private static final long BASE2 = BASE * BASE;
    private static final long BASE3 = BASE2 * BASE;
    private static final long BASE4 = BASE3 * BASE;

    /** The fingerprint of no rows. */
    public static final DataFingerprint EMPTY = new DataFingerprint(0, 1);

    /** The fingerprint of these rows followed by {@code next}'s. */
    public DataFingerprint then(DataFingerprint next) {
        return new DataFingerprint(hash * next.power + next.hash, power * next.power);
    }

    /** The fingerprint as 16 hexadecimal digits, as checkpoints record it. */
    @Override
    public String toString() {
        return String.format("%016x", hash);
    }

    /** Accumulates one partition's fingerprint as its rows are packed. */
    public static final class Builder {
        private long hash;
        private long power = 1;

        /**
         * Adds the first {@code count} values of {@code values}, four at a time where it can: the same sum
         * as one at a time, with one dependent multiplication per four values instead of one per value.
         */
        public void add(float[] values, int count) {
            int i = 0;
            for (; i + 4 <= count; i += 4) {
                hash = hash * BASE4 + coefficient(values[i]) * BASE3 + coefficient(values[i + 1]) * BASE2
                        + coefficient(values[i + 2]) * BASE + coefficient(values[i + 3]);
                power *= BASE4;
            }
            for (; i < count; i++) {
                add(coefficient(values[i]));
            }
        }

        /** Adds whether the row just added is a validation row. */
        public void addHeldOut(boolean heldOut) {
            add(heldOut ? 2 : 1);
        }

        /**
         * A float's coefficient: its bits plus one, so that a run of zero bits does not count as nothing,
         * 0 being the empty polynomial's value.
         */
        private static long coefficient(float value) {
            return Integer.toUnsignedLong(Float.floatToRawIntBits(value)) + 1;
        }

        private void add(long coefficient) {
            hash = hash * BASE + coefficient;
            power *= BASE;
        }

        /** The fingerprint of the values added so far. */
        public DataFingerprint build() {
            return new DataFingerprint(hash, power);
        }
    }
}
