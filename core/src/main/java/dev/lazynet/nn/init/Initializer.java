package dev.lazynet.nn.init;

import dev.lazynet.tensor.Tensor;
import java.util.Random;

/**
 * Fills a parameter's values once its shape is known.
 *
 * <p>It is called exactly once per parameter, when the parameter is initialized (at
 * {@code initialize} if the shape is known then, otherwise when data, {@code inferShape} or an
 * input size fix the shape), and never again on later forward passes. The generator is derived from
 * the seed and the parameter's name, so values do not depend on the order in which parameters are
 * initialized.
 */
@FunctionalInterface
public interface Initializer {

    /**
     * Fills a weight.
     *
     * @param name the parameter's name, e.g. {@code 0.weight}
     * @param data the tensor to fill, in its final shape (e.g. {@code (units, inUnits)})
     * @param rng the parameter's own generator
     */
    void initWeight(String name, Tensor data, Random rng);

    /** Fills a bias; zeros unless overridden, as in Gluon and PyTorch's common practice. */
    default void initBias(String name, Tensor data, Random rng) {
        data.fill(0f);
    }
}
