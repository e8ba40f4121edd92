package dev.lazynet.spark;

import dev.lazynet.spark.internal.io.ModelFiles;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * Saves a LazyNet model in Spark's ML layout: {@code metadata/} (class, uid, Spark version and every
 * Param, written by Spark's own {@code DefaultParamsWriter}) and {@code data/} (the network and its
 * weights, see {@link ModelFiles}). Nothing is Java-serialized.
 */
final class LazyNetModelWriter extends MLWriter {

    private final LazyNetModel<?> model;

    LazyNetModelWriter(LazyNetModel<?> model) {
        this.model = model;
    }

    /** Writes the model's files under {@code path}. */
    @Override
    // The SparkContext form of saveMetadata is the one Spark 3.5 and 4.x share.
    @SuppressWarnings("deprecation")
    public void saveImpl(String path) {
        DefaultParamsWriter.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
        ModelFiles.write(sc().hadoopConfiguration(), path, model.getClass().getName(), model.recipe, model.weights);
    }
}
