package dev.lazynet.spark.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeSumTest {

    /** Values of very different magnitudes, so that the order of additions changes the rounding. */
    private static PartialSum leaf(int partition) {
        Random rng = new Random(partition);
        float[] values = new float[16];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(8)));
        }
        return new PartialSum(values, rng.nextGaussian() * 1e6, partition + 1, partition);
    }

    private static PartialSum sumInOrder(int leaves, List<Integer> arrival) {
        TreeSum tree = new TreeSum(leaves);
        for (int p : arrival) {
            tree.add(p, p % 4 == 3 ? PartialSum.EMPTY : leaf(p));
        }
        return tree.result();
    }

    @Test
    void theSumIsBitwiseTheSameWhateverOrderTheResultsArriveIn() {
        for (int leaves : new int[] {1, 2, 3, 5, 8, 13}) {
            List<Integer> order = new ArrayList<>();
            for (int p = 0; p < leaves; p++) {
                order.add(p);
            }
            PartialSum reference = sumInOrder(leaves, order);
            for (long seed = 0; seed < 20; seed++) {
                Collections.shuffle(order, new Random(seed));
                PartialSum shuffled = sumInOrder(leaves, order);
                assertArrayEquals(reference.values, shuffled.values, "leaves " + leaves + ", order " + order);
                assertEquals(reference.loss, shuffled.loss);
                assertEquals(reference.rows, shuffled.rows);
            }
        }
    }

    @Test
    void nodesAddedOnExecutorsGiveBitwiseTheSumOfTheLeavesWhicheverPartitionsEachExecutorHolds() {
        for (int leaves : new int[] {2, 5, 8, 13}) {
            List<Integer> order = new ArrayList<>();
            for (int p = 0; p < leaves; p++) {
                order.add(p);
            }
            PartialSum reference = sumInOrder(leaves, order);
            for (int executors : new int[] {1, 2, 3}) {
                for (long seed = 0; seed < 10; seed++) {
                    Collections.shuffle(order, new Random(seed));
                    TreeSum driver = new TreeSum(leaves);
                    for (int e = 0; e < executors; e++) {
                        TreeSum executor = new TreeSum(leaves);
                        for (int i = e; i < leaves; i += executors) {
                            int p = order.get(i);
                            executor.add(p, p % 4 == 3 ? PartialSum.EMPTY : leaf(p));
                        }
                        for (TreeSum.Node node : executor.nodes()) {
                            driver.add(node.level(), node.index(), node.sum());
                        }
                    }
                    PartialSum grouped = driver.result();
                    String where = "leaves " + leaves + ", " + executors + " executors, order " + order;
                    assertArrayEquals(reference.values, grouped.values, where);
                    assertEquals(reference.loss, grouped.loss, where);
                    assertEquals(reference.rows, grouped.rows, where);
                }
            }
        }
    }

    @Test
    void anExecutorHoldingAWholeSubtreeSendsItAsOneNode() {
        TreeSum executor = new TreeSum(8);
        for (int p : new int[] {5, 4, 7, 6, 1}) {
            executor.add(p, leaf(p));
        }
        List<String> nodes = executor.nodes().stream().map(n -> n.level() + ":" + n.index()).sorted().toList();
        assertEquals(List.of("0:1", "2:1"), nodes);
        assertEquals(4, TreeSum.firstLeaf(2, 1));
        assertEquals(8, executor.endLeaf(2, 1));
        assertEquals(5, new TreeSum(5).endLeaf(1, 2), "the last node is cut at the last leaf");
    }

    @Test
    void theTreeDiffersFromASequentialSumSoTheOrderReallyMatters() {
        int leaves = 13;
        float[] sequential = new float[16];
        for (int p = 0; p < leaves; p++) {
            if (p % 4 != 3) {
                float[] v = leaf(p).values;
                for (int i = 0; i < v.length; i++) {
                    sequential[i] += v[i];
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int p = 0; p < leaves; p++) {
            order.add(p);
        }
        assertNotEquals(java.util.Arrays.toString(sequential),
                java.util.Arrays.toString(sumInOrder(leaves, order).values));
    }

    @Test
    void aMissingLeafIsReported() {
        TreeSum tree = new TreeSum(3);
        tree.add(0, leaf(0));
        tree.add(2, leaf(2));

        assertEquals("The sum over 3 partitions is missing some of them",
                assertThrows(IllegalStateException.class, tree::result).getMessage());
    }
}
