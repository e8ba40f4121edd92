package dev.lazynet.spark.internal.engine;

import dev.lazynet.train.Optimizer;
import dev.lazynet.train.StepSizeSchedule;
import dev.lazynet.train.TrainingStep;
import java.io.Serializable;
import org.apache.spark.annotation.Private;

/**
 * How to build the fit's optimizer, small enough to travel with a task: the driver builds its own from
 * it, and with {@code localSteps > 1} every partition builds one on its executor.
 *
 * @param name {@code adam} or {@code sgd}
 * @param stepSize the base step size, which {@code schedule} scales per epoch
 * @param clipNorm the largest L2 norm of a step's mean gradient; 0 for no clipping
 * @param schedule the {@link StepSizeSchedule}'s text form
 */
@Private
public record OptimizerSettings(String name, double stepSize, double weightDecay, double clipNorm, String schedule)
        implements Serializable {

    /**
     * Checks the settings by building an optimizer once and reading the schedule.
     *
     * @throws IllegalArgumentException for an unknown name, a bad step size or weight decay, or a schedule
     *     that does not parse
     */
    public OptimizerSettings {
        Optimizer.create(name, stepSize, weightDecay);
        StepSizeSchedule.parse(schedule);
    }

    /** Settings with a constant step size. */
    public OptimizerSettings(String name, double stepSize, double weightDecay, double clipNorm) {
        this(name, stepSize, weightDecay, clipNorm, StepSizeSchedule.CONSTANT.toString());
    }

    /** The step size of epoch {@code epoch} (counted from 0) of {@code epochs}, by the schedule. */
    public double stepSizeAt(int epoch, int epochs) {
        return StepSizeSchedule.parse(schedule).stepSize(stepSize, epoch, epochs);
    }

    /** These settings with the step size of epoch {@code epoch} of {@code epochs}, kept constant. */
    OptimizerSettings atEpoch(int epoch, int epochs) {
        return new OptimizerSettings(name, stepSizeAt(epoch, epochs), weightDecay, clipNorm);
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
