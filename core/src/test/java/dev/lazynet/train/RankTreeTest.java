package dev.lazynet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.Activation;
import dev.lazynet.nn.BatchNorm;
import dev.lazynet.nn.Dense;
import dev.lazynet.nn.Sequential;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankTreeTest {

    private static final int ROWS = 37;
    private static final float[] FEATURES = Tensor.rand(5, ROWS, 4).data();
    private static final float[] LABELS = new float[ROWS];

    static {
        for (int i = 0; i < ROWS; i++) {
            LABELS[i] = i % 3;
        }
    }

    private static BatchGradient worker() {
        Sequential net = new Sequential().add(new Dense(16, Activation.TANH), new Dense(3));
        net.initialize(Initializers.xavier(), false, 2);
        return new BatchGradient(net, new SoftmaxCrossEntropy(), Shape.of(4));
    }

    /** The batch's rows in rank order: a batch of an epoch's permutation, sorted by global row index. */
    private static int[] ranked() {
        int[] rows = Arrays.copyOf(BatchSchedule.permutation(2 * ROWS, 9, 0), ROWS);
        for (int i = 0; i < rows.length; i++) {
            rows[i] %= ROWS;
        }
        return Arrays.stream(rows).distinct().sorted().toArray();
    }

    /**
     * The gradient sum when the ranks are cut at {@code cuts}, each piece is summed by its own worker, and
     * the nodes the pieces leave reach a driver's tree in an order drawn from {@code arrivalSeed}.
     */
    private static float[] splitSum(int[] rows, int[] cuts, long arrivalSeed) {
        BatchGradient worker = worker();
        List<RankTree.Node> shipped = new ArrayList<>();
        int from = 0;
        for (int p = 0; p <= cuts.length; p++) {
            int to = p < cuts.length ? cuts[p] : rows.length;
            RankTree piece = new RankTree(rows.length);
            worker.accumulateRows(FEATURES, LABELS, null, rows, from, to, from, piece, row -> { });
            shipped.addAll(piece.pending());
            from = to;
        }
        Collections.shuffle(shipped, new Random(arrivalSeed));
        RankTree driver = new RankTree(rows.length);
        shipped.forEach(driver::add);
        return driver.result();
    }

    /** The gradient sum of one worker holding every row. */
    private static float[] wholeSum(int[] rows) {
        RankTree tree = new RankTree(rows.length);
        worker().accumulateRows(FEATURES, LABELS, null, rows, 0, rows.length, 0, tree, row -> { });
        return tree.result();
    }

    @Test
    void anySplitOfTheRanksAmongWorkersGivesBitwiseTheSameSum() {
        int[] rows = ranked();
        float[] whole = wholeSum(rows);
        assertTrue(Arrays.stream(toDoubles(whole)).anyMatch(v -> v != 0));
        int[][] splits = {{1}, {rows.length / 2}, {3, 4, 20}, {5, 11, 12, 13, 17, rows.length - 1}};
        for (int s = 0; s < splits.length; s++) {
            assertArrayEquals(whole, splitSum(rows, splits[s], s), "split at " + Arrays.toString(splits[s]));
        }
    }

    @Test
    void theTreeSumIsTheBatchGradientUpToRounding() {
        int[] rows = ranked();
        BatchGradient worker = worker();
        float[] batched = new float[worker.layout().size()];
        worker.accumulate(FEATURES, LABELS, rows, 0, rows.length, batched);
        assertArrayEquals(batched, splitSum(rows, new int[] {7}, 1), 1e-5f);
    }

    @Test
    void aPieceLeavesAtMostTwoNodesPerLevel() {
        RankTree tree = new RankTree(100);
        for (int rank = 3; rank < 77; rank++) {
            tree.addLeaf(rank, new float[] {rank});
        }
        List<RankTree.Node> nodes = tree.pending();
        assertEquals(List.of("0:3", "2:1", "3:1", "4:1", "5:1", "3:8", "2:18", "0:76"),
                nodes.stream().map(n -> n.level() + ":" + n.index()).toList());
        assertEquals((3 + 76) * 74 / 2, nodes.stream().mapToDouble(n -> n.values()[0]).sum());
    }

    @Test
    void aMissingRowOrATwiceAddedRowIsAnError() {
        RankTree tree = new RankTree(3);
        tree.addLeaf(0, new float[1]);
        tree.addLeaf(2, new float[1]);
        assertEquals("The sum over 3 rows is missing some of them: 2 nodes wait for their siblings",
                assertThrows(IllegalStateException.class, tree::result).getMessage());
        assertEquals("Node (0, 2) of the tree over 3 rows covers the row of rank 2, which was added before",
                assertThrows(IllegalArgumentException.class, () -> tree.addLeaf(2, new float[1])).getMessage());
        assertEquals("Node (1, 0) of the tree over 3 rows covers the row of rank 0, which was added before",
                assertThrows(IllegalArgumentException.class,
                        () -> tree.add(new RankTree.Node(1, 0, new float[1]))).getMessage());
        assertEquals("Node (0, 3) is outside the tree over 3 rows, whose level 0 has 3 nodes",
                assertThrows(IllegalArgumentException.class, () -> tree.addLeaf(3, new float[1])).getMessage());
    }

    @Test
    void sumsOverSingleRowsRefuseBatchNormalizationAndSayWhy() {
        Sequential net = new Sequential().add(new Dense(4), new BatchNorm(), new Dense(3));
        net.initialize(Initializers.xavier(), false, 2);
        BatchGradient worker = new BatchGradient(net, new SoftmaxCrossEntropy(), Shape.of(4));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> worker.accumulateRows(FEATURES, LABELS, null, new int[] {0, 1}, 0, 2, 0, new RankTree(2),
                        row -> { }));
        assertTrue(e.getMessage().contains("batch normalization"), e.getMessage());
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
