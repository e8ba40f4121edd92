package dev.lazynet.examples.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Test hosts on this machine: network namespaces {@code lzn-netns-1} to {@code lzn-netns-N}, each with
 * one interface {@code eth0} at {@code 10.213.7.<i>/24}, joined by veth pairs to the bridge
 * {@code lzn-netns-br} in the root namespace, which has {@code 10.213.7.254} so that the test itself
 * can reach them. The range exists only on that bridge: no route leads from it to any other interface,
 * and the machine's own interfaces and routes stay as they are. Needs root and Debian's iproute2. One
 * host may have a {@link DelayedLink} instead of its veth pair: TAP devices joined by a forwarder that
 * can hold its frames, which also needs {@code /dev/net/tun} and Python 3.
 *
 * <p>{@link #close()} stops every process still inside the namespaces and removes the namespaces, the
 * veth pairs and the bridge; so does a shutdown hook if the JVM ends first, and {@link #create} first
 * removes whatever a crashed run left.
 */
final class NetnsHosts implements AutoCloseable {

    /** The start of every namespace and interface name made here. */
    static final String PREFIX = "lzn-netns-";
    private static final String BRIDGE = PREFIX + "br";
    private static final String SUBNET = "10.213.7.";
    private static final String BRIDGE_ADDRESS = SUBNET + "254";
    private static final String PROBE = PREFIX + "probe";
    private static final long COMMAND_SECONDS = 30;

    private final int count;
    private DelayedLink delayedLink;
    private final Thread cleanupHook = new Thread(NetnsHosts::removeAll, "lzn-netns-cleanup");

    private NetnsHosts(int count) {
        this.count = count;
    }

    /**
     * Why this machine cannot make the hosts, or empty if it can: tries to add and remove a namespace,
     * which fails without root or where the kernel refuses namespaces.
     */
    static Optional<String> unavailable() {
        try {
            Result added = run("ip", "netns", "add", PROBE);
            if (added.status != 0) {
                return Optional.of("`ip netns add` failed (exit " + added.status + "): " + added.output.strip()
                        + "; the network fault tests need root and a kernel with network namespaces");
            }
            check(run("ip", "netns", "del", PROBE), "ip netns del " + PROBE);
            return Optional.empty();
        } catch (UncheckedIOException e) {
            return Optional.of("`ip` could not be run (" + e.getCause().getMessage() + "); install iproute2");
        }
    }

    /** Makes hosts 1 to {@code count}, after removing what an earlier run may have left. */
    static NetnsHosts create(int count) {
        return create(count, 0, null);
    }

    /**
     * Makes hosts 1 to {@code count} as {@link #create(int)} does, but host {@code delayedHost} on a
     * {@link DelayedLink}, with no delay until {@link #delayedLink()} sets one.
     *
     * @param logs where the forwarder's script and output go
     */
    static NetnsHosts create(int count, int delayedHost, Path logs) {
        removeAll();
        NetnsHosts hosts = new NetnsHosts(count);
        Runtime.getRuntime().addShutdownHook(hosts.cleanupHook);
        try {
            ip("link", "add", BRIDGE, "type", "bridge");
            ip("addr", "add", BRIDGE_ADDRESS + "/24", "dev", BRIDGE);
            ip("link", "set", BRIDGE, "up");
            for (int host = 1; host <= count; host++) {
                String namespace = namespace(host);
                ip("netns", "add", namespace);
                if (host == delayedHost) {
                    ip("tuntap", "add", "mode", "tap", "name", switchPort(host));
                    ip("-n", namespace, "tuntap", "add", "mode", "tap", "name", "eth0");
                } else {
                    ip("link", "add", switchPort(host), "type", "veth", "peer", "name", "eth0", "netns", namespace);
                }
                ip("link", "set", switchPort(host), "master", BRIDGE, "up");
                ip("-n", namespace, "addr", "add", hosts.address(host) + "/24", "dev", "eth0");
                ip("-n", namespace, "link", "set", "eth0", "up");
                ip("-n", namespace, "link", "set", "lo", "up");
            }
            if (delayedHost > 0) {
                hosts.delayedLink = DelayedLink.start(logs, switchPort(delayedHost),
                        Path.of("/run/netns", namespace(delayedHost)), "eth0");
            }
            return hosts;
        } catch (IOException e) {
            hosts.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            hosts.close();
            throw e;
        }
    }

    /** Host {@code host} (from 1) as a place for the cluster's processes. */
    StandaloneCluster.Host host(int host) {
        return new StandaloneCluster.Host(address(host), List.of("ip", "netns", "exec", namespace(checked(host))));
    }

    /** The address of host {@code host}. */
    String address(int host) {
        return SUBNET + checked(host);
    }

    /** The link of the host made with a delay, to set it. */
    DelayedLink delayedLink() {
        if (delayedLink == null) {
            throw new IllegalStateException("No host was made with a delayed link");
        }
        return delayedLink;
    }

    /**
     * Takes host {@code host}'s link down at the bridge, as a pulled cable would: its packets go nowhere
     * and nothing tells its peers.
     */
    void linkDown(int host) {
        ip("link", "set", switchPort(checked(host)), "down");
    }

    /** Brings host {@code host}'s link back up. */
    void linkUp(int host) {
        ip("link", "set", switchPort(checked(host)), "up");
    }

    /** Stops the processes left in the hosts and removes the hosts, their links and the bridge. */
    @Override
    public void close() {
        if (delayedLink != null) {
            delayedLink.close();
        }
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to, and removes the same things.
        }
    }

    private int checked(int host) {
        if (host < 1 || host > count) {
            throw new IllegalArgumentException("There are hosts 1 to " + count + ", not " + host);
        }
        return host;
    }

    private static String namespace(int host) {
        return PREFIX + host;
    }

    /** The bridge's end of host {@code host}'s link: a veth, or the outer TAP device of a delayed link. */
    private static String switchPort(int host) {
        return PREFIX + "v" + host;
    }

    /**
     * Kills the processes in every namespace named {@value #PREFIX}..., then removes the namespaces, and
     * the veth pairs, the TAP devices and the bridge, every interface named {@value #PREFIX}... A namespace with a process
     * left in it would outlive its removal, so the processes go first.
     */
    private static void removeAll() {
        for (String line : run("ip", "netns", "list").output.lines().toList()) {
            String namespace = line.split("\\s+")[0];
            if (!namespace.startsWith(PREFIX)) {
                continue;
            }
            for (String pid : run("ip", "netns", "pids", namespace).output.lines().map(String::strip).toList()) {
                if (!pid.isEmpty()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(NetnsHosts::kill);
                }
            }
            check(run("ip", "netns", "del", namespace), "ip netns del " + namespace);
        }
        // A removed namespace is destroyed only once nothing holds it, and its veth pair with it, while
        // a TAP device on the bridge belongs to no namespace of a host; the bridge's ends are removed here
        // so that no link outlives the run.
        for (String line : run("ip", "-o", "link", "show").output.lines().toList()) {
            String[] fields = line.split(":\\s+|@");
            if (fields.length > 1 && fields[1].startsWith(PREFIX)) {
                Result deleted = run("ip", "link", "del", fields[1]);
                if (deleted.status != 0 && run("ip", "link", "show", fields[1]).status == 0) {
                    check(deleted, "ip link del " + fields[1]);
                }
            }
        }
    }

    private static void kill(ProcessHandle process) {
        process.destroyForcibly();
        process.onExit().join();
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        check(run(command.toArray(String[]::new)), String.join(" ", command));
    }

    private static void check(Result result, String command) {
        if (result.status != 0) {
            throw new IllegalStateException("`" + command + "` exited with " + result.status + ": "
                    + result.output.strip());
        }
    }

    private record Result(int status, String output) {
    }

    private static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("`" + String.join(" ", command) + "` did not end within "
                        + COMMAND_SECONDS + " s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }
}
