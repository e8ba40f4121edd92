package dev.lazynet.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The kinds of file LazyNet reads, with what every reader of them shares: the error for a damaged file,
 * which names the file, what is wrong and what to do; the error for a file that cannot be read; and
 * JSON read with a size limit.
 */
public enum FileKind {
    /** A saved model's {@code data/model.json}. */
    MODEL_FILE("Model file", "was not written by LazyNet", "save the model again", "the model file"),
    /** The {@code metadata/} Spark ML writes for every saved stage. */
    METADATA("Model metadata", "was not written by Spark", "save the model again", "the model metadata"),
    /** A saved model's {@code data/weights.bin}. */
    WEIGHTS("Weights file", "not a LazyNet weights file", "save the model again", "the model weights"),
    /** A fit's checkpoint. */
    CHECKPOINT("Checkpoint", "not a LazyNet checkpoint", "delete it to start the fit over", "the checkpoint");

    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String noun;
    private final String origin;
    private final String remedy;
    private final String name;

    FileKind(String noun, String origin, String remedy, String name) {
        this.noun = noun;
        this.origin = origin;
        this.remedy = remedy;
        this.name = name;
    }

    /**
     * The error for a file of this kind that is damaged, or not of this kind at all.
     *
     * @param file where the file is, as the user knows it
     * @param why what is wrong, e.g. "its checksum is 1f but the data gives 2e"
     */
    public IllegalArgumentException damaged(Object file, String why) {
        return new IllegalArgumentException(noun + " " + file + " is damaged or " + origin + ": " + why + "; "
                + remedy);
    }

    /** The error for a file of this kind that could not be read at all. */
    public UncheckedIOException unreadable(Object file, IOException cause) {
        return new UncheckedIOException("Could not read " + name + " " + file + ": " + cause.getMessage(), cause);
    }

    /**
     * Refuses a small file before it is read if it has more than {@code maxBytes}.
     *
     * @param what what the file holds, for the message, e.g. "a model description"
     */
    public void checkSize(Object file, long length, long maxBytes, String what) {
        if (length > maxBytes) {
            throw damaged(file, "it has " + length + " bytes, more than " + what + "'s " + maxBytes);
        }
    }

    /**
     * Parses {@code text} as one JSON object, with nothing after it: text after the value means the file
     * was changed, not that it can be ignored.
     *
     * @param subject what the text is, for the message: "it" or "its header"
     */
    public JsonNode parseObject(Object file, byte[] text, String subject) {
        return parseObject(file, text, subject, "valid JSON");
    }

    /**
     * {@link #parseObject(Object, byte[], String)}, saying in the message what JSON was expected.
     *
     * @param expected e.g. "the JSON Spark writes"
     */
    public JsonNode parseObject(Object file, byte[] text, String subject, String expected) {
        JsonNode json;
        try {
            json = STRICT_JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw damaged(file, subject + " is not " + expected + " (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not parse " + file + ": " + e.getMessage(), e);
        }
        if (json == null || json.isMissingNode() || !json.isObject()) {
            throw damaged(file, subject + " is " + (json == null || json.isMissingNode() ? "empty"
                    : "not a JSON object"));
        }
        return json;
    }
}
