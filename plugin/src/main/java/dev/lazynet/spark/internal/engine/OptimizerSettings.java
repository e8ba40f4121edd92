package dev.lazynet.spark.internal.engine;

import dev.lazynet.train.Optimizer;
import java.io.Serializable;
import org.apache.spark.annotation.Private;

/**
 * How to build the fit's optimizer, small enough to travel with a task: the driver builds its own from
 * it, and with {@code localSteps > 1} every partition builds one on its executor.
 *
 * @param name {@code adam} or {@code sgd}
 */
@Private
public record OptimizerSettings(String name, double stepSize, double weightDecay) implements Serializable {

    /**
     * Checks the settings by building an optimizer once.
     *
     * @throws IllegalArgumentException for an unknown name or a bad step size or weight decay
     */
    public OptimizerSettings {
        Optimizer.create(name, stepSize, weightDecay);
    }

    /** A new optimizer with no state. */
    public Optimizer create() {
        return Optimizer.create(name, stepSize, weightDecay);
    }
}
