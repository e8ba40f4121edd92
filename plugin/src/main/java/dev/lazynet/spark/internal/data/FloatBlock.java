package dev.lazynet.spark.internal.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.annotation.Private;

/**
 * Rows packed as contiguous floats: {@code rows · featureSize} features, {@code rows · targetWidth}
 * targets, row-major, and with {@code weightCol} one weight per row, exactly sized, so a cached block
 * costs the raw float bytes.
 */
@Private
public final class FloatBlock implements Serializable {

    private static final long serialVersionUID = 1L;

    public final float[] features;
    public final float[] targets;
    /** One weight per row, or {@code null} when the rows are not weighted (each weighs 1). */
    public final float[] weights;
    public final int rows;

    private FloatBlock(float[] features, float[] targets, float[] weights, int rows) {
        this.features = features;
        this.targets = targets;
        this.weights = weights;
        this.rows = rows;
    }

    /**
     * Collects rows of unknown number in chunks, then copies them once into exact arrays: the peak is
     * twice the block, not the three times of doubling one array.
     */
    public static final class Builder {
        private static final int CHUNK = 1 << 20;

        private final Chunks features = new Chunks();
        private final Chunks targets = new Chunks();
        private final Chunks weights;
        private int rows;

        /** @param weighted whether the rows carry weights ({@link #add(float[], int, float[], int, float[])}) */
        public Builder(boolean weighted) {
            this.weights = weighted ? new Chunks() : null;
        }

        /** Appends one row and its weight, {@code rowWeight[0]}, which is kept only if the block is weighted. */
        public void add(float[] rowFeatures, int featureCount, float[] rowTargets, int targetCount, float[] rowWeight) {
            add(rowFeatures, featureCount, rowTargets, targetCount);
            if (weights != null) {
                weights.add(rowWeight, 1);
            }
        }

        /** Appends one row. */
        public void add(float[] rowFeatures, int featureCount, float[] rowTargets, int targetCount) {
            if (rows == Integer.MAX_VALUE || features.size + featureCount > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("A partition holds more than " + (Integer.MAX_VALUE - 8)
                        + " feature values, more than one float array can hold; repartition the data into more"
                        + " partitions before fitting");
            }
            features.add(rowFeatures, featureCount);
            targets.add(rowTargets, targetCount);
            rows++;
        }

        public int rows() {
            return rows;
        }

        public FloatBlock build() {
            return new FloatBlock(features.toArray(), targets.toArray(), weights == null ? null : weights.toArray(),
                    rows);
        }
    }

    private static final class Chunks {
        private final List<float[]> full = new ArrayList<>();
        private float[] current = new float[0];
        private int used;
        private long size;

        void add(float[] src, int count) {
            int done = 0;
            while (done < count) {
                if (used == current.length) {
                    if (current.length > 0) {
                        full.add(current);
                    }
                    current = new float[Builder.CHUNK];
                    used = 0;
                }
                int n = Math.min(count - done, current.length - used);
                System.arraycopy(src, done, current, used, n);
                used += n;
                done += n;
            }
            size += count;
        }

        float[] toArray() {
            float[] all = new float[(int) size];
            int at = 0;
            for (float[] chunk : full) {
                System.arraycopy(chunk, 0, all, at, chunk.length);
                at += chunk.length;
            }
            System.arraycopy(current, 0, all, at, used);
            return all;
        }
    }
}
