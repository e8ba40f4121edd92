package dev.lazynet.spark.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazynet.train.BatchSchedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepPlanTest {

    @Test
    void thePartitionsPlansTogetherCoverEachGlobalBatchExactly() {
        int n = 103;
        int batch = 10;
        int[] counts = {0, 40, 25, 38};
        int[] permutation = BatchSchedule.permutation(n, 5, 2);
        StepPlan[] plans = new StepPlan[counts.length];
        int first = 0;
        int[] firsts = new int[counts.length];
        for (int p = 0; p < counts.length; p++) {
            firsts[p] = first;
            plans[p] = StepPlan.of(n, 5, 2, batch, first, counts[p], false);
            first += counts[p];
        }
        for (int step = 0; step < 11; step++) {
            List<Integer> expected = new ArrayList<>();
            for (int pos = step * batch; pos < Math.min(n, (step + 1) * batch); pos++) {
                expected.add(permutation[pos]);
            }
            List<Integer> planned = new ArrayList<>();
            for (int p = 0; p < counts.length; p++) {
                for (int k = plans[p].bounds[step]; k < plans[p].bounds[step + 1]; k++) {
                    planned.add(firsts[p] + plans[p].rows[k]);
                }
            }
            Collections.sort(expected);
            Collections.sort(planned);
            assertEquals(expected, planned, "step " + step);
        }
    }

    @Test
    void aPartitionVisitsItsRowsInPermutationOrder() {
        int[] permutation = BatchSchedule.permutation(20, 1, 0);
        StepPlan plan = StepPlan.of(20, 1, 0, 4, 5, 10, false);
        int[] expected = java.util.Arrays.stream(permutation).filter(g -> g >= 5 && g < 15).map(g -> g - 5).toArray();

        assertArrayEquals(expected, plan.rows);
        assertEquals(10, plan.bounds[5]);
    }

    @Test
    void withExactSumsTheRowsOfAStepAreInRankOrderAndKnowTheRankOfTheirFirst() {
        int n = 103;
        int batch = 10;
        int[] counts = {0, 40, 25, 38};
        int[] permutation = BatchSchedule.permutation(n, 5, 2);
        for (int step = 0; step < 11; step++) {
            int[] ranked = java.util.Arrays.stream(permutation, step * batch, Math.min(n, (step + 1) * batch))
                    .sorted().toArray();
            int first = 0;
            for (int count : counts) {
                StepPlan plan = StepPlan.of(n, 5, 2, batch, first, count, true);
                int from = plan.bounds[step];
                for (int k = from; k < plan.bounds[step + 1]; k++) {
                    assertEquals(ranked[plan.firstRanks[step] + k - from], first + plan.rows[k],
                            "step " + step + ", partition from " + first);
                }
                first += count;
            }
        }
    }
}
