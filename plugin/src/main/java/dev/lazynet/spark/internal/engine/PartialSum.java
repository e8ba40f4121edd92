package dev.lazynet.spark.internal.engine;

import dev.lazynet.train.RankTree;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A sum over some rows, as one task returns it and as the driver adds them up: a float array (gradient
 * sums, or for running statistics their row-weighted values), the loss sum, the row count, the rows'
 * weight (their count, or with {@code weightCol} the sum of their weights), and the weight of the correct
 * predictions where that applies. Losses, gradients and correct predictions are weighted sums; the
 * driver divides them by the weight.
 *
 * <p>With exact sums a share carries instead the {@link RankTree} nodes its rows left unfinished; adding
 * shares gathers the nodes, and {@link #resolved} completes the tree, whose shape fixes every rounding.
 */
final class PartialSum implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The sum over no rows: the identity of {@link #plus}. */
    static final PartialSum EMPTY = new PartialSum(null, 0, 0, 0);

    /** Per-float sums, or {@code null} when there are none. */
    final float[] values;
    final double loss;
    final long rows;
    final double weight;
    final double correct;
    /** Unfinished nodes of the step's rank tree, with exact sums; else empty. */
    final List<RankTree.Node> nodes;

    /** A sum over rows that are not weighted: each weighs 1. */
    PartialSum(float[] values, double loss, long rows, long correct) {
        this(values, loss, rows, rows, correct);
    }

    PartialSum(float[] values, double loss, long rows, double weight, double correct) {
        this(values, loss, rows, weight, correct, List.of());
    }

    private PartialSum(float[] values, double loss, long rows, double weight, double correct,
            List<RankTree.Node> nodes) {
        this.values = values;
        this.loss = loss;
        this.rows = rows;
        this.weight = weight;
        this.correct = correct;
        this.nodes = nodes;
    }

    /** A share of exact sums: the nodes a partition's rows left unfinished in the step's rank tree. */
    static PartialSum ofNodes(List<RankTree.Node> nodes, double loss, long rows, double weight) {
        return new PartialSum(null, loss, rows, weight, 0, new ArrayList<>(nodes));
    }

    /** This sum with its rank-tree nodes, if any, added up into values; the rows must all be there. */
    PartialSum resolved() {
        if (nodes.isEmpty()) {
            return this;
        }
        RankTree tree = new RankTree((int) rows);
        nodes.forEach(tree::add);
        return new PartialSum(tree.result(), loss, rows, weight, correct);
    }

    /** The sum of both, reusing this one's array; neither is used afterwards. */
    PartialSum plus(PartialSum other) {
        float[] sum = values;
        if (sum == null) {
            sum = other.values;
        } else if (other.values != null) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += other.values[i];
            }
        }
        List<RankTree.Node> all = nodes;
        if (!other.nodes.isEmpty()) {
            all = new ArrayList<>(nodes);
            all.addAll(other.nodes);
        }
        return new PartialSum(sum, loss + other.loss, rows + other.rows, weight + other.weight,
                correct + other.correct, all);
    }
}
