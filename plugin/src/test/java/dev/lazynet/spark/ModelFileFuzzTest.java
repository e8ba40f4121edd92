package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of seeded random mutations of a saved model's three files (metadata, description, weights):
 * every load must end either in an {@link IllegalArgumentException} that names the model's path, or in a
 * model that predicts exactly as the original (a mutation may leave a file meaning the same, e.g. other
 * whitespace). No other exception, no error, no hang, and no Java deserialization on the loading thread.
 */
@Tag("fuzz")
class ModelFileFuzzTest extends SparkTestBase {

    private static final int MUTATIONS = 3000;
    private static final long SEED = 20240611L;
    private static final List<Vector> PROBES = List.of(Vectors.dense(0, 0, 0), Vectors.dense(1, -2, 3),
            Vectors.dense(-4, 4, 0.5), Vectors.dense(10, 10, 10));

    /** Every load runs on this thread, whose Java deserializations (JFR events) must be none. */
    private static final String LOADER_THREAD = "model-file-fuzz-loader";
    /** Long enough for any load (they take milliseconds); a load still running after it hangs. */
    private static final Duration HANG = Duration.ofMinutes(1);

    @TempDir
    static Path dir;

    private static LazyNetClassificationModel original;
    private static Map<String, byte[]> files;
    private static ExecutorService loader;

    @BeforeAll
    static void saveAModel() throws IOException {
        // A fixed uid: Spark writes the param maps in an order that follows it, and the seeded mutations
        // should hit the same bytes in every run.
        original = new LazyNetClassifier("lazyNetClassifier_fuzz").setLayers("dense(4,relu) dense(3)").setMaxIter(1)
                .setBatchSize(30).fit(TestData.frame(spark, TestData.blobs(60, 3, 3, 9), 2));
        Path saved = dir.resolve("original");
        original.write().save(saved.toString());
        files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(saved)) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                String name = saved.relativize(f).toString();
                if (name.startsWith("metadata/part-") && !name.endsWith(".crc") || name.startsWith("data/")
                        && !name.endsWith(".crc")) {
                    files.put(name, Files.readAllBytes(f));
                }
            }
        }
        assertEquals(3, files.size(), "files " + files.keySet());
        loader = Executors.newSingleThreadExecutor(task -> new Thread(task, LOADER_THREAD));
    }

    @AfterAll
    static void stopLoader() {
        loader.shutdownNow();
    }

    /** How a mutation changed a file, for the tally. */
    private enum Kind { TRUNCATE, FLIP_BITS, SET_BYTES, HUGE_INT, APPEND, JSON_TYPE, JSON_DROP, JSON_REFORMAT }

    private record Mutation(String file, Kind kind, byte[] bytes) {
    }

    private static Mutation mutate(Random rng) {
        List<String> names = new ArrayList<>(files.keySet());
        String name = names.get(rng.nextInt(names.size()));
        byte[] bytes = files.get(name).clone();
        boolean json = name.endsWith(".json") || name.startsWith("metadata/");
        Kind[] kinds = json ? Kind.values() : new Kind[] {Kind.TRUNCATE, Kind.FLIP_BITS, Kind.SET_BYTES,
            Kind.HUGE_INT, Kind.APPEND};
        Kind kind = kinds[rng.nextInt(kinds.length)];
        return new Mutation(name, kind, switch (kind) {
            case TRUNCATE -> Arrays.copyOf(bytes, rng.nextInt(bytes.length));
            case FLIP_BITS -> {
                for (int i = 1 + rng.nextInt(4); i > 0; i--) {
                    bytes[rng.nextInt(bytes.length)] ^= (byte) (1 << rng.nextInt(8));
                }
                yield bytes;
            }
            case SET_BYTES -> {
                byte[] specials = {0, '"', '{', '}', '[', ']', ',', ':', '-', '9', 'e', (byte) 0xFF, (byte) 0x80};
                for (int i = 1 + rng.nextInt(3); i > 0; i--) {
                    bytes[rng.nextInt(bytes.length)] = specials[rng.nextInt(specials.length)];
                }
                yield bytes;
            }
            case HUGE_INT -> {
                int[] values = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, 0x7FFFFFF0, 1 << 30};
                int at = json ? rng.nextInt(Math.max(1, bytes.length - 3)) : 4 * rng.nextInt(Math.min(4, bytes.length / 4));
                ByteBuffer.wrap(bytes).putInt(Math.min(at, bytes.length - 4), values[rng.nextInt(values.length)]);
                yield bytes;
            }
            case APPEND -> {
                byte[] tail = new byte[1 + rng.nextInt(64)];
                rng.nextBytes(tail);
                byte[] longer = Arrays.copyOf(bytes, bytes.length + tail.length);
                System.arraycopy(tail, 0, longer, bytes.length, tail.length);
                yield longer;
            }
            case JSON_TYPE, JSON_DROP, JSON_REFORMAT -> mutateJson(bytes, kind, rng);
        });
    }

    /** Replaces a random value with one of another type or size, drops a field, or reformats. */
    private static byte[] mutateJson(byte[] bytes, Kind kind, Random rng) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            JsonNode root = mapper.readTree(bytes);
            if (kind == Kind.JSON_REFORMAT) {
                return (rng.nextBoolean() ? mapper.writerWithDefaultPrettyPrinter() : mapper.writer())
                        .writeValueAsBytes(root);
            }
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            JsonNode container = containers.get(rng.nextInt(containers.size()));
            JsonNodeFactory f = JsonNodeFactory.instance;
            JsonNode[] replacements = {f.textNode("x"), f.numberNode(2147483648L), f.numberNode(-1),
                f.numberNode(1e308), f.numberNode(0.5), f.booleanNode(true), f.nullNode(), f.arrayNode(),
                f.objectNode(), f.arrayNode().add(1_000_000_000).add(1_000_000_000), f.textNode("dense(3")};
            JsonNode replacement = replacements[rng.nextInt(replacements.length)];
            if (container instanceof ObjectNode object) {
                List<String> fields = new ArrayList<>();
                object.fieldNames().forEachRemaining(fields::add);
                String field = fields.get(rng.nextInt(fields.size()));
                if (kind == Kind.JSON_DROP) {
                    object.remove(field);
                } else {
                    object.set(field, replacement);
                }
            } else {
                ArrayNode array = (ArrayNode) container;
                int i = rng.nextInt(array.size());
                if (kind == Kind.JSON_DROP) {
                    array.remove(i);
                } else {
                    array.set(i, replacement);
                }
            }
            return mapper.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("the saved JSON did not parse", e);
        }
    }

    /** Every non-empty object or array under {@code node}. */
    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode() && node.size() > 0) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    /** Writes the original files as a model folder without checksum files, so that only ours can speak. */
    private static Path copyOfTheOriginal(Path target) throws IOException {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path file = target.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        return target;
    }

    private static LazyNetClassificationModel load(Path model) throws Exception {
        return loader.submit(() -> LazyNetClassificationModel.load(model.toString()))
                .get(HANG.toSeconds(), TimeUnit.SECONDS);
    }

    private static void assertPredictsAsTheOriginal(LazyNetClassificationModel loaded, String what) {
        assertArrayEquals(original.weights(), loaded.weights(), what);
        assertEquals(original.featureShape(), loaded.featureShape(), what);
        for (Vector probe : PROBES) {
            assertEquals(original.predictRaw(probe), loaded.predictRaw(probe), what);
        }
    }

    /** The classes Java-deserialized on the loader thread while {@code run} ran, from a JFR recording. */
    private static List<String> deserializedWhileLoading(ThrowingRunnable run) throws Exception {
        Path events = dir.resolve("deserialization.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.Deserialization");
            recording.start();
            run.run();
            recording.stop();
            recording.dump(events);
        }
        List<String> classes = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(events)) {
            if (event.getThread() != null && LOADER_THREAD.equals(event.getThread().getJavaName())) {
                RecordedClass type = event.getClass("type");
                classes.add(type == null ? "(an object stream read without a class)" : type.getName());
            }
        }
        return classes;
    }

    /** A test body that may throw. */
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void everyMutationOfASavedModelEndsInAClearErrorOrTheSameModel() throws Exception {
        List<String> deserialized = deserializedWhileLoading(ModelFileFuzzTest::loadEveryMutation);

        assertEquals(List.of(), deserialized, "classes Java-deserialized while loading");
    }

    private static void loadEveryMutation() throws Exception {
        Path model = copyOfTheOriginal(dir.resolve("copy"));
        assertPredictsAsTheOriginal(load(model), "the unchanged copy");
        Random rng = new Random(SEED);
        Map<String, Integer> refused = new TreeMap<>();
        Map<String, Integer> same = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < MUTATIONS; i++) {
            Mutation mutation = mutate(rng);
            Files.write(model.resolve(mutation.file()), mutation.bytes());
            String what = "mutation " + i + " (" + mutation.kind() + " of " + mutation.file() + ")";
            boolean unchanged = Arrays.equals(mutation.bytes(), files.get(mutation.file()));
            String tally = (unchanged ? "unchanged " : "") + mutation.file().replaceFirst("part-.*", "part") + " "
                    + mutation.kind();
            try {
                LazyNetClassificationModel loaded = load(model);
                assertPredictsAsTheOriginal(loaded, what);
                same.merge(tally, 1, Integer::sum);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IllegalArgumentException && cause.getMessage().contains(model.toString())) {
                    refused.merge(tally, 1, Integer::sum);
                } else {
                    failures.add(what + ": " + cause);
                }
            } catch (TimeoutException e) {
                failures.add(what + ": still loading after " + HANG);
                break;
            }
            Files.write(model.resolve(mutation.file()), files.get(mutation.file()));
        }

        System.out.println("Model file fuzzing: " + MUTATIONS + " mutations; refused with a clear error " + refused
                + "; loaded and predicting the same " + same);
        assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())), failures.size() + " failures");
        assertEquals(MUTATIONS, refused.values().stream().mapToInt(Integer::intValue).sum()
                + same.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(refused.getOrDefault("data/weights.bin FLIP_BITS", 0) > 0, "bit flips in the weights are refused");
        assertEquals(List.of(), same.keySet().stream().filter(k -> k.startsWith("data/weights.bin")).toList(),
                "every change to the weights file is detected");
    }
}
