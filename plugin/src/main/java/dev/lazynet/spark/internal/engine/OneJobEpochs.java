package dev.lazynet.spark.internal.engine;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaFutureAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each exact epoch as one Spark job whose tasks stay up for all its steps and exchange shares and
 * weights with a {@link StepCoordinator} on the driver: a Spark job per step costs several times the
 * step's arithmetic at usual batch sizes (scheduling, task serialization, a broadcast, result handling).
 *
 * <p>When that path stops (a task failed, the tasks could not all run at once), the rest of the epoch
 * runs a job per step, which gives the same weights bit for bit. A stall (no task heard from for
 * {@link EngineSettings#epochStallNanos}) means the cluster cannot run all the tasks at once, which the
 * next epoch would meet again; after one, the rest of the fit runs a job per step.
 */
final class OneJobEpochs implements EpochStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(OneJobEpochs.class);

    private final FitJobs fit;
    private final Update update;
    private final JobPerStepEpochs perStep;
    private final long stallNanos;
    private final StepLines.Hosts lines;
    private boolean stalled;

    /**
     * @param perStep runs what a one-job epoch leaves undone
     * @param stepLines whether executors in other JVMs may send their steps over {@link StepLines}
     */
    OneJobEpochs(FitJobs fit, Update update, JobPerStepEpochs perStep, long stallNanos, boolean stepLines) {
        this.fit = fit;
        this.update = update;
        this.perStep = perStep;
        this.stallNanos = stallNanos;
        this.lines = stepLines ? StepLines.Hosts.of(fit.jsc().sc().conf()) : null;
    }

    @Override
    public double run(int epoch, String label, float[] weights) {
        if (stalled) {
            return perStep.run(epoch, label, weights);
        }
        int steps = fit.schedule().steps();
        StepCoordinator coordinator = stream(epoch, label, weights);
        if (coordinator.outcome() == StepCoordinator.Outcome.FAILED) {
            throw coordinator.failure();
        }
        int done = coordinator.completedSteps();
        StepTraffic.add(done, coordinator.shareMessages(), coordinator.sharesReceived());
        if (done < steps) {
            LOG.warn("{}: left the one-job epoch after {} of {} steps, {}; the rest runs a job per step{}", label,
                    done, steps, coordinator.stopReason(), stalled ? ", and so do the later epochs of this fit" : "");
        }
        return coordinator.lossSum() + perStep.runFrom(epoch, done, label, weights);
    }

    /**
     * Runs the epoch's steps in one job until the epoch is done or the coordinator stops; returns the
     * coordinator, which tells how far it got. The tasks are laid out on the task slots of this epoch, as
     * executors come and go under dynamic allocation; how partitions are grouped into tasks changes no
     * sum, which is added by partition index.
     */
    private StepCoordinator stream(int epoch, String label, float[] weights) {
        int steps = fit.schedule().steps();
        EpochBlocks layout = EpochBlocks.of(fit.jsc().sc(), fit.data());
        String endpoint = "lazynet-steps-" + fit.fitId() + "-" + epoch;
        StepCoordinator coordinator = new StepCoordinator(layout.partitions(), layout.idle(), steps, weights,
                (step, total, ranges) -> update.apply(epoch, step, total, weights, ranges), System::nanoTime);
        StepEndpoint open = StepEndpoint.open(endpoint, coordinator, lines);
        try {
            fit.jsc().sc().setJobDescription(label + ", " + steps + " steps in one job of " + layout.tasks()
                    + " tasks");
            JavaFutureAction<Void> job = layout.blocks().foreachPartitionAsync(new EpochTask(fit.fitId(),
                    fit.recipe(), endpoint, fit.schedule(), epoch,
                    layout.partitions(), layout.tasks() <= Runtime.getRuntime().availableProcessors()));
            await(job, coordinator);
        } finally {
            open.close();
        }
        return coordinator;
    }

    /**
     * Waits for the epoch's job. A job that fails after the coordinator stopped is expected (a task was
     * lost, which is why it stopped); one that fails while the coordinator runs is the fit's failure. A
     * coordinator that stalls is stopped, and its job cancelled.
     */
    private void await(JavaFutureAction<Void> job, StepCoordinator coordinator) {
        long poll = Math.max(1, Math.min(TimeUnit.SECONDS.toNanos(1), stallNanos / 4));
        while (true) {
            try {
                job.get(poll, TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException e) {
                if (coordinator.stalled(stallNanos)) {
                    stalled = true;
                    coordinator.stop("no task was heard from for " + TimeUnit.NANOSECONDS.toMillis(stallNanos)
                            + " ms while a step waited for its shares (" + EngineSettings.EPOCH_STALL_TIMEOUT + ")");
                    job.cancel(true);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                job.cancel(true);
                throw new IllegalStateException("Interrupted while waiting for an epoch's job", e);
            } catch (ExecutionException e) {
                if (coordinator.outcome() != StepCoordinator.Outcome.RUNNING) {
                    return;
                }
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(cause.getMessage(), cause);
            }
        }
    }
}
