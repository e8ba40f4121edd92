package dev.lazynet.train;

import java.util.Arrays;

/**
 * The runs of trainable floats in a flat parameter array, as {@code [start, end)} bounds, so that
 * element-wise updates loop over each run without testing every element. A loop without a branch is one
 * the JIT can vectorize (docs/benchmarks.md measures Adam's update both ways).
 *
 * <p>The bounds of the last mask seen are kept, and recomputed only when a mask with other contents
 * comes; comparing two masks is itself a vectorized loop, far cheaper than the update.
 */
public final class TrainableRuns {

    private boolean[] mask;
    private int length = -1;
    private int[] bounds;

    /**
     * The runs of {@code trainable} over {@code length} floats, flattened: {@code start0, end0, start1,
     * end1, ...}. The returned array is this object's own; do not change it.
     *
     * @param trainable which floats may change, or {@code null} for all
     * @throws IllegalArgumentException if the mask's length is not {@code length}
     */
    public int[] of(boolean[] trainable, int length) {
        if (trainable != null && trainable.length != length) {
            throw new IllegalArgumentException("The trainable mask has " + trainable.length + " entries, but the"
                    + " parameters have " + length + " floats; pass the mask of the same network");
        }
        boolean same = length == this.length && (trainable == null ? mask == null
                : mask != null && Arrays.equals(trainable, mask));
        if (!same) {
            bounds = runs(trainable, length);
            mask = trainable == null ? null : trainable.clone();
            this.length = length;
        }
        return bounds;
    }

    /**
     * The runs of {@code true} in {@code mask} over {@code length} floats, flattened as {@link #of} returns
     * them, computed afresh; {@code null} stands for all true.
     */
    public static int[] runs(boolean[] mask, int length) {
        if (mask == null) {
            return length == 0 ? new int[0] : new int[] {0, length};
        }
        int[] found = new int[2 * ((length + 1) / 2 + 1)];
        int n = 0;
        int i = 0;
        while (i < length) {
            while (i < length && !mask[i]) {
                i++;
            }
            if (i == length) {
                break;
            }
            found[n++] = i;
            while (i < length && mask[i]) {
                i++;
            }
            found[n++] = i;
        }
        return Arrays.copyOf(found, n);
    }
}
