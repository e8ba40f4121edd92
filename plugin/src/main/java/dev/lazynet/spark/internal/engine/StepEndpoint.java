package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.SparkInternals;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link StepCoordinator} under a name the epoch's tasks find it by: tasks in the driver's JVM (local
 * mode) call it directly ({@link #inThisJvm}), tasks on other JVMs through Spark's RPC, whose byte
 * messages ({@link StepMessages}) this decodes, and whose answers it encodes. A step's weights are
 * encoded once for all executors; only the answers to joins, which name each executor's task count, are
 * encoded one by one.
 */
final class StepEndpoint implements SparkInternals.Handler, AutoCloseable {

    private static final Map<String, StepCoordinator> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final String name;
    private final StepCoordinator coordinator;
    private SparkInternals.Server server;
    private byte[] encoded;
    private int encodedStep = -1;

    private StepEndpoint(String name, StepCoordinator coordinator) {
        this.name = name;
        this.coordinator = coordinator;
    }

    /** Registers {@code coordinator} under {@code name}, in this JVM and on the driver's RPC. */
    static StepEndpoint open(String name, StepCoordinator coordinator) {
        StepEndpoint endpoint = new StepEndpoint(name, coordinator);
        endpoint.server = SparkInternals.get().serve(name, endpoint);
        IN_THIS_JVM.put(name, coordinator);
        return endpoint;
    }

    /** The coordinator registered under {@code name} in this JVM, or {@code null}: tasks in the driver's JVM. */
    static StepCoordinator inThisJvm(String name) {
        return IN_THIS_JVM.get(name);
    }

    /** A task's message from another JVM; its answer leaves as bytes. */
    @Override
    public void receive(byte[] request, Consumer<byte[]> reply) {
        StepCoordinator.Answer answer = message -> reply.accept(encode(message));
        if (StepMessages.requestKind(request) == StepMessages.Request.JOIN) {
            StepMessages.Join join = StepMessages.readJoin(request);
            coordinator.join(join.taskAttempt(), join.executor(), join.partitions(), answer);
        } else {
            StepMessages.Shares shares = StepMessages.readShares(request);
            coordinator.shares(shares.taskAttempts(), shares.step(), shares.shares(), answer);
        }
    }

    /**
     * The bytes of an answer. The coordinator sends answers while the step's weights stay unchanged, so
     * the encoding of a step is that step's weights.
     */
    private synchronized byte[] encode(StepMessages.Reply reply) {
        if (reply.kind() != StepMessages.ReplyKind.WEIGHTS) {
            return reply.kind() == StepMessages.ReplyKind.DONE ? StepMessages.done() : StepMessages.stop();
        }
        if (reply.peers() != 0) {
            return StepMessages.weights(reply.step(), reply.weights(), reply.peers());
        }
        if (encodedStep != reply.step()) {
            encoded = StepMessages.weights(reply.step(), reply.weights(), 0);
            encodedStep = reply.step();
        }
        return encoded;
    }

    /** Stops any task still waiting and unregisters the coordinator. */
    @Override
    public void close() {
        coordinator.stop("the driver closed the epoch");
        IN_THIS_JVM.remove(name, coordinator);
        server.close();
    }
}
