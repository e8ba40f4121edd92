package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Turns a saved stage's directory into one written before a param existed, for the tests that older
 * directories still load.
 */
final class OlderMetadata {

    private OlderMetadata() {
    }

    /**
     * Removes the default value of {@code param} from the Spark ML metadata under {@code saved}. The metadata
     * is edited as JSON, not as text: Spark writes the param maps in hash order, which changes with the
     * stage's uid, so no fixed piece of text is sure to be there.
     */
    static void withoutDefault(Path saved, String param) throws IOException {
        Path metadata;
        try (Stream<Path> files = Files.list(saved.resolve("metadata"))) {
            metadata = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(Files.readString(metadata));
        assertFalse(json.get("paramMap").has(param), param + " was set, not a default: " + json);
        assertNotNull(((ObjectNode) json.get("defaultParamMap")).remove(param),
                "the metadata has no default for " + param + ": " + json);
        Files.writeString(metadata, mapper.writeValueAsString(json));
        Files.deleteIfExists(metadata.resolveSibling("." + metadata.getFileName() + ".crc"));
    }
}
