package dev.lazynet.spark.internal.engine;

import dev.lazynet.nn.FlatParameters;
import dev.lazynet.spark.LazyNetClassifier;
import dev.lazynet.spark.SparkTestBase;
import dev.lazynet.spark.TestData;
import dev.lazynet.spark.internal.data.FloatBlock;
import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.tensor.Shape;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class ExecutorWorkersTest {

    private static final NetworkRecipe RECIPE = new NetworkRecipe("dense(6,relu) dropout(0.5) dense(3)", Shape.of(4),
            true);

    private static float[] randomWeights(long seed) {
        float[] w = new float[FlatParameters.of(RECIPE.shaped()).size()];
        Random rng = new Random(seed);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        return w;
    }

    private static FloatBlock block(int rows) {
        FloatBlock.Builder builder = new FloatBlock.Builder(false);
        Random rng = new Random(rows);
        for (int r = 0; r < rows; r++) {
            float[] x = {rng.nextFloat(), rng.nextFloat(), rng.nextFloat(), rng.nextFloat()};
            builder.add(x, 4, new float[] {r % 3}, 1);
        }
        return builder.build();
    }

    @Test
    void aReusedWorkerGivesBitwiseWhatAFreshWorkerGivesAtEveryStep() {
        FloatBlock block = block(40);
        StepPlan.Schedule schedule = new StepPlan.Schedule(40, 9, 8, new int[] {0}, new int[] {40}, false);
        PartitionWorker reused = new PartitionWorker(RECIPE);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int step = 0; step < schedule.steps(); step++) {
                float[] weights = randomWeights(epoch * 100L + step);
                PartialSum fresh = new PartitionWorker(RECIPE).step(block, weights, schedule, 0, epoch, step);
                float[] freshValues = fresh.values.clone();
                PartialSum again = reused.step(block, weights, schedule, 0, epoch, step);

                assertArrayEquals(freshValues, again.values, "epoch " + epoch + ", step " + step);
                assertEquals(fresh.loss, again.loss);
                assertEquals(fresh.rows, again.rows);
            }
        }
    }

    @Test
    void aStepWithoutRowsInThePartitionIsEmpty() {
        StepPlan.Schedule schedule = new StepPlan.Schedule(10, 1, 5, new int[] {0, 10}, new int[] {10, 0}, false);

        PartialSum sum = new PartitionWorker(RECIPE).step(block(0), randomWeights(1), schedule, 1, 0, 0);

        assertSame(PartialSum.EMPTY, sum);
    }

    @Test
    void aWorkerGivenBackIsTakenAgainByTheSameFitAndPartitionOnly() {
        PartitionWorker worker = new PartitionWorker(RECIPE);
        ExecutorWorkers.giveBack("fit-a", 0, worker);

        assertNotSame(worker, ExecutorWorkers.take("fit-a", 1, () -> new PartitionWorker(RECIPE)));
        assertNotSame(worker, ExecutorWorkers.take("fit-b", 0, () -> new PartitionWorker(RECIPE)));
        assertSame(worker, ExecutorWorkers.take("fit-a", 0, () -> new PartitionWorker(RECIPE)));
        assertNotSame(worker, ExecutorWorkers.take("fit-a", 0, () -> new PartitionWorker(RECIPE)),
                "a worker in use is not handed out twice");
    }

    @Test
    void releaseDropsTheFitsWorkersAndKeepsOtherFits() {
        ExecutorWorkers.giveBack("fit-c", 0, new PartitionWorker(RECIPE));
        ExecutorWorkers.giveBack("fit-c", 1, new PartitionWorker(RECIPE));
        ExecutorWorkers.giveBack("fit-d", 0, new PartitionWorker(RECIPE));

        assertEquals(2, ExecutorWorkers.release("fit-c"));
        assertEquals(0, ExecutorWorkers.release("fit-c"));
        assertEquals(1, ExecutorWorkers.release("fit-d"));
    }

    @Test
    void workersIdleForTooLongAreDropped() {
        ExecutorWorkers.giveBack("fit-e", 0, new PartitionWorker(RECIPE));

        assertEquals(0, ExecutorWorkers.evictIdleBefore(System.nanoTime() - ExecutorWorkers.IDLE_LIMIT_NANOS));
        assertEquals(1, ExecutorWorkers.evictIdleBefore(System.nanoTime() + 1));
        assertEquals(0, ExecutorWorkers.release("fit-e"));
    }

    @Test
    @Tag("spark")
    void aFitLeavesNoWorkerBehind() {
        new LazyNetClassifier().setLayers("dense(5,relu) dense(3)").setMaxIter(2).setBatchSize(20).setSeed(1)
                .fit(TestData.frame(SparkTestBase.localSession(), TestData.blobs(90, 4, 3, 5), 3));

        assertEquals(0, ExecutorWorkers.evictIdleBefore(System.nanoTime() + 1), "workers left idle");
    }
}
