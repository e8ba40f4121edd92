package dev.lazynet.spark.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.spark.internal.SparkInternals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class StepLinesTest {

    private static final StepLines.Hosts LOOPBACK = new StepLines.Hosts("127.0.0.1", "127.0.0.1");

    private static ByteBuffer encode(StepMessages.Reply reply) {
        return StepLines.frame(null, reply);
    }

    private static StepMessages.Shares shares(int step, float... values) {
        return new StepMessages.Shares(new long[] {7}, step,
                List.of(new StepMessages.Share(0, new PartialSum(values, 1.5, 2, 2, 0))));
    }

    /** Answers each step's shares with the weights twice their sum's values, after the step it names. */
    private static void doubling(ByteBuffer request, StepMessages.FloatArrays arrays, StepCoordinator.Answer answer) {
        StepMessages.Shares shares = StepMessages.readShares(request, arrays);
        float[] values = shares.shares().get(0).sum().values;
        float[] weights = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            weights[i] = 2 * values[i];
        }
        answer.send(new StepMessages.Reply(StepMessages.ReplyKind.WEIGHTS, shares.step() + 1, weights));
    }

    @Test
    void aLineCarriesEachStepsSharesToTheDriverAndItsWeightsBackWhateverTheirLengthReusingItsBytes() throws IOException {
        try (StepLines.Server server = StepLines.serve(LOOPBACK, StepLinesTest::doubling, StepLinesTest::encode);
                StepLines.Line line = StepLines.Line.connect(server.address())) {
            StepMessages.Reply first = line.ask(shares(0, 1, 2, 3));
            assertEquals(1, first.step());
            assertArrayEquals(new float[] {2, 4, 6}, first.weights());

            StepMessages.Reply same = line.ask(shares(1, 5, 6, 7));
            assertEquals(2, same.step());
            assertArrayEquals(new float[] {10, 12, 14}, same.weights());

            StepMessages.Reply longer = line.ask(shares(2, 1, 2, 3, 4, 5));
            assertEquals(3, longer.step());
            assertArrayEquals(new float[] {2, 4, 6, 8, 10}, longer.weights());

            StepMessages.Reply shorter = line.ask(shares(3, -1));
            assertEquals(4, shorter.step());
            assertArrayEquals(new float[] {-2}, shorter.weights());
        }
    }

    @Test
    void aConnectionWithoutTheTokenIsClosedBeforeItsMessageReachesTheCoordinator() throws IOException {
        AtomicInteger handled = new AtomicInteger();
        try (StepLines.Server server = StepLines.serve(LOOPBACK, (request, arrays, answer) -> handled.incrementAndGet(),
                StepLinesTest::encode)) {
            StepLines.Address real = server.address();
            byte[] wrong = real.token().clone();
            wrong[0] ^= 1;
            try (StepLines.Line line = StepLines.Line.connect(new StepLines.Address(real.host(), real.port(), wrong))) {
                assertThrows(IOException.class, () -> line.ask(shares(0, 1)));
            }
        }
        assertEquals(0, handled.get());
    }

    @Test
    void closingTheServerEndsATaskWaitingForItsAnswer() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        StepLines.Server server = StepLines.serve(LOOPBACK, (request, arrays, answer) -> received.countDown(),
                StepLinesTest::encode);
        try (StepLines.Line line = StepLines.Line.connect(server.address())) {
            CompletableFuture<StepMessages.Reply> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return line.ask(shares(0, 1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertTrue(received.await(1, TimeUnit.MINUTES), "the message reached the driver");
            server.close();
            ExecutionException failed = assertThrows(ExecutionException.class, () -> waiting.get(1, TimeUnit.MINUTES));
            assertInstanceOf(UncheckedIOException.class, failed.getCause());
        }
    }

    @Test
    void anExecutorThatCannotReachTheOfferedLineSendsItsStepsThroughSparksRpc() throws IOException {
        List<byte[]> overRpc = new ArrayList<>();
        SparkInternals.Client rpc = request -> {
            overRpc.add(request);
            return StepMessages.done();
        };
        // A port held by a bound socket that never listens refuses connections. A closed server's port
        // would not do: the kernel may hand it out again, even as the connecting socket's own port,
        // and a socket connected to itself looks like a line that answers.
        try (Socket notListening = new Socket()) {
            notListening.bind(new InetSocketAddress(LOOPBACK.bind(), 0));
            StepLines.Address unreachable = new StepLines.Address(LOOPBACK.advertised(), notListening.getLocalPort(),
                    new byte[StepLines.TOKEN_BYTES]);
            try (StepChannel.Route route = StepChannel.Route.to(unreachable, rpc, "step-lines-test")) {
                assertFalse(route.overLine());
                assertEquals(StepMessages.ReplyKind.DONE, route.ask(shares(0, 1)).kind());
            }
        }
        assertEquals(1, overRpc.size());
        try (StepLines.Server server = StepLines.serve(LOOPBACK, StepLinesTest::doubling, StepLinesTest::encode);
                StepChannel.Route route = StepChannel.Route.to(server.address(), rpc, "step-lines-test")) {
            assertTrue(route.overLine());
            assertArrayEquals(new float[] {4}, route.ask(shares(0, 2)).weights());
        }
        assertEquals(1, overRpc.size(), "a reachable line leaves the RPC alone");
    }

    @Test
    void theDriverOffersNoLinesWhereSparksRpcIsEncrypted() {
        SparkConf conf = new SparkConf(false).set("spark.driver.host", "driver.example");
        assertEquals(new StepLines.Hosts("driver.example", "driver.example"), StepLines.Hosts.of(conf));
        assertEquals(new StepLines.Hosts("0.0.0.0", "driver.example"),
                StepLines.Hosts.of(conf.clone().set("spark.driver.bindAddress", "0.0.0.0")));
        assertNull(StepLines.Hosts.of(conf.clone().set("spark.network.crypto.enabled", "true")));
        assertNull(StepLines.Hosts.of(conf.clone().set("spark.ssl.rpc.enabled", "true")));
    }
}
