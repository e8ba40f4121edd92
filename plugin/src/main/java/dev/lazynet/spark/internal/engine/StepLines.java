package dev.lazynet.spark.internal.engine;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 * docs/benchmarks.md). Here a message is its {@link StepMessages} bytes after their length, and each
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
    private static final int BUFFER_BYTES = 1 << 16;

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
     * answer, whose bytes {@code encode} gives.
     */
    static Server serve(Hosts hosts, Handler handler, Function<StepMessages.Reply, byte[]> encode)
            throws IOException {
        return new Server(hosts.bind(), hosts.advertised(), handler, encode);
    }

    /** What the driver does with a message from a line. */
    interface Handler {
        /**
         * Handles the task's {@code request}, whose float arrays it may read into {@code arrays};
         * {@code answer} takes the reply, now or later, from any thread.
         */
        void receive(byte[] request, StepMessages.FloatArrays arrays, StepCoordinator.Answer answer);
    }

    /** The driver's listening socket and the connections it accepted, each served by a thread of its own. */
    static final class Server implements Closeable {
        private final ServerSocket socket;
        private final Address address;
        private final Handler handler;
        private final Function<StepMessages.Reply, byte[]> encode;
        private final List<Socket> connections = new ArrayList<>();
        private boolean closed;

        private Server(String bindHost, String advertisedHost, Handler handler,
                Function<StepMessages.Reply, byte[]> encode) throws IOException {
            this.handler = handler;
            this.encode = encode;
            this.socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindHost), 0));
            byte[] token = new byte[TOKEN_BYTES];
            new SecureRandom().nextBytes(token);
            this.address = new Address(advertisedHost, socket.getLocalPort(), token);
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
                Socket connection;
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
        private void serve(Socket connection) {
            try (connection) {
                connection.setTcpNoDelay(true);
                connection.setSoTimeout(TOKEN_TIMEOUT_MILLIS);
                DataInputStream in = new DataInputStream(connection.getInputStream());
                byte[] token = new byte[TOKEN_BYTES];
                in.readFully(token);
                if (!MessageDigest.isEqual(token, address.token())) {
                    LOG.warn("Refused a connection to the step lines from {}: it did not present the epoch's token",
                            connection.getRemoteSocketAddress());
                    return;
                }
                connection.setSoTimeout(0);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(connection.getOutputStream(),
                        BUFFER_BYTES));
                // A connection's next message comes only after its answer, which comes only once the
                // coordinator is done with the step and with the arrays it read, so both are reused.
                byte[] request = null;
                StepMessages.FloatArrays arrays = new StepMessages.Reused();
                while ((request = readMessage(in, request)) != null) {
                    CompletableFuture<StepMessages.Reply> answer = new CompletableFuture<>();
                    handler.receive(request, arrays, answer::complete);
                    writeMessage(out, encode.apply(answer.join()));
                }
            } catch (IOException e) {
                if (!isClosed()) {
                    LOG.info("A step line from {} failed: {}", connection.getRemoteSocketAddress(), e.toString());
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
            List<Socket> open;
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
     * bytes and weights are the line's own, reused by the next answer, which comes only after every task
     * of the executor has taken the weights into its network and sent its next share.
     */
    static final class Line implements Closeable {
        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;
        private final StepMessages.FloatArrays arrays = new StepMessages.Reused();
        private byte[] inbox;

        private Line(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES));
        }

        /** Connects to {@code address} and presents its token. */
        static Line connect(Address address) throws IOException {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(address.host(), address.port()), CONNECT_TIMEOUT_MILLIS);
                Line line = new Line(socket);
                line.out.write(address.token());
                line.out.flush();
                return line;
            } catch (IOException e) {
                closeQuietly(socket);
                throw e;
            }
        }

        /**
         * Sends {@code request} and waits, without a time limit, for the answer: the coordinator answers
         * every waiting task when a step completes, when it stops and when the driver closes the epoch.
         *
         * @throws IOException if the connection fails, or the driver closed it without answering
         */
        StepMessages.Reply ask(byte[] request) throws IOException {
            writeMessage(out, request);
            inbox = readMessage(in, inbox);
            if (inbox == null) {
                throw new EOFException("The driver closed the step line to " + socket.getRemoteSocketAddress()
                        + " before it answered");
            }
            return StepMessages.readReply(inbox, arrays);
        }

        @Override
        public void close() {
            closeQuietly(socket);
        }
    }

    private static void writeMessage(DataOutputStream out, byte[] message) throws IOException {
        out.writeInt(message.length);
        out.write(message);
        out.flush();
    }

    /**
     * The next message, in {@code reuse} where it is long enough (a message's bytes say where they end),
     * or {@code null} where the other end closed the connection between messages.
     */
    private static byte[] readMessage(DataInputStream in, byte[] reuse) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
                | in.readUnsignedByte();
        if (length <= 0 || length > MAX_MESSAGE_BYTES) {
            throw new IOException("A step line's message says it has " + length + " bytes, outside 1 to "
                    + MAX_MESSAGE_BYTES);
        }
        byte[] message = reuse != null && reuse.length >= length ? reuse : new byte[length];
        in.readFully(message, 0, length);
        return message;
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Closing what failed or ended; nothing is left to do with it.
        }
    }
}
