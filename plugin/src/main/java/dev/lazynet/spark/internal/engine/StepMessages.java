package dev.lazynet.spark.internal.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages between an {@link EpochTask} and the driver's {@link StepCoordinator}, as byte arrays.
 *
 * <p>Bytes, not objects: Spark's RPC layer deserializes messages with the class loader it was created
 * with, which on an executor does not see the application's jars, so only JDK types cross it safely; and
 * a float array written as raw bytes costs a copy, not Java serialization. Floats and doubles are
 * little-endian.
 *
 * <pre>
 * join:    1, taskAttempt (long), partitions (int n, n ints)
 * shares:  2, taskAttempt (long), step (int), n (int), n × [partition (int), loss (double), rows (long),
 *          length (int, -1 for none), length floats]
 * weights: 1, step (int), length (int), length floats
 * stop:    2
 * done:    3
 * </pre>
 */
final class StepMessages {

    /** What a task asks; the first byte of its message. */
    enum Request {
        JOIN, SHARES;

        byte code() {
            return (byte) (ordinal() + 1);
        }
    }

    /** What the coordinator answers; the first byte of its reply. */
    enum ReplyKind {
        WEIGHTS, STOP, DONE;

        byte code() {
            return (byte) (ordinal() + 1);
        }

        static ReplyKind of(byte code) {
            ReplyKind[] kinds = values();
            if (code < 1 || code > kinds.length) {
                throw new IllegalArgumentException("Expected a step reply of kind 1 to " + kinds.length
                        + ", but got kind " + code);
            }
            return kinds[code - 1];
        }
    }

    private static final byte[] STOP_MESSAGE = {ReplyKind.STOP.code()};
    private static final byte[] DONE_MESSAGE = {ReplyKind.DONE.code()};

    private StepMessages() {
    }

    /** A task's first message: which task attempt it is and which partitions it serves. */
    record Join(long taskAttempt, int[] partitions) {
    }

    /** One partition's share of a step: its gradient sum (or statistics), loss sum and rows. */
    record Share(int partition, PartialSum sum) {
    }

    /** A task's shares of one step, one per partition it serves. */
    record Shares(long taskAttempt, int step, List<Share> shares) {
    }

    /** The coordinator's answer: the weights of the next step, or stop, or the epoch is done. */
    record Reply(ReplyKind kind, int step, float[] weights) {
    }

    static byte[] join(long taskAttempt, int[] partitions) {
        ByteBuffer out = allocate(1 + 8 + 4 + 4 * partitions.length);
        out.put(Request.JOIN.code()).putLong(taskAttempt).putInt(partitions.length);
        for (int p : partitions) {
            out.putInt(p);
        }
        return out.array();
    }

    static byte[] shares(long taskAttempt, int step, List<Share> shares) {
        int size = 1 + 8 + 4 + 4;
        for (Share share : shares) {
            float[] values = share.sum().values;
            size += 4 + 8 + 8 + 4 + (values == null ? 0 : 4 * values.length);
        }
        ByteBuffer out = allocate(size);
        out.put(Request.SHARES.code()).putLong(taskAttempt).putInt(step).putInt(shares.size());
        for (Share share : shares) {
            PartialSum sum = share.sum();
            out.putInt(share.partition()).putDouble(sum.loss).putLong(sum.rows);
            putFloats(out, sum.values);
        }
        return out.array();
    }

    static byte[] weights(int step, float[] weights) {
        ByteBuffer out = allocate(1 + 4 + 4 + 4 * weights.length);
        out.put(ReplyKind.WEIGHTS.code()).putInt(step);
        putFloats(out, weights);
        return out.array();
    }

    static byte[] stop() {
        return STOP_MESSAGE.clone();
    }

    static byte[] done() {
        return DONE_MESSAGE.clone();
    }

    /** What a task's message asks. */
    static Request requestKind(byte[] message) {
        return message[0] == Request.JOIN.code() ? Request.JOIN : Request.SHARES;
    }

    static Join readJoin(byte[] message) {
        ByteBuffer in = wrap(message, Request.JOIN.code());
        long attempt = in.getLong();
        int[] partitions = new int[in.getInt()];
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = in.getInt();
        }
        return new Join(attempt, partitions);
    }

    static Shares readShares(byte[] message) {
        ByteBuffer in = wrap(message, Request.SHARES.code());
        long attempt = in.getLong();
        int step = in.getInt();
        int count = in.getInt();
        List<Share> shares = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int partition = in.getInt();
            double loss = in.getDouble();
            long rows = in.getLong();
            float[] values = getFloats(in);
            shares.add(new Share(partition, new PartialSum(values, loss, rows, 0)));
        }
        return new Shares(attempt, step, shares);
    }

    static Reply readReply(byte[] message) {
        ReplyKind kind = ReplyKind.of(message[0]);
        if (kind != ReplyKind.WEIGHTS) {
            return new Reply(kind, -1, null);
        }
        ByteBuffer in = wrap(message, ReplyKind.WEIGHTS.code());
        int step = in.getInt();
        return new Reply(kind, step, getFloats(in));
    }

    private static ByteBuffer allocate(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer wrap(byte[] message, byte kind) {
        if (message[0] != kind) {
            throw new IllegalArgumentException("Expected a step message of kind " + kind + ", but got kind "
                    + message[0]);
        }
        ByteBuffer in = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        in.position(1);
        return in;
    }

    private static void putFloats(ByteBuffer out, float[] values) {
        if (values == null) {
            out.putInt(-1);
            return;
        }
        out.putInt(values.length);
        out.asFloatBuffer().put(values);
        out.position(out.position() + 4 * values.length);
    }

    private static float[] getFloats(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        float[] values = new float[length];
        in.asFloatBuffer().get(values);
        in.position(in.position() + 4 * length);
        return values;
    }
}
