package dev.lazynet.io;

import static dev.lazynet.io.FileKind.METADATA;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code metadata/} folder of a saved Spark ML stage, as Spark's {@code DefaultParamsWriter} writes
 * it: one line of JSON in a {@code part-} file, with the stage's class, uid and Params. Read without
 * Spark: at most {@link #MAX_BYTES}, every parse failure one clear error.
 *
 * @param className the class of the saved stage
 * @param uid the stage's uid
 * @param json the whole line, for a reader that sets the Params from it
 * @param file where the line was read, for messages
 */
public record StageMetadata(String className, String uid, String json, String file) {

    /** Metadata is a few kilobytes; anything far larger is not metadata. */
    public static final long MAX_BYTES = 1 << 20;

    /**
     * Reads and parses the metadata of the stage saved in {@code dir}.
     *
     * @throws IllegalArgumentException if nothing is saved there, or the metadata is damaged
     */
    public static StageMetadata read(ModelDirectory dir) {
        String folder = "metadata";
        List<String> parts = dir.read(METADATA, "", () -> {
            if (!dir.exists("")) {
                throw new IllegalArgumentException("There is no saved model at " + dir.location("") + "; check the"
                        + " path, which must be the folder given to write().save(path)");
            }
            if (!dir.exists(folder)) {
                throw new IllegalArgumentException(dir.location("") + " is not a saved Spark ML model: it has no"
                        + " metadata/ folder; check the path, which must be the folder given to write().save(path)");
            }
            return dir.list(folder).stream().filter(name -> name.startsWith("part-") && !name.endsWith(".crc"))
                    .sorted(Comparator.naturalOrder()).toList();
        });
        for (String part : parts) {
            String relative = folder + "/" + part;
            String line = firstLine(dir.readBounded(METADATA, relative, MAX_BYTES, "metadata"));
            if (line != null) {
                return parse(line, dir.location(relative));
            }
        }
        throw METADATA.damaged(dir.location(folder), "it has no part- file with a line of JSON");
    }

    /**
     * The value of a saved {@code double[]} Param, as Spark's {@code DoubleArrayParam} writes it: a JSON
     * array of numbers, with {@code "NaN"}, {@code "Inf"} and {@code "-Inf"} as text.
     *
     * @param name the Param's name
     * @return the values, or {@code null} if the Param was not set when the stage was saved
     * @throws IllegalArgumentException naming the file, if the value is not such an array
     */
    public double[] doubleArrayParam(String name) {
        JsonNode value = METADATA.parseObject(file, json.getBytes(StandardCharsets.UTF_8), "it",
                "the JSON Spark writes").path("paramMap").get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw METADATA.damaged(file, "its Param \"" + name + "\" is " + value + ", not an array of numbers");
        }
        double[] values = new double[value.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(value.get(i), name);
        }
        return values;
    }

    private double number(JsonNode node, String name) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        return switch (node.isTextual() ? node.asText() : "") {
            case "NaN" -> Double.NaN;
            case "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> throw METADATA.damaged(file, "its Param \"" + name + "\" holds " + node + ", not a number");
        };
    }

    /** The first non-blank line of a part file, or {@code null}. */
    private static String firstLine(byte[] bytes) {
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return null;
    }

    private static StageMetadata parse(String line, String file) {
        JsonNode json = METADATA.parseObject(file, line.getBytes(StandardCharsets.UTF_8), "it",
                "the JSON Spark writes");
        JsonNode className = json.get("class");
        JsonNode uid = json.get("uid");
        if (className == null || !className.isTextual() || uid == null || !uid.isTextual()) {
            throw METADATA.damaged(file, "its \"class\" or \"uid\" is null");
        }
        return new StageMetadata(className.asText(), uid.asText(), line, file);
    }
}
