package dev.lazynet.spark.internal.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages between an {@link EpochTask} and the driver's {@link StepCoordinator}, as byte arrays.
 *
 * <p>Bytes, not objects: Spark's RPC layer deserializes messages with the class loader it was created
 * with, which on an executor does not see the application's jars, so only JDK types cross it safely; and
 * a float array written as raw bytes costs a copy, not Java serialization. The same bytes, each message
 * after its length, carry a step's shares and weights on the driver's {@link StepLines}. Floats and
 * doubles are little-endian.
 *
 * <pre>
 * join:    1, taskAttempt (long), executor (int n, n UTF-8 bytes), partitions (int n, n ints)
 * shares:  2, taskAttempts (int n, n longs), step (int), n (int), n × [level (int), index (int),
 *          loss (double), rows (long), weight (double), length (int, -1 for none), length floats]
 * weights: 1, step (int), peers (int), line (int n, -1 for none, n UTF-8 bytes of the host, port (int),
 *          16 bytes of token), length (int), length floats
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

    /**
     * A task's first message: which task attempt it is, the executor it runs on, and which partitions it
     * serves.
     */
    record Join(long taskAttempt, String executor, int[] partitions) {
    }

    /**
     * A share of a step: the sum over the partitions under node {@code (level, index)} of {@link TreeSum}
     * (a single partition at level 0) of their gradient sums (or statistics), loss sums and rows.
     */
    record Share(int level, int index, PartialSum sum) {

        /** Partition {@code partition}'s own share. */
        Share(int partition, PartialSum sum) {
            this(0, partition, sum);
        }
    }

    /** The shares of one step from the task attempts of one executor, which together own their partitions. */
    record Shares(long[] taskAttempts, int step, List<Share> shares) {
    }

    /**
     * The coordinator's answer: the weights of the next step, or stop, or the epoch is done. The answer
     * to a join also says how many of the epoch's tasks run on the asking task's executor ({@code peers}),
     * which add their shares there, and, to a task in another JVM, where the driver's {@link StepLines}
     * take the steps' shares ({@code line}, or {@code null}: they go through Spark's RPC); other answers
     * say 0 and {@code null}.
     */
    record Reply(ReplyKind kind, int step, float[] weights, int peers, StepLines.Address line) {

        /** An answer that is not to a join. */
        Reply(ReplyKind kind, int step, float[] weights) {
            this(kind, step, weights, 0, null);
        }

        /** An answer to a join, before the endpoint adds where its lines are. */
        Reply(ReplyKind kind, int step, float[] weights, int peers) {
            this(kind, step, weights, peers, null);
        }
    }

    static byte[] join(long taskAttempt, String executor, int[] partitions) {
        byte[] name = executor.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = allocate(1 + 8 + 4 + name.length + 4 + 4 * partitions.length);
        out.put(Request.JOIN.code()).putLong(taskAttempt).putInt(name.length).put(name).putInt(partitions.length);
        for (int p : partitions) {
            out.putInt(p);
        }
        return out.array();
    }

    static byte[] shares(long[] taskAttempts, int step, List<Share> shares) {
        ByteBuffer out = allocate(sharesSize(taskAttempts, shares));
        putShares(out, taskAttempts, step, shares);
        return out.array();
    }

    /** The length of the {@link #shares(long[], int, List) shares} message. */
    static int sharesSize(long[] taskAttempts, List<Share> shares) {
        int size = 1 + 4 + 8 * taskAttempts.length + 4 + 4;
        for (Share share : shares) {
            float[] values = share.sum().values;
            size += 4 + 4 + 8 + 8 + 8 + 4 + (values == null ? 0 : 4 * values.length);
        }
        return size;
    }

    /** Writes the {@link #shares(long[], int, List) shares} message at {@code out}'s position. */
    static void putShares(ByteBuffer out, long[] taskAttempts, int step, List<Share> shares) {
        out.order(ByteOrder.LITTLE_ENDIAN).put(Request.SHARES.code()).putInt(taskAttempts.length);
        for (long attempt : taskAttempts) {
            out.putLong(attempt);
        }
        out.putInt(step).putInt(shares.size());
        for (Share share : shares) {
            PartialSum sum = share.sum();
            out.putInt(share.level()).putInt(share.index()).putDouble(sum.loss).putLong(sum.rows)
                    .putDouble(sum.weight);
            putFloats(out, sum.values);
        }
    }

    static byte[] weights(int step, float[] weights, int peers, StepLines.Address line) {
        byte[] host = line == null ? null : line.host().getBytes(StandardCharsets.UTF_8);
        int lineSize = host == null ? 4 : 4 + host.length + 4 + StepLines.TOKEN_BYTES;
        ByteBuffer out = allocate(1 + 4 + 4 + lineSize + 4 + 4 * weights.length);
        out.put(ReplyKind.WEIGHTS.code()).putInt(step).putInt(peers);
        if (host == null) {
            out.putInt(-1);
        } else {
            out.putInt(host.length).put(host).putInt(line.port()).put(line.token());
        }
        putFloats(out, weights);
        return out.array();
    }

    /**
     * {@link #weights(int, float[], int, StepLines.Address) weights} of an answer that is not to a join,
     * written into {@code reuse} where it has the message's length: a step's weights, encoded once per
     * step, after every executor has read the last step's.
     */
    static byte[] weights(byte[] reuse, int step, float[] weights) {
        int size = weightsSize(weights);
        ByteBuffer out = reuse != null && reuse.length == size ? ByteBuffer.wrap(reuse) : allocate(size);
        putWeights(out, step, weights);
        return out.array();
    }

    /** The length of the {@link #weights(byte[], int, float[]) weights} message of an answer not to a join. */
    static int weightsSize(float[] weights) {
        return 1 + 4 + 4 + 4 + 4 + 4 * weights.length;
    }

    /** Writes the {@link #weights(byte[], int, float[]) weights} message at {@code out}'s position. */
    static void putWeights(ByteBuffer out, int step, float[] weights) {
        out.order(ByteOrder.LITTLE_ENDIAN).put(ReplyKind.WEIGHTS.code()).putInt(step).putInt(0).putInt(-1);
        putFloats(out, weights);
    }

    static byte[] stop() {
        return STOP_MESSAGE.clone();
    }

    static byte[] done() {
        return DONE_MESSAGE.clone();
    }

    /** What a task's message asks. */
    static Request requestKind(byte[] message) {
        return requestKind(ByteBuffer.wrap(message));
    }

    /** What the task's message from {@code message}'s position asks. */
    static Request requestKind(ByteBuffer message) {
        return message.get(message.position()) == Request.JOIN.code() ? Request.JOIN : Request.SHARES;
    }

    static Join readJoin(byte[] message) {
        ByteBuffer in = wrap(message, Request.JOIN.code());
        long attempt = in.getLong();
        byte[] name = new byte[in.getInt()];
        in.get(name);
        int[] partitions = new int[in.getInt()];
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = in.getInt();
        }
        return new Join(attempt, new String(name, StandardCharsets.UTF_8), partitions);
    }

    /**
     * Where a message's float arrays are read into: fresh arrays, or a reader's own, reused from message
     * to message where the reader is done with the last one's arrays before it reads the next.
     */
    interface FloatArrays {
        /** Fresh arrays. */
        FloatArrays FRESH = (position, length) -> new float[length];

        /** An array of {@code length} floats for the message's {@code position}-th array. */
        float[] get(int position, int length);
    }

    /** A reader's arrays, kept by position and reused while their lengths stay the same. */
    static final class Reused implements FloatArrays {
        private final List<float[]> arrays = new ArrayList<>();

        @Override
        public float[] get(int position, int length) {
            while (arrays.size() <= position) {
                arrays.add(null);
            }
            float[] array = arrays.get(position);
            if (array == null || array.length != length) {
                array = new float[length];
                arrays.set(position, array);
            }
            return array;
        }
    }

    static Shares readShares(byte[] message) {
        return readShares(message, FloatArrays.FRESH);
    }

    /** The shares of {@code message}, their sums read into {@code into}. */
    static Shares readShares(byte[] message, FloatArrays into) {
        return readShares(ByteBuffer.wrap(message), into);
    }

    /**
     * The shares of the message from {@code message}'s position, their sums read into {@code into};
     * {@code message}'s position is left where it was.
     */
    static Shares readShares(ByteBuffer message, FloatArrays into) {
        ByteBuffer in = open(message, Request.SHARES.code());
        long[] attempts = new long[in.getInt()];
        for (int i = 0; i < attempts.length; i++) {
            attempts[i] = in.getLong();
        }
        int step = in.getInt();
        int count = in.getInt();
        List<Share> shares = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int level = in.getInt();
            int index = in.getInt();
            double loss = in.getDouble();
            long rows = in.getLong();
            double weight = in.getDouble();
            float[] values = getFloats(in, into, i);
            shares.add(new Share(level, index, new PartialSum(values, loss, rows, weight, 0)));
        }
        return new Shares(attempts, step, shares);
    }

    static Reply readReply(byte[] message) {
        return readReply(message, FloatArrays.FRESH);
    }

    /** The answer of {@code message}, its weights read into {@code into}. */
    static Reply readReply(byte[] message, FloatArrays into) {
        return readReply(ByteBuffer.wrap(message), into);
    }

    /**
     * The answer of the message from {@code message}'s position, its weights read into {@code into};
     * {@code message}'s position is left where it was.
     */
    static Reply readReply(ByteBuffer message, FloatArrays into) {
        ReplyKind kind = ReplyKind.of(message.get(message.position()));
        if (kind != ReplyKind.WEIGHTS) {
            return new Reply(kind, -1, null);
        }
        ByteBuffer in = open(message, ReplyKind.WEIGHTS.code());
        int step = in.getInt();
        int peers = in.getInt();
        StepLines.Address line = null;
        int hostLength = in.getInt();
        if (hostLength >= 0) {
            byte[] host = new byte[hostLength];
            in.get(host);
            int port = in.getInt();
            byte[] token = new byte[StepLines.TOKEN_BYTES];
            in.get(token);
            line = new StepLines.Address(new String(host, StandardCharsets.UTF_8), port, token);
        }
        return new Reply(kind, step, getFloats(in, into, 0), peers, line);
    }

    private static ByteBuffer allocate(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer wrap(byte[] message, byte kind) {
        return open(ByteBuffer.wrap(message), kind);
    }

    /** A little-endian view of {@code message} after its kind, which must be {@code kind}. */
    private static ByteBuffer open(ByteBuffer message, byte kind) {
        byte actual = message.get(message.position());
        if (actual != kind) {
            throw new IllegalArgumentException("Expected a step message of kind " + kind + ", but got kind "
                    + actual);
        }
        ByteBuffer in = message.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        in.position(in.position() + 1);
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

    private static float[] getFloats(ByteBuffer in, FloatArrays into, int position) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        float[] values = into.get(position, length);
        in.asFloatBuffer().get(values);
        in.position(in.position() + 4 * length);
        return values;
    }
}
