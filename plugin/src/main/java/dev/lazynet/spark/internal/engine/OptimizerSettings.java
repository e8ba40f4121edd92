package dev.lazynet.spark.internal.engine;

import dev.lazynet.train.Optimizer;
import dev.lazynet.train.TrainingStep;
import java.io.Serializable;
import org.apache.spark.annotation.Private;

/**
 * How to build the fit's optimizer, small enough to travel with a task: the driver builds its own from
 * it, and with {@code localSteps > 1} every partition builds one on its executor.
 *
 * @param name {@code adam} or {@code sgd}
 * @param clipNorm the largest L2 norm of a step's mean gradient; 0 for no clipping
 */
@Private
public record OptimizerSettings(String name, double stepSize, double weightDecay, double clipNorm) implements Serializable {

    /**
     * Checks the settings by building an optimizer once.
     *
     * @throws IllegalArgumentException for an unknown name or a bad step size or weight decay
     */
    public OptimizerSettings {
        Optimizer.create(name, stepSize, weightDecay);
    }

    /** A new step routine over a new optimizer with no state, clipping as set. */
    public TrainingStep step(boolean[] trainable) {
        return new TrainingStep(create(), trainable, clipNorm);
    }

    /** A new optimizer with no state. */
    public Optimizer create() {
        return Optimizer.create(name, stepSize, weightDecay);
    }
}
