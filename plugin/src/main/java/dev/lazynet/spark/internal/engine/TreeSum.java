package dev.lazynet.spark.internal.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import scala.Function2;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Adds one {@link PartialSum} per partition in a fixed binary tree over the partition indices, as the
 * results arrive.
 *
 * <p>Float addition is not associative, so the sum must not depend on which task finishes first: leaf
 * {@code i} is partition {@code i}, and node {@code (level, k)} is the sum of nodes
 * {@code (level-1, 2k)} and {@code (level-1, 2k+1)}, always. A node is formed as soon as both children
 * are there, so the driver usually holds a few arrays, not one per partition; the tree's shape, and with
 * it every rounding, depends only on the number of partitions.
 *
 * <p>A node may also arrive whole ({@link #add(int, int, PartialSum)}): an executor that holds several
 * partitions adds them in a tree of its own over the same leaves, in which only the nodes whose
 * partitions it all holds can form, each by the very additions the driver's tree would make; it sends
 * those nodes ({@link #nodes}), and the driver's tree takes each where it would have formed it. The sum
 * is therefore bitwise the same however the partitions are spread over executors.
 */
final class TreeSum {

    private final int leaves;
    private final Map<Long, PartialSum> pending = new HashMap<>();
    private PartialSum root;
    private int rootLevel;

    /**
     * A node of the tree: the sum over the leaves {@code [index << level, (index + 1) << level)}, cut at
     * the last leaf.
     */
    record Node(int level, int index, PartialSum sum) {
    }

    /** A tree over {@code leaves} partitions (at least one). */
    TreeSum(int leaves) {
        if (leaves < 1) {
            throw new IllegalArgumentException("A sum needs at least one partition, but got " + leaves);
        }
        this.leaves = leaves;
    }

    /** Sums one element per partition of {@code rdd}, in the fixed tree order. */
    static PartialSum sum(SparkContext sc, RDD<PartialSum> rdd) {
        return sum(sc, rdd, new SingleElement());
    }

    /**
     * Runs {@code perPartition} on every partition of {@code rdd} in one job and sums the results in the
     * fixed tree order. {@code perPartition} should be a plain serializable class: Spark runs its closure
     * cleaner over lambdas, which costs a class-file read per job.
     */
    static <T> PartialSum sum(SparkContext sc, RDD<T> rdd,
            Function2<TaskContext, scala.collection.Iterator<T>, PartialSum> perPartition) {
        TreeSum tree = new TreeSum(rdd.getNumPartitions());
        sc.runJob(rdd, perPartition, new AbstractFunction2<Object, PartialSum, BoxedUnit>() {
            @Override
            public BoxedUnit apply(Object partition, PartialSum value) {
                tree.add((Integer) partition, value);
                return BoxedUnit.UNIT;
            }
        }, ClassTag$.MODULE$.apply(PartialSum.class));
        return tree.result();
    }

    /** Records leaf {@code index} and forms every node that now has both children. */
    void add(int index, PartialSum value) {
        add(0, index, value);
    }

    /**
     * Records node {@code (level, index)}, the sum of every leaf under it, and forms every node that now
     * has both children; none of its leaves may be added again.
     */
    void add(int level, int index, PartialSum value) {
        int k = index;
        PartialSum node = value;
        while (!covers(level, k)) {
            int sibling = k ^ 1;
            if (sibling < nodesAt(level)) {
                PartialSum other = pending.remove(key(level, sibling));
                if (other == null) {
                    pending.put(key(level, k), node);
                    return;
                }
                node = (k < sibling) ? node.plus(other) : other.plus(node);
            }
            level++;
            k >>= 1;
        }
        root = node;
        rootLevel = level;
    }

    /**
     * The nodes formed so far and not yet added into a larger one, the root included: what an executor
     * sends for the partitions it holds.
     */
    List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        pending.forEach((key, sum) -> nodes.add(new Node((int) (key >>> 32), (int) (long) key, sum)));
        if (root != null) {
            nodes.add(new Node(rootLevel, 0, root));
        }
        return nodes;
    }

    /** The first leaf under node {@code (level, index)}. */
    static int firstLeaf(int level, int index) {
        return index << level;
    }

    /** The leaf after the last one under node {@code (level, index)}. */
    int endLeaf(int level, int index) {
        return (int) Math.min((long) (index + 1) << level, leaves);
    }

    /**
     * The sum over all leaves, with the rank-tree nodes of exact sums {@linkplain PartialSum#resolved
     * added up}.
     *
     * @throws IllegalStateException if a leaf is missing
     */
    PartialSum result() {
        if (root == null) {
            throw new IllegalStateException("The sum over " + leaves + " partitions is missing some of them");
        }
        return root.resolved();
    }

    /** How many nodes level {@code level} has: the leaves, halved and rounded up per level. */
    private int nodesAt(int level) {
        return (int) ((leaves + (1L << level) - 1) >> level);
    }

    /** Whether node {@code (level, k)} is the root: the only node of its level. */
    private boolean covers(int level, int k) {
        return k == 0 && nodesAt(level) == 1;
    }

    private static long key(int level, int k) {
        return ((long) level << 32) | k;
    }

    /** The task's function: each partition of the summed RDD holds exactly one element. */
    private static final class SingleElement
            extends AbstractFunction2<TaskContext, scala.collection.Iterator<PartialSum>, PartialSum>
            implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public PartialSum apply(TaskContext context, scala.collection.Iterator<PartialSum> values) {
            return values.next();
        }
    }
}
