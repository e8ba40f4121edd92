package dev.lazynet.spark.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.train.OptimizerState;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    @TempDir
    Path dir;

    private final Configuration conf = new Configuration();

    private static Checkpoint checkpoint() {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("layers", "dense(2)");
        configuration.put("stepSize", "0.01");
        float[] weights = {1, -2, Float.MIN_VALUE, 3e38f};
        OptimizerState adam = new OptimizerState("adam", 7, List.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f},
                new float[] {1e-9f, 2, 3, 4}));
        Checkpoint.History history = new Checkpoint.History(List.of(1.5, 0.75), List.of(0.1, 0.2), List.of(),
                List.of(Double.NaN, 0.5));
        return new Checkpoint(configuration, 2, -42L, weights, adam, history);
    }

    private org.apache.hadoop.fs.Path file() {
        return new org.apache.hadoop.fs.Path(dir.resolve("epoch-000002.ckpt").toUri());
    }

    private org.apache.hadoop.fs.Path written() {
        CheckpointFile.write(conf, file(), checkpoint());
        return file();
    }

    private String readError(int parameters) {
        return assertThrows(IllegalArgumentException.class, () -> CheckpointFile.read(conf, file(), parameters))
                .getMessage();
    }

    /** Overwrites bytes and drops the local file system's checksum file, so that our own checks speak. */
    private void patch(long offset, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("epoch-000002.ckpt").toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        }
        Files.deleteIfExists(dir.resolve(".epoch-000002.ckpt.crc"));
    }

    private static byte[] intBytes(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    @Test
    void theBestWeightsOfEarlyStoppingSurviveARoundTripApartFromTheOptimizersSlots() {
        Checkpoint plain = checkpoint();
        float[] best = {4, 3, 2, 1};
        CheckpointFile.write(conf, file(), new Checkpoint(plain.configuration(), plain.epoch(), plain.seed(),
                plain.weights(), plain.optimizer(), plain.history(), best));

        Checkpoint read = CheckpointFile.read(conf, file(), 4);

        assertArrayEquals(best, read.bestWeights());
        assertArrayEquals(plain.weights(), read.weights());
        assertEquals(2, read.optimizer().slots().size());
        assertArrayEquals(plain.optimizer().slots().get(1), read.optimizer().slots().get(1));
    }

    @Test
    void aCheckpointWithoutBestWeightsReadsWithNone() {
        assertEquals(null, CheckpointFile.read(conf, written(), 4).bestWeights());
    }

    @Test
    void everyPartOfACheckpointSurvivesARoundTripBitForBit() {
        Checkpoint original = checkpoint();
        Checkpoint read = CheckpointFile.read(conf, written(), 4);

        assertEquals(original.configuration(), read.configuration());
        assertEquals(List.copyOf(original.configuration().keySet()), List.copyOf(read.configuration().keySet()));
        assertEquals(2, read.epoch());
        assertEquals(-42L, read.seed());
        assertArrayEquals(original.weights(), read.weights());
        assertEquals("adam", read.optimizer().optimizer());
        assertEquals(7, read.optimizer().steps());
        assertArrayEquals(original.optimizer().slots().get(1), read.optimizer().slots().get(1));
        assertEquals(original.history(), read.history());
    }

    @Test
    void anyFlippedByteIsCaughtByTheChecksum() throws IOException {
        long length = Files.size(dir.resolve(written().getName()));
        patch(length - 8 - 4 * 4 - 2, new byte[] {0x55});

        assertTrue(readError(4).contains("its checksum is"), readError(4));
    }

    @Test
    void aCheckpointOfAnotherSizeIsRefusedBeforeAllocating() {
        written();

        assertTrue(readError(2_000_000_000).contains("arrays of [4,4,4] floats, but the network has 2000000000"),
                readError(2_000_000_000));
    }

    @Test
    void otherFilesVersionsHeadersAndTruncationsAreNamed() throws IOException {
        written();
        patch(4, intBytes(2));
        assertTrue(readError(4).contains("has format version 2, but this LazyNet reads version 1"), readError(4));

        written();
        patch(8, intBytes(Integer.MAX_VALUE));
        assertTrue(readError(4).contains("its header length is 2147483647"), readError(4));

        written();
        patch(12, "[".getBytes(StandardCharsets.UTF_8));
        assertTrue(readError(4).contains("its header is not valid JSON"), readError(4));

        written();
        patch(0, new byte[] {'L', 'Z', 'N', 'W'});
        assertTrue(readError(4).contains("starts with 0x4C5A4E57, not the checkpoint magic"), readError(4));

        written();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("epoch-000002.ckpt").toFile(), "rw")) {
            f.setLength(f.length() - 3);
        }
        Files.deleteIfExists(dir.resolve(".epoch-000002.ckpt.crc"));
        assertTrue(readError(4).contains("but its header and 3 arrays of 4 floats take"), readError(4));

        Files.write(dir.resolve("epoch-000002.ckpt"), new byte[7]);
        assertTrue(readError(4).contains("it has only 7 bytes"), readError(4));
    }

    /** A checkpoint file with the given header and one array of 4 floats, with a correct checksum. */
    private void craft(String header) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(12 + json.length + 16);
        b.putInt(CheckpointFile.MAGIC).putInt(CheckpointFile.VERSION).putInt(json.length).put(json);
        b.putFloat(1).putFloat(2).putFloat(3).putFloat(4);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 0, b.position());
        ByteBuffer out = ByteBuffer.allocate(b.capacity() + 8).put(b.array()).putLong(crc.getValue());
        Files.deleteIfExists(dir.resolve(".epoch-000002.ckpt.crc"));
        Files.write(dir.resolve("epoch-000002.ckpt"), out.array());
    }

    private static String header(String epoch, String seed, String loss) {
        return "{\"configuration\":{},\"epoch\":" + epoch + ",\"random\":{\"seed\":" + seed + "},"
                + "\"optimizer\":{\"name\":\"sgd\",\"steps\":0},\"arrays\":[4],"
                + "\"history\":{\"loss\":" + loss + ",\"seconds\":[],\"validationLoss\":[],"
                + "\"validationAccuracy\":[]}}";
    }

    @Test
    void headerFieldsOfTheWrongTypeAreNamedEvenWithAMatchingChecksum() throws IOException {
        craft(header("1", "5", "[]"));
        assertEquals(1, CheckpointFile.read(conf, file(), 4).epoch());

        craft(header("\"two\"", "5", "[]"));
        assertTrue(readError(4).contains("field \"epoch\" is \"two\", not a whole number in [0, 2147483647]"),
                readError(4));
        craft(header("1", "0.5", "[]"));
        assertTrue(readError(4).contains("the seed is 0.5, not a whole number"), readError(4));
        craft(header("1", "5", "{}"));
        assertTrue(readError(4).contains("field \"loss\" is {}, not a list of numbers"), readError(4));
        craft(header("1", "5", "[true]"));
        assertTrue(readError(4).contains("field \"loss\" holds true, not a number"), readError(4));
        craft(header("1", "5", "[]").replace("\"random\"", "\"chance\""));
        assertTrue(readError(4).contains("its header has no field \"random\""), readError(4));
        craft(header("1", "5", "[]").replace("[4]", "\"4\""));
        assertTrue(readError(4).contains("\"arrays\" is \"4\", not the lengths"), readError(4));
        craft("[1]");
        assertTrue(readError(4).contains("its header is not a JSON object"), readError(4));
    }
}
