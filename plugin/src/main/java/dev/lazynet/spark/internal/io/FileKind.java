package dev.lazynet.spark.internal.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The kinds of file LazyNet reads, with what every reader of them shares: the error for a damaged file,
 * which names the file, what is wrong and what to do; the mapping of the file system's own errors to
 * that error; and JSON read with a size limit.
 */
enum FileKind {
    MODEL_FILE("Model file", "was not written by LazyNet", "save the model again", "the model file"),
    METADATA("Model metadata", "was not written by Spark", "save the model again", "the model metadata"),
    WEIGHTS("Weights file", "not a LazyNet weights file", "save the model again", "the model weights"),
    CHECKPOINT("Checkpoint", "not a LazyNet checkpoint", "delete it to start the fit over", "the checkpoint");

    /** What a reader does with an open file system. */
    @FunctionalInterface
    interface Read<T> {
        T from(FileSystem fs) throws IOException;
    }

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

    /** The error for a file of this kind that is damaged, or not of this kind at all. */
    IllegalArgumentException damaged(Path path, String why) {
        return new IllegalArgumentException(noun + " " + path + " is damaged or " + origin + ": " + why + "; "
                + remedy);
    }

    /**
     * Runs {@code read} on {@code path}'s file system. A checksum the file system finds wrong is a damaged
     * file; any other I/O failure is reported as such, naming the file.
     */
    <T> T read(Configuration conf, Path path, Read<T> read) {
        try {
            return read.from(path.getFileSystem(conf));
        } catch (ChecksumException e) {
            throw damaged(path, "the file system's own checksum does not match (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + name + " " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The whole of a small file, refused before it is read if it has more than {@code maxBytes}.
     *
     * @param what what the file holds, for the message, e.g. "a model description"
     */
    byte[] readBounded(FileSystem fs, Path path, long maxBytes, String what) throws IOException {
        long length = fs.getFileStatus(path).getLen();
        if (length > maxBytes) {
            throw damaged(path, "it has " + length + " bytes, more than " + what + "'s " + maxBytes);
        }
        try (InputStream in = fs.open(path)) {
            return in.readNBytes((int) length);
        }
    }

    /**
     * Parses {@code text} as one JSON object, with nothing after it: text after the value means the file
     * was changed, not that it can be ignored.
     *
     * @param subject what the text is, for the message: "it" or "its header"
     */
    JsonNode parseObject(Path path, byte[] text, String subject) {
        JsonNode json;
        try {
            json = STRICT_JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw damaged(path, subject + " is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not parse " + path + ": " + e.getMessage(), e);
        }
        if (json == null || json.isMissingNode() || !json.isObject()) {
            throw damaged(path, subject + " is " + (json == null || json.isMissingNode() ? "empty"
                    : "not a JSON object"));
        }
        return json;
    }
}
