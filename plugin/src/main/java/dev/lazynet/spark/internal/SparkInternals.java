package dev.lazynet.spark.internal;

import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.annotation.Private;

/**
 * The parts of Spark that are {@code private[spark]} in Scala and that LazyNet uses: the RPC between
 * the tasks of a one-job epoch and the driver, the cluster's task slots, and the local properties that
 * label a job in the Spark UI. Nothing else in LazyNet touches those APIs. They may change in any Spark
 * release, so {@link SparkLine} checks the implementation against the running Spark once, up front;
 * where one of them is missing or changed, {@link #oneJobEpochs} is false and every epoch runs a Spark
 * job per step, through public API alone, with the same weights.
 */
@Private
public interface SparkInternals {

    /** The implementation for the running Spark: {@link SparkLineInternals}, or public API only where it does not link. */
    static SparkInternals get() {
        return SparkLine.internals();
    }

    /**
     * Whether the methods below work on the running Spark. Without them, a fit runs each step as its own
     * job, and only {@link #jobPropertyKeys} may be called.
     */
    boolean oneJobEpochs();

    /**
     * Looks up every Spark member this implementation calls, so that a Spark without one of them is
     * found out before a fit relies on it.
     *
     * @throws ReflectiveOperationException naming a member the running Spark lacks
     * @throws LinkageError where a class the implementation needs is missing or changed
     */
    void checkLinks() throws ReflectiveOperationException;

    /** How many tasks {@code sc}'s cluster runs at once with the default resource profile. */
    int maxConcurrentTasks(SparkContext sc);

    /** The local properties that hold the calling thread's job group, job description and interrupt flag. */
    List<String> jobPropertyKeys();

    /**
     * Registers {@code handler} on the driver under {@code name}, for {@link #connect} from tasks; the
     * handler runs on one thread of its own.
     */
    Server serve(String name, Handler handler);

    /** From a task on any JVM: a line to the handler the driver registered under {@code name}. */
    Client connect(String name);

    /** Answers the requests a driver endpoint receives. */
    interface Handler {
        /** Handles {@code request}; {@code reply} takes the answer, now or later, from any thread. */
        void receive(byte[] request, Consumer<byte[]> reply);
    }

    /** A registered endpoint. */
    interface Server extends AutoCloseable {
        /** Unregisters the endpoint. */
        @Override
        void close();
    }

    /** A task's line to a driver endpoint. */
    interface Client {
        /** Sends {@code request} and waits, without a time limit, for the answer. */
        byte[] ask(byte[] request);
    }
}
