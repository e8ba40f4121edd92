package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.data.FloatBlock;
import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.spark.internal.data.PackedPartition;
import dev.lazynet.spark.internal.data.Predictions;
import dev.lazynet.tensor.Tensor;
import dev.lazynet.train.BatchGradient;
import dev.lazynet.train.Loss;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The loss sum and, for classification, the number of correct predictions over a partition's validation
 * rows, in inference mode and in batches.
 */
final class EvaluationTask implements FlatMapFunction<Iterator<PackedPartition>, PartialSum> {

    private static final long serialVersionUID = 1L;

    private final NetworkRecipe recipe;
    private final Broadcast<float[]> weights;
    private final int batchSize;

    EvaluationTask(NetworkRecipe recipe, Broadcast<float[]> weights, int batchSize) {
        this.recipe = recipe;
        this.weights = weights;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<PartialSum> call(Iterator<PackedPartition> partitions) {
        FloatBlock block = partitions.next().validation;
        if (block.rows == 0) {
            return List.of(PartialSum.EMPTY).iterator();
        }
        BatchGradient worker = recipe.worker(weights.value(), 0);
        Loss loss = recipe.loss();
        double lossSum = 0;
        long correct = 0;
        for (int first = 0; first < block.rows; first += batchSize) {
            int count = Math.min(batchSize, block.rows - first);
            Tensor out = worker.predict(block.features, first, count);
            lossSum += loss.sum(out, block.targets, first * worker.targetWidth());
            if (recipe.classification()) {
                correct += countCorrect(out, block.targets, first, count);
            }
        }
        return List.of(new PartialSum(null, lossSum, block.rows, correct)).iterator();
    }

    private static long countCorrect(Tensor out, float[] labels, int first, int count) {
        int classes = out.shape().dim(1);
        float[] o = out.data();
        long correct = 0;
        for (int r = 0; r < count; r++) {
            if (Predictions.argmax(o, r * classes, classes) == (int) labels[first + r]) {
                correct++;
            }
        }
        return correct;
    }
}
