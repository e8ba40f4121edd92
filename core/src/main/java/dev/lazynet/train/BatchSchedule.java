package dev.lazynet.train;

import dev.lazynet.tensor.Seeds;
import java.util.SplittableRandom;

/**
 * Which rows form each mini-batch: a seeded permutation of the global row indices per epoch, cut into
 * consecutive batches.
 *
 * <p>It depends only on (number of rows, seed, epoch), not on how rows are split into partitions, so
 * the single-JVM trainer and any Spark partitioning visit the same batches in the same order.
 */
public final class BatchSchedule {

    private BatchSchedule() {
    }

    /** The order in which epoch {@code epoch} visits rows {@code 0..n-1} (Fisher-Yates, seeded). */
    public static int[] permutation(int n, long seed, int epoch) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(Seeds.ofEpoch(seed, epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    /** The number of batches of at most {@code batchSize} rows that cover {@code n} rows. */
    public static int batchesPerEpoch(long n, int batchSize) {
        return (int) ((n + batchSize - 1) / batchSize);
    }
}
