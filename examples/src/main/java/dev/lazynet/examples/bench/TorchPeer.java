package dev.lazynet.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lazynet.examples.data.LabeledImages;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch on the CPU of this machine, the peer a user would run instead of Spark on one machine: the
 * benchmark's job run by {@code torch_peer.py} in a Python subprocess, on the same rows, which this class
 * writes to a file for it. When the Python given has no {@code torch}, the outcome says why instead of a
 * run, and the benchmark prints that in PyTorch's rows.
 */
final class TorchPeer {

    private static final String SCRIPT = "torch_peer.py";

    /**
     * One PyTorch fit: the seconds of each epoch and the test accuracy after it.
     *
     * @param torchVersion {@code torch.__version__}
     * @param threads the intra-op threads torch used
     * @param seed the seed of the initial weights and the batch order, as the script read it
     */
    record Run(String torchVersion, int threads, long seed, double[] epochSeconds, double[] accuracy) {
    }

    /** A run, or the reason there is none ({@code run} is {@code null} then). */
    record Outcome(Run run, String missing) {
        static Outcome missing(String why) {
            return new Outcome(null, why);
        }
    }

    private final String python;
    private final Path workDir;
    private final Path data;

    private TorchPeer(String python, Path workDir, Path data) {
        this.python = python;
        this.workDir = workDir;
        this.data = data;
    }

    /**
     * A peer that runs {@code python} on the given rows, written once to a temporary folder that
     * {@link #delete()} removes.
     */
    static TorchPeer on(String python, LabeledImages train, LabeledImages test) throws IOException {
        Path dir = Files.createTempDirectory("lazynet-torch-peer");
        try (InputStream script = TorchPeer.class.getResourceAsStream(SCRIPT)) {
            if (script == null) {
                throw new IllegalStateException(SCRIPT + " is missing next to " + TorchPeer.class.getName()
                        + " in the examples jar; rebuild it with mvn -B package");
            }
            Files.copy(script, dir.resolve(SCRIPT));
        }
        Path data = dir.resolve("rows.bin");
        writeRows(data, train, test);
        return new TorchPeer(python, dir, data);
    }

    /**
     * Fits the benchmark's 784-256-10 network {@code epochs} epochs on {@code threads} threads.
     *
     * @param activation the hidden layer's activation, {@code relu} or {@code sigmoid}
     */
    Outcome fit(int threads, int epochs, int batch, double stepSize, long seed, String activation)
            throws InterruptedException {
        return run(threads, epochs, batch, stepSize, seed, "--network", "mlp", "--activation", activation);
    }

    /**
     * Fits the {@code fashion-mnist-lenet} example's network, on the rows viewed as 1x28x28 images,
     * {@code epochs} epochs on {@code threads} threads.
     */
    Outcome fitLenet(int threads, int epochs, int batch, double stepSize, long seed) throws InterruptedException {
        return run(threads, epochs, batch, stepSize, seed, "--network", "lenet");
    }

    private Outcome run(int threads, int epochs, int batch, double stepSize, long seed, String... network)
            throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, workDir.resolve(SCRIPT).toString(), "--data",
                data.toString(), "--threads", String.valueOf(threads), "--epochs", String.valueOf(epochs), "--batch",
                String.valueOf(batch), "--step-size", String.valueOf(stepSize), "--seed", String.valueOf(seed)));
        command.addAll(List.of(network));
        Path err = workDir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
        // One process, one thread count: torch's own setting, not OpenMP's or MKL's environment defaults.
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        builder.environment().put("MKL_NUM_THREADS", String.valueOf(threads));
        try {
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                return Outcome.missing(python + " could not run the job (exit " + exit + ": " + lastLine(err)
                        + "); install torch (pip install torch) into a Python and pass it with --torch-python");
            }
            return new Outcome(parse(out), null);
        } catch (IOException e) {
            return Outcome.missing("no Python at '" + python + "' (" + e.getMessage() + "); pass one that has"
                    + " torch with --torch-python");
        }
    }

    /** Removes the data file and the script. */
    void delete() throws IOException {
        try (var files = Files.list(workDir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(workDir);
    }

    private static Run parse(String out) throws IOException {
        JsonNode json = new ObjectMapper().readTree(out);
        return new Run(json.get("torch").asText(), json.get("threads").asInt(), json.get("seed").asLong(),
                doubles(json.get("epoch_seconds")), doubles(json.get("accuracy")));
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static String lastLine(Path file) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(file));
            lines.removeIf(String::isBlank);
            return lines.isEmpty() ? "nothing on standard error" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "standard error unreadable: " + e.getMessage();
        }
    }

    /** The rows in the layout {@code torch_peer.py} reads: a header, then each set's pixels and labels. */
    private static void writeRows(Path file, LabeledImages train, LabeledImages test) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(littleEndian(new int[] {train.count(), test.count(), train.pixelsPerImage(), 0}));
            for (LabeledImages set : List.of(train, test)) {
                ByteBuffer pixels = ByteBuffer.allocate(set.pixels().length * Float.BYTES)
                        .order(ByteOrder.LITTLE_ENDIAN);
                pixels.asFloatBuffer().put(set.pixels());
                out.write(pixels.array());
                out.write(littleEndian(set.labels()));
            }
        }
    }

    private static byte[] littleEndian(int[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(values);
        return bytes.array();
    }
}
