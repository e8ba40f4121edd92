package dev.lazynet.spark.internal.data;

import dev.lazynet.nn.Dropout;
import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.NetworkSpec;
import dev.lazynet.nn.Sequential;
import dev.lazynet.tensor.Shape;
import dev.lazynet.train.BatchGradient;
import dev.lazynet.train.Loss;
import dev.lazynet.train.MeanSquaredError;
import dev.lazynet.train.SoftmaxCrossEntropy;
import java.io.Serializable;
import org.apache.spark.annotation.Private;

/**
 * What an executor needs to rebuild the network: its spec, the shape of one row and the kind of loss.
 * Executors build their own copy from it instead of receiving a serialized network, so only the spec and
 * a flat weight array ever travel.
 */
@Private
public final class NetworkRecipe implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String spec;
    private final int[] sampleDims;
    private final boolean classification;

    public NetworkRecipe(String spec, Shape sampleShape, boolean classification) {
        this.spec = spec;
        this.sampleDims = sampleShape.dims();
        this.classification = classification;
    }

    public String spec() {
        return spec;
    }

    public Shape sampleShape() {
        return Shape.of(sampleDims);
    }

    public boolean classification() {
        return classification;
    }

    /** The loss a fit minimizes: softmax cross-entropy for classes, squared error for regression. */
    public Loss loss() {
        return classification ? new SoftmaxCrossEntropy() : new MeanSquaredError();
    }

    /** The network with every parameter shape fixed, not initialized. */
    public Sequential shaped() {
        Sequential network = NetworkSpec.parse(spec);
        network.inferShape(sampleShape().prepend(Shape.UNKNOWN));
        return network;
    }

    /** The network with the given flat weights, in inference mode. */
    public Sequential withWeights(float[] weights) {
        Sequential network = shaped();
        FlatParameters.of(network).setValues(weights);
        network.setTraining(false);
        return network;
    }

    /**
     * A fresh gradient worker with the given flat weights, for one task.
     *
     * @param dropoutSeed seeds the masks of every dropout layer, so each task draws its own, reproducibly
     */
    public BatchGradient worker(float[] weights, long dropoutSeed) {
        Sequential network = NetworkSpec.parse(spec);
        seedDropout(network, dropoutSeed);
        BatchGradient worker = new BatchGradient(network, loss(), sampleShape());
        worker.setWeights(weights);
        return worker;
    }

    /** Restarts the masks of every dropout layer of {@code network} from {@code seed}. */
    public static void seedDropout(Sequential network, long seed) {
        for (int i = 0; i < network.size(); i++) {
            if (network.get(i) instanceof Dropout dropout) {
                dropout.seed(seed);
            }
        }
    }
}
