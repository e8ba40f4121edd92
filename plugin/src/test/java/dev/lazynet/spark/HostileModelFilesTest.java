package dev.lazynet.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lazynet.io.StageMetadata;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model folders that are missing, incomplete, inconsistent or claim more memory than there is. */
class HostileModelFilesTest extends SparkTestBase {

    @TempDir
    static Path dir;

    private static LazyNetClassificationModel model;

    @BeforeAll
    static void fit() {
        model = new LazyNetClassifier().setLayers("dense(4,relu) dense(3)").setMaxIter(1)
                .fit(TestData.frame(spark, TestData.blobs(30, 3, 3, 4), 1));
    }

    /** A saved copy of the model without the file system's checksum files, so that our checks speak. */
    private static Path saved(String name) throws IOException {
        Path path = dir.resolve(name);
        model.write().save(path.toString());
        try (Stream<Path> files = Files.walk(path)) {
            for (Path crc : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(".crc"))::iterator) {
                Files.delete(crc);
            }
        }
        return path;
    }

    private static String loadError(Path path) {
        return assertThrows(IllegalArgumentException.class, () -> LazyNetClassificationModel.load(path.toString()))
                .getMessage();
    }

    @Test
    void aMissingPathOrAFolderWithoutMetadataIsNamed() throws IOException {
        Path missing = dir.resolve("nothing-here");
        assertTrue(loadError(missing).contains("There is no saved model at " + missing + "; check the path"),
                loadError(missing));

        Files.createDirectories(dir.resolve("empty"));
        assertTrue(loadError(dir.resolve("empty")).contains("it has no metadata/ folder"),
                loadError(dir.resolve("empty")));

        Path noPart = saved("nopart");
        Files.delete(SavedMetadata.file(noPart));
        assertTrue(loadError(noPart).contains("it has no part- file with a line of JSON"), loadError(noPart));
    }

    @Test
    void metadataThatIsNotSparksJsonOrWhoseParamsCannotBeSetIsRefused() throws IOException {
        Path path = saved("metadata");
        Path file = SavedMetadata.file(path);
        String original = Files.readString(file);

        Files.writeString(file, original.substring(0, 40));
        assertTrue(loadError(path).contains("Model metadata " + file.toUri().toString().replace("file:///", "file:/"))
                && loadError(path).contains("is not the JSON Spark writes"), loadError(path));

        Files.writeString(file, original.replace("\"class\":\"", "\"class\":null,\"was\":\""));
        assertTrue(loadError(path).contains("its \"class\" or \"uid\" is null"), loadError(path));

        Files.writeString(file, original.replaceFirst("\"batchSize\":\\d+", "\"batchSize\":-5"));
        assertTrue(loadError(path).contains("a Param cannot be set")
                && loadError(path).contains("Invalid value -5 for batchSize: rows per mini-batch"), loadError(path));

        Files.writeString(file, original.replace("\"dense(4,relu) dense(3)\"", "\"dense(5,relu) dense(3)\""));
        assertTrue(loadError(path).contains("its layers Param is \"dense(5,relu) dense(3)\" but")
                && loadError(path).contains("describes \"dense(4,relu) dense(3)\""), loadError(path));

        Files.write(file, new byte[(int) StageMetadata.MAX_BYTES + 1]);
        assertTrue(loadError(path).contains("more than metadata's 1048576"), loadError(path));
    }

    @Test
    void aDescriptionWithTextAfterItsJsonOrAnotherOutputWidthIsRefused() throws IOException {
        Path path = saved("description");
        Path json = path.resolve("data/model.json");
        String original = Files.readString(json);

        Files.writeString(json, original + " {}");
        assertTrue(loadError(path).contains("it is not valid JSON"), loadError(path));
        Files.writeString(json, "[1, 2]");
        assertTrue(loadError(path).contains("it is not a JSON object"), loadError(path));
        Files.writeString(json, original.replace("\"outputWidth\" : 3", "\"outputWidth\" : 4"));
        assertTrue(loadError(path).contains("its outputWidth is 4, but its network has 3 outputs"), loadError(path));
    }

    @Test
    void damageTheFileSystemsOwnChecksumCatchesIsReportedAsDamage() throws IOException {
        Path path = dir.resolve("checksummed");
        model.write().save(path.toString());
        try (RandomAccessFile weights = new RandomAccessFile(path.resolve("data/weights.bin").toFile(), "rw")) {
            weights.seek(20);
            weights.write(weights.read() ^ 0x10);
        }

        String message = loadError(path);
        assertTrue(message.contains("Weights file file:" + path.resolve("data/weights.bin") + " is damaged")
                && message.contains("the file system's own checksum does not match"), message);
    }

    @Test
    void weightsThatWouldNeedMoreMemoryThanTheHeapHasAreRefusedBeforeAllocating() throws IOException {
        Path path = saved("huge");
        int units = 200_000_000;
        long count = 3L * units + units + 3L * units + 3;
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(path.resolve("data/model.json").toFile());
        json.put("layers", "dense(" + units + ",relu) dense(3)");
        json.put("parameterCount", count);
        ArrayNode params = (ArrayNode) json.get("parameters");
        ((ArrayNode) params.get(0).get("shape")).removeAll().add(units).add(3);
        ((ArrayNode) params.get(1).get("shape")).removeAll().add(units);
        ((ArrayNode) params.get(2).get("shape")).removeAll().add(3).add(units);
        mapper.writeValue(path.resolve("data/model.json").toFile(), json);
        Path metadata = SavedMetadata.file(path);
        Files.writeString(metadata, Files.readString(metadata).replace("dense(4,relu)", "dense(" + units + ",relu)"));
        try (RandomAccessFile weights = new RandomAccessFile(path.resolve("data/weights.bin").toFile(), "rw")) {
            weights.seek(8);
            weights.writeInt((int) count);
            // A sparse file of the claimed size: nothing is written, so it costs no disk.
            weights.setLength(12 + 4 * count + 8);
        }

        String message = loadError(path);
        assertTrue(message.contains("holds " + count + " weights, 5.2 GiB, more than the"), message);
        assertTrue(message.contains("load it with a larger heap (spark.driver.memory"), message);
    }
}
