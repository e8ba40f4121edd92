package dev.lazynet.spark.internal.data;

import dev.lazynet.nn.Sequential;
import dev.lazynet.spark.InvalidDataException;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.annotation.Private;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * A model's transform on one partition: rows in batches through the network, each row out with the
 * output columns appended. The network is built once per partition from the broadcast weights.
 */
@Private
public final class BatchPredictor implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    /** Turns one row's network outputs into the values of the appended columns. */
    public interface Outputs extends Serializable {
        /** How many columns are appended. */
        int count();

        /** Writes the appended values for the outputs {@code out[offset .. offset+width)} to {@code row[at..]}. */
        void write(float[] out, int offset, int width, Object[] row, int at);
    }

    private final NetworkRecipe recipe;
    private final Broadcast<float[]> weights;
    private final FeatureReader features;
    private final int featuresField;
    private final int batchSize;
    private final boolean skipInvalid;
    private final Outputs outputs;

    public BatchPredictor(NetworkRecipe recipe, Broadcast<float[]> weights, FeatureReader features, int featuresField,
            int batchSize, boolean skipInvalid, Outputs outputs) {
        this.recipe = recipe;
        this.weights = weights;
        this.features = features;
        this.featuresField = featuresField;
        this.batchSize = batchSize;
        this.skipInvalid = skipInvalid;
        this.outputs = outputs;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        Sequential network = recipe.withWeights(weights.value());
        Shape sample = recipe.sampleShape();
        int partition = TaskContext.getPartitionId();
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();
            private final float[] batch = new float[batchSize * features.size()];
            private final List<Row> pending = new ArrayList<>(batchSize);
            private long index;

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && input.hasNext()) {
                    fill();
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }

            private void fill() {
                pending.clear();
                while (pending.size() < batchSize && input.hasNext()) {
                    Row row = input.next();
                    String problem = features.read(row, featuresField, batch, pending.size() * features.size(),
                            partition, index++);
                    if (problem == null) {
                        pending.add(row);
                    } else if (!skipInvalid) {
                        throw new InvalidDataException(problem);
                    }
                }
                if (pending.isEmpty()) {
                    return;
                }
                int count = pending.size();
                float[] x = count == batchSize ? batch : Arrays.copyOf(batch, count * features.size());
                Tensor out = network.forward(Tensor.of(x, sample.prepend(count)));
                int width = out.shape().sizeFrom(1);
                for (int r = 0; r < count; r++) {
                    Row row = pending.get(r);
                    Object[] values = new Object[row.length() + outputs.count()];
                    for (int c = 0; c < row.length(); c++) {
                        values[c] = row.get(c);
                    }
                    outputs.write(out.data(), r * width, width, values, row.length());
                    ready.add(RowFactory.create(values));
                }
            }
        };
    }
}
