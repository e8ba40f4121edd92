package dev.lazynet.spark.internal.io;

import static dev.lazynet.io.FileKind.CHECKPOINT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lazynet.io.FloatStreams;
import dev.lazynet.train.OptimizerState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.annotation.Private;

/**
 * One checkpoint as one file, through Hadoop's FileSystem.
 *
 * <p>Layout, big-endian: the magic {@code "LZNC"}, the format version (int), the length of a JSON header
 * (int), the header (UTF-8: configuration, epoch, random state, optimizer name and steps, the length of
 * each float array, the summary's history, and {@code "bestWeights": true} where the last array holds the
 * best epoch's weights for early stopping), the float arrays (the weights, then the optimizer's slots, then
 * the best weights if any),
 * and the CRC32 of everything before it (long). The reader checks every length against the file's size
 * and the network's before it allocates, and the checksum after reading. Nothing is Java-serialized.
 */
@Private
public final class CheckpointFile {

    public static final int MAGIC = 0x4C5A4E43;
    public static final int VERSION = 1;
    /** A header is a few kilobytes; anything far larger is not one. */
    public static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int PREAMBLE_BYTES = 12;
    private static final int TRAILER_BYTES = 8;

    private CheckpointFile() {
    }

    /** Writes {@code checkpoint} to {@code path}, replacing any file there. */
    public static void write(Configuration conf, Path path, Checkpoint checkpoint) {
        List<float[]> arrays = new ArrayList<>();
        arrays.add(checkpoint.weights());
        arrays.addAll(checkpoint.optimizer().slots());
        if (checkpoint.bestWeights() != null) {
            arrays.add(checkpoint.bestWeights());
        }
        byte[] header = header(checkpoint, arrays);
        try {
            FileSystem fs = path.getFileSystem(conf);
            CRC32 crc = new CRC32();
            try (DataOutputStream out = new DataOutputStream(new CheckedOutputStream(
                    new BufferedOutputStream(fs.create(path, true)), crc))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(header.length);
                out.write(header);
                for (float[] array : arrays) {
                    FloatStreams.write(out, array);
                }
                out.flush();
                out.writeLong(crc.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the checkpoint " + path + ": " + e.getMessage(), e);
        }
    }

    private static byte[] header(Checkpoint checkpoint, List<float[]> arrays) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = mapper.createObjectNode();
        json.put("formatVersion", VERSION);
        ObjectNode configuration = json.putObject("configuration");
        checkpoint.configuration().forEach(configuration::put);
        json.put("epoch", checkpoint.epoch());
        ObjectNode random = json.putObject("random");
        random.put("seed", checkpoint.seed());
        random.put("nextEpoch", checkpoint.epoch());
        ObjectNode optimizer = json.putObject("optimizer");
        optimizer.put("name", checkpoint.optimizer().optimizer());
        optimizer.put("steps", checkpoint.optimizer().steps());
        if (checkpoint.bestWeights() != null) {
            json.put("bestWeights", true);
        }
        ArrayNode lengths = json.putArray("arrays");
        arrays.forEach(a -> lengths.add(a.length));
        ObjectNode history = json.putObject("history");
        Checkpoint.History h = checkpoint.history();
        putAll(history.putArray("loss"), h.loss());
        putAll(history.putArray("seconds"), h.seconds());
        putAll(history.putArray("validationLoss"), h.validationLoss());
        putAll(history.putArray("validationAccuracy"), h.validationAccuracy());
        try {
            return mapper.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A checkpoint header could not be written as JSON", e);
        }
    }

    private static void putAll(ArrayNode array, List<Double> values) {
        values.forEach(array::add);
    }

    /**
     * Reads only the configuration a checkpoint belongs to, so that a fit of another configuration is told
     * so before any size is compared.
     *
     * @throws IllegalArgumentException if the file is not a LazyNet checkpoint of this version
     */
    public static Map<String, String> configuration(Configuration conf, Path path) {
        return HadoopFiles.read(CHECKPOINT, conf, path, fs -> {
            long length = fs.getFileStatus(path).getLen();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(path)))) {
                return configuration(path, header(path, in, length));
            }
        });
    }

    /**
     * Reads the checkpoint at {@code path} of a network with {@code parameters} floats.
     *
     * @throws IllegalArgumentException naming the file and what is wrong, if it is not a LazyNet checkpoint
     *     of this version for that many parameters, or is damaged
     */
    public static Checkpoint read(Configuration conf, Path path, int parameters) {
        return HadoopFiles.read(CHECKPOINT, conf, path, fs -> {
            long length = fs.getFileStatus(path).getLen();
            CRC32 crc = new CRC32();
            try (DataInputStream in = new DataInputStream(new CheckedInputStream(
                    new BufferedInputStream(fs.open(path)), crc))) {
                byte[] headerText = header(path, in, length);
                JsonNode header = parse(path, headerText);
                List<Integer> lengths = lengths(path, header, parameters);
                long expected = PREAMBLE_BYTES + headerText.length + TRAILER_BYTES
                        + (long) lengths.size() * parameters * Float.BYTES;
                if (length != expected) {
                    throw CHECKPOINT.damaged(path, "it has " + length + " bytes, but its header and " + lengths.size()
                            + " arrays of " + parameters + " floats take " + expected);
                }
                List<float[]> arrays = new ArrayList<>();
                for (int i = 0; i < lengths.size(); i++) {
                    arrays.add(FloatStreams.read(in, parameters));
                }
                long computed = crc.getValue();
                long stored = in.readLong();
                if (stored != computed) {
                    throw CHECKPOINT.damaged(path, "its checksum is " + Long.toHexString(stored)
                            + " but the data gives "
                            + Long.toHexString(computed));
                }
                return checkpoint(path, headerText, header, arrays);
            }
        });
    }

    /** Checks magic, version and header length of a file of {@code length} bytes, and reads the header. */
    private static byte[] header(Path path, DataInputStream in, long length) throws IOException {
        if (length < PREAMBLE_BYTES + TRAILER_BYTES) {
            throw CHECKPOINT.damaged(path, "it has only " + length + " bytes");
        }
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw CHECKPOINT.damaged(path, String.format("it starts with 0x%08X, not the checkpoint magic 0x%08X",
                    magic, MAGIC));
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("Checkpoint " + path + " has format version " + version + ", but"
                    + " this LazyNet reads version " + VERSION + "; resume with the LazyNet version that wrote"
                    + " it, or delete the checkpoint to start over");
        }
        int headerBytes = in.readInt();
        if (headerBytes <= 0 || headerBytes > MAX_HEADER_BYTES || headerBytes > length - PREAMBLE_BYTES - TRAILER_BYTES) {
            throw CHECKPOINT.damaged(path, "its header length is " + headerBytes + ", but the file has " + length
                    + " bytes and a header at most " + MAX_HEADER_BYTES);
        }
        byte[] headerText = new byte[headerBytes];
        in.readFully(headerText);
        return headerText;
    }

    private static JsonNode parse(Path path, byte[] text) {
        return CHECKPOINT.parseObject(path, text, "its header");
    }

    /** The arrays' lengths: the weights, each optimizer slot and the best weights, all of the network's size. */
    private static List<Integer> lengths(Path path, JsonNode header, int parameters) {
        JsonNode arrays = field(path, header, "arrays");
        int most = hasBestWeights(header) ? 4 : 3;
        if (!arrays.isArray() || arrays.size() < 1 || arrays.size() > most) {
            throw CHECKPOINT.damaged(path, "\"arrays\" is " + arrays
                    + ", not the lengths of the weights and the optimizer's"
                    + " slots");
        }
        List<Integer> lengths = new ArrayList<>();
        for (JsonNode n : arrays) {
            if (!n.canConvertToInt() || n.intValue() != parameters) {
                throw CHECKPOINT.damaged(path, "it holds arrays of " + arrays + " floats, but the network has "
                        + parameters
                        + " parameters");
            }
            lengths.add(n.intValue());
        }
        return lengths;
    }

    private static Map<String, String> configuration(Path path, byte[] headerText) {
        JsonNode saved = field(path, parse(path, headerText), "configuration");
        if (!saved.isObject()) {
            throw CHECKPOINT.damaged(path, "\"configuration\" is " + saved + ", not an object of settings");
        }
        Map<String, String> configuration = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : saved.properties()) {
            configuration.put(e.getKey(), e.getValue().asText());
        }
        return configuration;
    }

    /** Whether the header says the last array holds the best weights; older checkpoints have no such field. */
    private static boolean hasBestWeights(JsonNode header) {
        JsonNode best = header.get("bestWeights");
        return best != null && best.asBoolean(false);
    }

    private static Checkpoint checkpoint(Path path, byte[] headerText, JsonNode header, List<float[]> arrays) {
        Map<String, String> configuration = configuration(path, headerText);
        JsonNode optimizer = field(path, header, "optimizer");
        boolean best = hasBestWeights(header);
        if (best && arrays.size() < 2) {
            throw CHECKPOINT.damaged(path, "its header says it holds the best weights, but it has only one array");
        }
        int slotsEnd = best ? arrays.size() - 1 : arrays.size();
        OptimizerState state = new OptimizerState(field(path, optimizer, "name").asText(),
                wholeNumber(path, optimizer, "steps", Long.MAX_VALUE), arrays.subList(1, slotsEnd));
        JsonNode history = field(path, header, "history");
        JsonNode seed = field(path, field(path, header, "random"), "seed");
        if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
            throw CHECKPOINT.damaged(path, "the seed is " + seed + ", not a whole number");
        }
        return new Checkpoint(configuration, (int) wholeNumber(path, header, "epoch", Integer.MAX_VALUE),
                seed.longValue(), arrays.get(0), state,
                new Checkpoint.History(doubles(path, history, "loss"), doubles(path, history, "seconds"),
                        doubles(path, history, "validationLoss"), doubles(path, history, "validationAccuracy")),
                best ? arrays.get(arrays.size() - 1) : null);
    }

    private static JsonNode field(Path path, JsonNode json, String name) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            throw CHECKPOINT.damaged(path, "its header has no field \"" + name + "\"");
        }
        return value;
    }

    private static long wholeNumber(Path path, JsonNode json, String name, long max) {
        JsonNode value = field(path, json, name);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0 || value.longValue() > max) {
            throw CHECKPOINT.damaged(path, "field \"" + name + "\" is " + value + ", not a whole number in [0, "
                    + max + "]");
        }
        return value.longValue();
    }

    private static List<Double> doubles(Path path, JsonNode json, String name) {
        JsonNode array = field(path, json, name);
        if (!array.isArray()) {
            throw CHECKPOINT.damaged(path, "field \"" + name + "\" is " + array + ", not a list of numbers");
        }
        List<Double> values = new ArrayList<>();
        for (JsonNode n : array) {
            // Jackson writes NaN and the infinities as strings, which JSON has no numbers for.
            boolean special = n.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(n.asText());
            if (!n.isNumber() && !special) {
                throw CHECKPOINT.damaged(path, "field \"" + name + "\" holds " + n + ", not a number");
            }
            values.add(special ? Double.parseDouble(n.asText()) : n.doubleValue());
        }
        return values;
    }
}
