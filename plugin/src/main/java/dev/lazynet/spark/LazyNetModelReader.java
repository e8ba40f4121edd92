package dev.lazynet.spark;

import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.spark.internal.io.ModelFiles;
import org.apache.spark.ml.util.MLReader;

/**
 * Loads what {@link LazyNetModelWriter} saved: the files are read and checked by {@link ModelFiles},
 * then the model is built and its saved Params set.
 */
final class LazyNetModelReader<M extends LazyNetModel<M>> extends MLReader<M> {

    /** Builds a model from its uid, recipe and weights. */
    @FunctionalInterface
    interface Factory<M> {
        M create(String uid, NetworkRecipe recipe, float[] weights);
    }

    private final Class<M> type;
    private final boolean classification;
    private final Factory<M> factory;

    LazyNetModelReader(Class<M> type, boolean classification, Factory<M> factory) {
        this.type = type;
        this.classification = classification;
        this.factory = factory;
    }

    /** Loads the model at {@code path}. */
    @Override
    public M load(String path) {
        ModelFiles.Saved saved = ModelFiles.read(sc().hadoopConfiguration(), path, type.getName(), classification);
        M model = factory.create(saved.metadata().uid(), saved.recipe(), saved.weights());
        ModelFiles.setParams(saved, model, path);
        return model;
    }
}
