package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The Spark ML metadata of a saved stage, for the tests that edit it by hand. */
final class SavedMetadata {

    private SavedMetadata() {
    }

    /** The metadata file of the stage saved at {@code saved}: the {@code part-} file in its metadata folder. */
    static Path file(Path saved) throws IOException {
        try (Stream<Path> files = Files.list(saved.resolve("metadata"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
        }
    }

    /**
     * Turns the stage saved at {@code saved} into one written before {@code param} existed, by removing the
     * param's default from its metadata. The metadata is edited as JSON, not as text: Spark writes the
     * param maps in hash order, which changes with the stage's uid, so no fixed piece of text is sure to be
     * there.
     */
    static void withoutDefault(Path saved, String param) throws IOException {
        Path metadata = file(saved);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(Files.readString(metadata));
        assertFalse(json.get("paramMap").has(param), param + " was set, not a default: " + json);
        assertNotNull(((ObjectNode) json.get("defaultParamMap")).remove(param),
                "the metadata has no default for " + param + ": " + json);
        Files.writeString(metadata, mapper.writeValueAsString(json));
        // Hadoop's local file system checks the file against its checksum, which an edit by hand breaks.
        Files.deleteIfExists(metadata.resolveSibling("." + metadata.getFileName() + ".crc"));
    }
}
