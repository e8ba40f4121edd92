package dev.lazynet.spark.internal.io;

import static dev.lazynet.spark.internal.io.FileKind.METADATA;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.annotation.Private;
import org.apache.spark.ml.util.DefaultParamsReader;

/**
 * Reads the {@code metadata/} folder of a saved stage, as Spark's {@code DefaultParamsWriter} writes it
 * (one line of JSON in a {@code part-} file), without Spark's reader: that one runs a Spark job per load
 * and reads a line of any length, while this reads at most {@link #MAX_BYTES} through the file system
 * and turns every parse failure into one clear error.
 */
@Private
public final class MetadataFile {

    /** Metadata is a few kilobytes; anything far larger is not metadata. */
    public static final long MAX_BYTES = 1 << 20;

    private MetadataFile() {
    }

    /**
     * Reads and parses the metadata of the stage saved at {@code path}.
     *
     * @throws IllegalArgumentException if nothing is saved there, or the metadata is damaged
     */
    public static DefaultParamsReader.Metadata read(Configuration conf, String path) {
        Path root = new Path(path);
        Path dir = new Path(root, "metadata");
        return METADATA.read(conf, root, fs -> {
            if (!fs.exists(root)) {
                throw new IllegalArgumentException("There is no saved model at " + path + "; check the path, which"
                        + " must be the folder given to write().save(path)");
            }
            if (!fs.exists(dir)) {
                throw new IllegalArgumentException(path + " is not a saved Spark ML model: it has no metadata/"
                        + " folder; check the path, which must be the folder given to write().save(path)");
            }
            FileStatus[] parts = fs.listStatus(dir,
                    p -> p.getName().startsWith("part-") && !p.getName().endsWith(".crc"));
            Arrays.sort(parts, Comparator.comparing(s -> s.getPath().getName()));
            for (FileStatus part : parts) {
                String line = firstLine(METADATA.readBounded(fs, part.getPath(), MAX_BYTES, "metadata"));
                if (line != null) {
                    return parse(line, part.getPath());
                }
            }
            throw METADATA.damaged(dir, "it has no part- file with a line of JSON");
        });
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

    private static DefaultParamsReader.Metadata parse(String json, Path file) {
        DefaultParamsReader.Metadata metadata;
        try {
            metadata = DefaultParamsReader.parseMetadata(json, "");
        } catch (Exception e) {
            // Spark's JSON library reports bad input with its own exception types, some of them checked.
            throw METADATA.damaged(file, "it is not the JSON Spark writes (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
        if (metadata.className() == null || metadata.uid() == null) {
            throw METADATA.damaged(file, "its \"class\" or \"uid\" is null");
        }
        return metadata;
    }
}
