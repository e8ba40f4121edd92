package dev.lazynet.spark.internal.engine;

import dev.lazynet.train.BatchSchedule;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Which of a partition's rows each step of one epoch uses, in the order of the epoch's global
 * permutation.
 *
 * <p>Step {@code s} covers positions {@code [s·B, (s+1)·B)} of {@link BatchSchedule#permutation}
 * over the global row indices; this partition owns global rows {@code [first, first + count)}. The
 * plan is computed once per epoch on the executor, so batches do not depend on the partitioning and the
 * driver never touches a row index.
 *
 * <p>For exact sums each step's rows are in rank order instead (ascending global index), with the rank
 * of the first: since a partition owns a contiguous range of global rows, its rows of a step are a
 * contiguous range of the step's ranks, which a {@link dev.lazynet.train.RankTree} sums.
 */
final class StepPlan implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Local row indices, in permutation order. */
    final int[] rows;
    /** Step {@code s} uses {@code rows[bounds[s] .. bounds[s+1])}. */
    final int[] bounds;
    /** For exact sums, the rank of step {@code s}'s first row here among the step's rows; else {@code null}. */
    final int[] firstRanks;

    /**
     * What every partition needs to compute its own plan for any epoch: the number of training rows,
     * the seed, the batch size and where each partition's rows start in the global order. A few ints
     * per partition, sent with each step's task.
     *
     * @param n training rows over all partitions
     * @param firsts global index of each partition's first training row
     * @param counts training rows of each partition
     * @param exact whether steps are summed in rank order ({@code spark.lazynet.exactSums})
     */
    record Schedule(int n, long seed, int batchSize, int[] firsts, int[] counts, boolean exact)
            implements Serializable {

        /** The optimizer steps of one epoch. */
        int steps() {
            return BatchSchedule.batchesPerEpoch(n, batchSize);
        }

        /** The plan of {@code partition} in {@code epoch}. */
        StepPlan plan(int epoch, int partition) {
            return StepPlan.of(n, seed, epoch, batchSize, firsts[partition], counts[partition], exact);
        }

        /** The rows of step {@code step}: the batch size, or fewer in the epoch's last step. */
        int rowsOf(int step) {
            return Math.min(batchSize, n - step * batchSize);
        }
    }

    private StepPlan(int[] rows, int[] bounds, int[] firstRanks) {
        this.rows = rows;
        this.bounds = bounds;
        this.firstRanks = firstRanks;
    }

    /**
     * The plan of the partition owning global rows {@code [first, first + count)} of {@code n}.
     * Costs one pass over the epoch's permutation.
     */
    static StepPlan of(int n, long seed, int epoch, int batchSize, int first, int count, boolean exact) {
        int[] permutation = BatchSchedule.permutation(n, seed, epoch);
        int steps = BatchSchedule.batchesPerEpoch(n, batchSize);
        int[] rows = new int[count];
        int[] bounds = new int[steps + 1];
        int[] firstRanks = exact ? new int[steps] : null;
        int k = 0;
        for (int position = 0; position < n; position++) {
            if (position % batchSize == 0) {
                bounds[position / batchSize] = k;
            }
            int global = permutation[position];
            if (global >= first && global < first + count) {
                rows[k++] = global - first;
            } else if (exact && global < first) {
                firstRanks[position / batchSize]++;
            }
        }
        bounds[steps] = k;
        if (exact) {
            for (int s = 0; s < steps; s++) {
                Arrays.sort(rows, bounds[s], bounds[s + 1]);
            }
        }
        return new StepPlan(rows, bounds, firstRanks);
    }
}
