package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.SparkInternals;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StepCoordinator} under a name the epoch's tasks find it by: tasks in the driver's JVM (local
 * mode) call it directly ({@link #inThisJvm}), tasks on other JVMs join through Spark's RPC, whose byte
 * messages ({@link StepMessages}) this decodes, and whose answers it encodes, and send their steps over
 * the driver's {@link StepLines} where it offers them, else through the RPC too. A step's weights are
 * encoded once for all executors; only the answers to joins, which name each executor's task count and
 * the lines, are encoded one by one.
 */
final class StepEndpoint implements SparkInternals.Handler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StepEndpoint.class);
    private static final Map<String, StepCoordinator> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final String name;
    private final StepCoordinator coordinator;
    private final StepLines.Hosts hosts;
    private SparkInternals.Server server;
    private StepLines.Server lines;
    private boolean linesTried;
    private byte[] encoded;
    private int encodedStep = -1;
    private ByteBuffer framed;
    private int framedStep = -1;

    private StepEndpoint(String name, StepCoordinator coordinator, StepLines.Hosts hosts) {
        this.name = name;
        this.coordinator = coordinator;
        this.hosts = hosts;
    }

    /**
     * Registers {@code coordinator} under {@code name}, in this JVM and on the driver's RPC.
     *
     * @param hosts where to offer {@link StepLines} to executors in other JVMs, or {@code null} for none
     */
    static StepEndpoint open(String name, StepCoordinator coordinator, StepLines.Hosts hosts) {
        StepEndpoint endpoint = new StepEndpoint(name, coordinator, hosts);
        endpoint.server = SparkInternals.get().serve(name, endpoint);
        IN_THIS_JVM.put(name, coordinator);
        return endpoint;
    }

    /** The coordinator registered under {@code name} in this JVM, or {@code null}: tasks in the driver's JVM. */
    static StepCoordinator inThisJvm(String name) {
        return IN_THIS_JVM.get(name);
    }

    /** A task's message from another JVM, through Spark's RPC; its answer leaves as bytes. */
    @Override
    public void receive(byte[] request, Consumer<byte[]> reply) {
        StepLines.Address line = StepMessages.requestKind(request) == StepMessages.Request.JOIN ? lines() : null;
        handle(request, message -> reply.accept(encode(message, line)));
    }

    private void handle(byte[] request, StepCoordinator.Answer answer) {
        if (StepMessages.requestKind(request) == StepMessages.Request.JOIN) {
            StepMessages.Join join = StepMessages.readJoin(request);
            coordinator.join(join.taskAttempt(), join.executor(), join.partitions(), answer);
        } else {
            StepMessages.Shares shares = StepMessages.readShares(request);
            coordinator.shares(shares.taskAttempts(), shares.step(), shares.shares(), answer);
        }
    }

    /**
     * Where the epoch's lines take connections, opened when the first task from another JVM joins, so
     * that an epoch whose tasks all run in the driver's JVM opens no port; {@code null} where there are
     * none, or where they could not be opened, in which case the steps go through Spark's RPC.
     */
    private synchronized StepLines.Address lines() {
        if (!linesTried && hosts != null) {
            linesTried = true;
            try {
                lines = StepLines.serve(hosts, this::handleShares, this::frame);
            } catch (IOException e) {
                LOG.warn("Could not listen on {} for the steps of {}, which go through Spark's RPC instead: {}",
                        hosts.bind(), name, e.toString());
            }
        }
        return lines == null ? null : lines.address();
    }

    /**
     * A message on a line: only shares, as joins come through Spark's RPC, which checks who may join;
     * their sums are read into the line's own arrays.
     */
    private void handleShares(ByteBuffer request, StepMessages.FloatArrays arrays, StepCoordinator.Answer answer) {
        if (StepMessages.requestKind(request) != StepMessages.Request.SHARES) {
            throw new IllegalArgumentException("A step line carries only shares, but got a message of kind "
                    + request.get(request.position()));
        }
        StepMessages.Shares shares = StepMessages.readShares(request, arrays);
        StepTraffic.addLineMessage();
        coordinator.shares(shares.taskAttempts(), shares.step(), shares.shares(), answer);
    }

    /**
     * The bytes of an answer. The coordinator sends answers while the step's weights stay unchanged, so
     * the encoding of a step is that step's weights; the next step's overwrites it, once every executor
     * has read it and sent the shares that complete that step.
     *
     * @param line where the answer to a join tells the task to send its steps, or {@code null}
     */
    private synchronized byte[] encode(StepMessages.Reply reply, StepLines.Address line) {
        if (reply.kind() != StepMessages.ReplyKind.WEIGHTS) {
            return reply.kind() == StepMessages.ReplyKind.DONE ? StepMessages.done() : StepMessages.stop();
        }
        if (reply.peers() != 0) {
            return StepMessages.weights(reply.step(), reply.weights(), reply.peers(), line);
        }
        if (encodedStep != reply.step()) {
            encoded = StepMessages.weights(encoded, reply.step(), reply.weights());
            encodedStep = reply.step();
        }
        return encoded;
    }

    /**
     * The {@link StepLines#frame frame} of an answer on a line, for one connection to write: a step's
     * weights are framed once for all lines, as {@link #encode} encodes them once, and each connection
     * writes its own view of that frame.
     */
    private synchronized ByteBuffer frame(StepMessages.Reply reply) {
        if (reply.kind() != StepMessages.ReplyKind.WEIGHTS) {
            return StepLines.frame(null, reply);
        }
        if (framedStep != reply.step()) {
            framed = StepLines.frame(framed, reply);
            framedStep = reply.step();
        }
        return framed.duplicate();
    }

    /** Stops any task still waiting, closes the lines and unregisters the coordinator. */
    @Override
    public void close() {
        coordinator.stop("the driver closed the epoch");
        IN_THIS_JVM.remove(name, coordinator);
        server.close();
        synchronized (this) {
            if (lines != null) {
                lines.close();
            }
        }
    }
}
