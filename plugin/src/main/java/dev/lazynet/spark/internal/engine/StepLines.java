package dev.lazynet.spark.internal.engine;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP connections between the executors and the driver's {@link StepCoordinator} that carry a one-job
 * epoch's shares and weights, beside Spark's RPC, which still carries the tasks' joins.
 *
 * <p>Why not Spark's RPC for every step: it writes each message with Java serialization into a buffer that
 * grows by doubling, and reads and answers every executor on one endpoint thread, so that a step's
 * exchange of a few hundred kilobytes per executor cost more than the step's arithmetic (figures in
 * docs/benchmarks.md). Here a message is its {@link StepMessages} bytes after their length (an int,
 * little-endian, like the messages). Both ends write and read them in direct buffers of their own, kept
 * from step to step, which the socket copies to and from without the extra copy through a temporary
 * buffer that a socket stream makes of a heap array, and without a new array of a share's size per
 * step for the collector to reclaim; and each
 * executor's connection has a driver thread of its own, which reads the executor's shares, hands them to
 * the coordinator, waits for the step's answer and writes it, so the answers to several executors go out
 * at once and outside the coordinator's lock. The coordinator, its checks and its fixed order of sums are
 * those of the RPC path, so the weights are bitwise the same.
 *
 * <p>Who may connect: the first bytes on a connection must be the server's token, 16 random bytes that
 * tasks learn from the answer to their join, which comes through Spark's RPC; so only a task that Spark's
 * RPC let in (authenticated, where {@code spark.authenticate} is on) can send shares. The connections are
 * not encrypted: where Spark's RPC is ({@code spark.network.crypto.enabled}, {@code spark.ssl.rpc.enabled}),
 * or where {@value EngineSettings#STEP_LINES} is false, the driver offers no lines and every step goes
 * through Spark's RPC. An executor that cannot connect (a firewall between it and the driver's ports) does
 * the same, after a warning.
 */
final class StepLines {

    /** The length of a server's token. */
    static final int TOKEN_BYTES = 16;

    private static final Logger LOG = LoggerFactory.getLogger(StepLines.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** How long a new connection may take to present its token; a task sends it at once. */
    private static final int TOKEN_TIMEOUT_MILLIS = 10_000;
    /** The largest message accepted: far above any share, low enough to refuse a corrupt length. */
    private static final int MAX_MESSAGE_BYTES = 1 << 30;
    /**
     * The sockets' send and receive buffers: room for a whole share, so that a writer hands over its
     * message and is done, rather than waiting for the reader to drain a default-sized buffer; the
     * kernel caps it at its maximum ({@code net.core.wmem_max}, {@code net.core.rmem_max}).
     */
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;

    private StepLines() {
    }

    /** Where an executor connects: the driver's host and the server's port, and the token to present. */
    record Address(String host, int port, byte[] token) {
    }

    /**
     * Where the driver listens ({@code spark.driver.bindAddress}, else {@code spark.driver.host}) and the
     * host its executors reach it at ({@code spark.driver.host}), as for Spark's RPC.
     */
    record Hosts(String bind, String advertised) {

        /**
         * The hosts of {@code conf}'s driver, or {@code null} where its RPC is encrypted: the lines are
         * not, so the steps then stay on the RPC.
         */
        static Hosts of(SparkConf conf) {
            if (conf.getBoolean("spark.network.crypto.enabled", false) || conf.getBoolean("spark.ssl.rpc.enabled", false)) {
                return null;
            }
            String advertised = conf.get("spark.driver.host");
            return new Hosts(conf.get("spark.driver.bindAddress", advertised), advertised);
        }
    }

    /**
     * The driver's end: accepts connections on {@code hosts.bind()} at a free port, which tasks reach at
     * {@code hosts.advertised()}. For every
     * message from a connection, {@code handler} is given the bytes and a future to complete with the
     * answer, whose {@link #frame frame} {@code encode} gives, for this connection to write from its
     * position to its limit.
     */
    static Server serve(Hosts hosts, Handler handler, Function<StepMessages.Reply, ByteBuffer> encode)
            throws IOException {
        return new Server(hosts.bind(), hosts.advertised(), handler, encode);
    }

    /** What the driver does with a message from a line. */
    interface Handler {
        /**
         * Handles the task's {@code request}, a message from its position to its limit that stays the
         * line's until the answer, and whose float arrays it may read into {@code arrays}; {@code answer}
         * takes the reply, now or later, from any thread.
         */
        void receive(ByteBuffer request, StepMessages.FloatArrays arrays, StepCoordinator.Answer answer);
    }

    /** The driver's listening socket and the connections it accepted, each served by a thread of its own. */
    static final class Server implements Closeable {
        private final ServerSocketChannel socket;
        private final Address address;
        private final Handler handler;
        private final Function<StepMessages.Reply, ByteBuffer> encode;
        private final List<SocketChannel> connections = new ArrayList<>();
        private boolean closed;

        private Server(String bindHost, String advertisedHost, Handler handler,
                Function<StepMessages.Reply, ByteBuffer> encode) throws IOException {
            this.handler = handler;
            this.encode = encode;
            this.socket = ServerSocketChannel.open();
            // Set before binding, so that accepted connections start with it (TCP's window scaling).
            socket.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindHost), 0));
            byte[] token = new byte[TOKEN_BYTES];
            new SecureRandom().nextBytes(token);
            this.address = new Address(advertisedHost, socket.socket().getLocalPort(), token);
            Thread acceptor = new Thread(this::accept, "lazynet-step-lines-" + address.port());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        /** Where tasks connect, with the token they present. */
        Address address() {
            return address;
        }

        private void accept() {
            int count = 0;
            while (true) {
                SocketChannel connection;
                try {
                    connection = socket.accept();
                } catch (IOException e) {
                    return;
                }
                synchronized (this) {
                    if (closed) {
                        closeQuietly(connection);
                        return;
                    }
                    connections.add(connection);
                }
                Thread serving = new Thread(() -> serve(connection),
                        "lazynet-step-line-" + address.port() + "-" + count++);
                serving.setDaemon(true);
                serving.start();
            }
        }

        /**
         * Checks the connection's token, then answers its messages until it closes. A connection that fails
         * is only closed: its tasks fail with it, and the coordinator stops the epoch when Spark retries
         * them, or when it hears nothing for too long, as it does when an RPC message is lost.
         */
        private void serve(SocketChannel connection) {
            try (connection) {
                configure(connection);
                // The token is read through the socket's stream, which honours a read timeout, unlike
                // the channel; nothing else is read through it, so nothing is left in it for the channel.
                connection.socket().setSoTimeout(TOKEN_TIMEOUT_MILLIS);
                byte[] token = new byte[TOKEN_BYTES];
                new DataInputStream(connection.socket().getInputStream()).readFully(token);
                if (!MessageDigest.isEqual(token, address.token())) {
                    LOG.warn("Refused a connection to the step lines from {}: it did not present the epoch's token",
                            connection.getRemoteAddress());
                    return;
                }
                // A connection's next message comes only after its answer, which comes only once the
                // coordinator is done with the step and with the arrays it read, so both are reused.
                Inbox inbox = new Inbox();
                StepMessages.FloatArrays arrays = new StepMessages.Reused();
                ByteBuffer request;
                while ((request = inbox.read(connection)) != null) {
                    CompletableFuture<StepMessages.Reply> answer = new CompletableFuture<>();
                    handler.receive(request, arrays, answer::complete);
                    writeFully(connection, encode.apply(answer.join()));
                }
            } catch (IOException e) {
                if (!isClosed()) {
                    LOG.info("A step line from {} failed: {}", remote(connection), e.toString());
                }
            } finally {
                synchronized (this) {
                    connections.remove(connection);
                }
            }
        }

        private synchronized boolean isClosed() {
            return closed;
        }

        /** Stops accepting and closes every connection; their threads end. */
        @Override
        public void close() {
            List<SocketChannel> open;
            synchronized (this) {
                closed = true;
                open = new ArrayList<>(connections);
            }
            closeQuietly(socket);
            open.forEach(StepLines::closeQuietly);
        }
    }

    /**
     * An executor's connection to a driver's {@link Server}, used by one thread at a time. An answer's
     * weights are the line's own, reused by the next answer, which comes only after every task of the
     * executor has taken the weights into its network and sent its next share.
     */
    static final class Line implements Closeable {
        private final SocketChannel channel;
        private final StepMessages.FloatArrays arrays = new StepMessages.Reused();
        private final Inbox inbox = new Inbox();
        private ByteBuffer outbox = ByteBuffer.allocateDirect(0);

        private Line(SocketChannel channel) {
            this.channel = channel;
        }

        /** Connects to {@code address} and presents its token. */
        static Line connect(Address address) throws IOException {
            SocketChannel channel = SocketChannel.open();
            try {
                configure(channel);
                channel.socket().connect(new InetSocketAddress(address.host(), address.port()), CONNECT_TIMEOUT_MILLIS);
                writeFully(channel, ByteBuffer.wrap(address.token()));
                return new Line(channel);
            } catch (IOException e) {
                closeQuietly(channel);
                throw e;
            }
        }

        /**
         * Sends {@code shares} and waits, without a time limit, for the answer: the coordinator answers
         * every waiting task when a step completes, when it stops and when the driver closes the epoch.
         *
         * @throws IOException if the connection fails, or the driver closed it without answering
         */
        StepMessages.Reply ask(StepMessages.Shares shares) throws IOException {
            int size = StepMessages.sharesSize(shares.taskAttempts(), shares.shares());
            outbox = frameBuffer(outbox, size);
            outbox.putInt(size);
            StepMessages.putShares(outbox, shares.taskAttempts(), shares.step(), shares.shares());
            writeFully(channel, outbox.flip());
            ByteBuffer answer = inbox.read(channel);
            if (answer == null) {
                throw new EOFException("The driver closed the step line to " + remote(channel) + " before it answered");
            }
            return StepMessages.readReply(answer, arrays);
        }

        @Override
        public void close() {
            closeQuietly(channel);
        }
    }

    /**
     * {@code reply} as a line's frame, its length and then its message, in a direct buffer from position 0
     * to its limit: in {@code reuse} where that has room, else in a new buffer.
     */
    static ByteBuffer frame(ByteBuffer reuse, StepMessages.Reply reply) {
        if (reply.kind() != StepMessages.ReplyKind.WEIGHTS) {
            ByteBuffer frame = frameBuffer(reuse, 1);
            return frame.putInt(1).put(reply.kind().code()).flip();
        }
        if (reply.peers() != 0 || reply.line() != null) {
            throw new IllegalArgumentException("An answer to a join goes through Spark's RPC, not a step line");
        }
        int size = StepMessages.weightsSize(reply.weights());
        ByteBuffer frame = frameBuffer(reuse, size);
        frame.putInt(size);
        StepMessages.putWeights(frame, reply.step(), reply.weights());
        return frame.flip();
    }

    /** A cleared little-endian direct buffer with room for a frame of a {@code size}-byte message: {@code reuse} where it has. */
    private static ByteBuffer frameBuffer(ByteBuffer reuse, int size) {
        ByteBuffer buffer = reuse != null && reuse.capacity() >= 4 + size ? reuse.clear()
                : ByteBuffer.allocateDirect(4 + size);
        return buffer.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The frames a connection reads, one at a time, into a direct buffer it reuses while it has room. */
    private static final class Inbox {
        private final ByteBuffer length = ByteBuffer.allocateDirect(4).order(ByteOrder.LITTLE_ENDIAN);
        private ByteBuffer message = ByteBuffer.allocateDirect(0);

        /**
         * The next message, from the buffer's position 0 to its limit, valid until the next read; or
         * {@code null} where the other end closed the connection between messages.
         */
        ByteBuffer read(SocketChannel channel) throws IOException {
            length.clear();
            if (channel.read(length) < 0) {
                return null;
            }
            readFully(channel, length);
            int size = length.getInt(0);
            if (size <= 0 || size > MAX_MESSAGE_BYTES) {
                throw new IOException("A step line's message says it has " + size + " bytes, outside 1 to "
                        + MAX_MESSAGE_BYTES);
            }
            if (message.capacity() < size) {
                message = ByteBuffer.allocateDirect(size);
            }
            message.clear().limit(size);
            readFully(channel, message);
            return message.flip();
        }
    }

    private static void configure(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
    }

    private static void readFully(SocketChannel channel, ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into) < 0) {
                throw new EOFException("A step line closed in the middle of a message from " + remote(channel));
            }
        }
    }

    private static void writeFully(SocketChannel channel, ByteBuffer from) throws IOException {
        while (from.hasRemaining()) {
            channel.write(from);
        }
    }

    private static Object remote(SocketChannel channel) {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return "a closed connection";
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Closing what failed or ended; nothing is left to do with it.
        }
    }
}
