package dev.lazynet.examples.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports free on the loopback address, so parallel runs and other services do not collide. */
final class FreePorts {

    private FreePorts() {
    }

    /** {@code n} distinct ports that were free a moment ago. */
    static int[] take(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            // Holding every socket until all are chosen keeps the ports distinct.
            for (int i = 0; i < n; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find " + n + " free ports on the loopback address", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // The port is only probed; a failed close changes nothing for the caller.
                }
            }
        }
    }
}
