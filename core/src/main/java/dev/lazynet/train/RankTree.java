package dev.lazynet.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Float sums over the rows of one batch added in a fixed binary tree over the rows' ranks, so that the
 * result does not depend on how the rows are split among workers.
 *
 * <p>Leaf {@code r} is the row of rank {@code r} (its place in the batch sorted by global row index),
 * and node {@code (level, k)} is always node {@code (level-1, 2k)} plus node {@code (level-1, 2k+1)}; the
 * last node of a level with an odd count moves up unchanged. Float addition is not associative, so the
 * tree's shape alone fixes every rounding: it depends only on the batch's row count.
 *
 * <p>A worker holding the contiguous ranks {@code [a, b)} adds its leaves in any order; the nodes whose
 * siblings lie outside its range stay {@linkplain #pending pending}, at most two per level. Another tree
 * over the same rows takes those nodes with {@link #add(Node)} and completes the sum, bit for bit as
 * one worker holding every row would have. A node's array is reused for its parent; callers hand
 * arrays over and do not touch them afterwards.
 */
public final class RankTree {

    /**
     * A node of the tree: its level (0 for a leaf), its index within the level, and its sums. Serializable,
     * since a worker's pending nodes travel to the driver as a Spark task's result.
     */
    public record Node(int level, int index, float[] values) implements Serializable {
    }

    private final int leaves;
    private final Map<Long, float[]> pending = new HashMap<>();
    /** The ranks whose sums were added, in a node or a leaf. */
    private final BitSet added = new BitSet();
    private float[] root;

    /**
     * A tree over {@code leaves} rows.
     *
     * @throws IllegalArgumentException if {@code leaves < 1}
     */
    public RankTree(int leaves) {
        if (leaves < 1) {
            throw new IllegalArgumentException("A sum over ranks needs at least one row, but got " + leaves);
        }
        this.leaves = leaves;
    }

    /** Adds the sums of the row of rank {@code rank}. */
    public void addLeaf(int rank, float[] values) {
        add(new Node(0, rank, values));
    }

    /**
     * Adds a node, and forms every parent that now has both children.
     *
     * @throws IllegalArgumentException if the node lies outside the tree or covers a row added before
     */
    public void add(Node node) {
        int level = node.level();
        int k = node.index();
        if (level < 0 || level > 31 || k < 0 || k >= nodesAt(level)) {
            throw new IllegalArgumentException("Node (" + level + ", " + k + ") is outside the tree over " + leaves
                    + " rows, whose level " + Math.max(0, level) + " has " + nodesAt(Math.max(0, level)) + " nodes");
        }
        int first = k << level;
        int end = (int) Math.min(leaves, (long) (k + 1) << level);
        int twice = added.nextSetBit(first);
        if (twice >= 0 && twice < end) {
            throw new IllegalArgumentException("Node (" + level + ", " + k + ") of the tree over " + leaves
                    + " rows covers the row of rank " + twice + ", which was added before");
        }
        added.set(first, end);
        float[] sum = node.values();
        while (!isRoot(level, k)) {
            int sibling = k ^ 1;
            if (sibling < nodesAt(level)) {
                float[] other = pending.remove(key(level, sibling));
                if (other == null) {
                    pending.put(key(level, k), sum);
                    return;
                }
                sum = k < sibling ? plus(sum, other) : plus(other, sum);
            }
            level++;
            k >>= 1;
        }
        root = sum;
    }

    /** The nodes still waiting for a sibling, in the order of the ranks they cover. */
    public List<Node> pending() {
        List<Node> nodes = new ArrayList<>();
        pending.forEach((key, values) -> nodes.add(new Node((int) (key >>> 32), (int) (long) key, values)));
        nodes.sort((x, y) -> Long.compare((long) x.index() << x.level(), (long) y.index() << y.level()));
        return nodes;
    }

    /**
     * The sum over all rows.
     *
     * @throws IllegalStateException if some rows' sums are missing
     */
    public float[] result() {
        if (root == null) {
            throw new IllegalStateException("The sum over " + leaves + " rows is missing some of them: "
                    + pending.size() + " nodes wait for their siblings");
        }
        return root;
    }

    /** Left plus right, in the left array. */
    private static float[] plus(float[] left, float[] right) {
        for (int i = 0; i < left.length; i++) {
            left[i] += right[i];
        }
        return left;
    }

    /** How many nodes level {@code level} has: the leaves, halved and rounded up per level. */
    private int nodesAt(int level) {
        return level >= 31 ? 1 : (int) ((leaves + (1L << level) - 1) >> level);
    }

    private boolean isRoot(int level, int k) {
        return k == 0 && nodesAt(level) == 1;
    }

    private static long key(int level, int k) {
        return ((long) level << 32) | k;
    }
}
