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
 * The loss sum and, for classification, the weight of the correct predictions over a partition's
 * validation rows (with {@code weightCol} weighted sums, else plain ones), in inference mode and in
 * batches.
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
        double correct = 0;
        for (int first = 0; first < block.rows; first += batchSize) {
            int count = Math.min(batchSize, block.rows - first);
            Tensor out = worker.predict(block.features, first, count);
            lossSum += loss.sum(out, block.targets, first * worker.targetWidth(), block.weights, first);
            if (recipe.classification()) {
                correct += correctWeight(out, block.targets, block.weights, first, count);
            }
        }
        double weight = 0;
        if (block.weights == null) {
            weight = block.rows;
        } else {
            for (float w : block.weights) {
                weight += w;
            }
        }
        return List.of(new PartialSum(null, lossSum, block.rows, weight, correct)).iterator();
    }

    /** The number of correct predictions, or with weights the sum of their weights. */
    private static double correctWeight(Tensor out, float[] labels, float[] weights, int first, int count) {
        int classes = out.shape().dim(1);
        float[] o = out.data();
        double correct = 0;
        for (int r = 0; r < count; r++) {
            if (Predictions.argmax(o, r * classes, classes) == (int) labels[first + r]) {
                correct += weights == null ? 1 : weights[first + r];
            }
        }
        return correct;
    }
}
