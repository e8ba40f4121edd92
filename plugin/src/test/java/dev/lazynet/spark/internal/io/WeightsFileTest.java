package dev.lazynet.spark.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsFileTest {

    @TempDir
    Path dir;

    private final Configuration conf = new Configuration();

    private org.apache.hadoop.fs.Path write(float[] weights) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir.resolve("weights.bin").toUri());
        WeightsFile.write(conf, path, weights);
        return path;
    }

    private static float[] weights(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) Math.sin(i) * 1e3f;
        }
        return w;
    }

    private String readError(org.apache.hadoop.fs.Path path, int expected) {
        return assertThrows(IllegalArgumentException.class, () -> WeightsFile.read(conf, path, expected)).getMessage();
    }

    /** Overwrites bytes, and drops the local file system's checksum file so that our own checks speak. */
    private void patch(long offset, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("weights.bin").toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        }
        Files.deleteIfExists(dir.resolve(".weights.bin.crc"));
    }

    @Test
    void weightsSurviveARoundTripBitForBit() {
        float[] w = weights(200_000);
        w[3] = Float.NaN;
        w[4] = -0f;

        assertArrayEquals(w, WeightsFile.read(conf, write(w), w.length));
    }

    @Test
    void aCountThatDiffersFromTheNetworkIsRejectedBeforeAllocating() {
        String message = readError(write(weights(10)), 2_000_000_000);

        assertTrue(message.contains("holds 10 weights, but the saved network has 2000000000"), message);
    }

    @Test
    void aFlippedByteFailsTheChecksum() throws IOException {
        org.apache.hadoop.fs.Path path = write(weights(100));
        patch(12 + 40, new byte[] {0x7f});

        assertTrue(readError(path, 100).contains("checksum"));
    }

    @Test
    void damageCaughtByTheFileSystemsChecksumIsReportedAsDamage() throws IOException {
        org.apache.hadoop.fs.Path path = write(weights(100));
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("weights.bin").toFile(), "rw")) {
            f.seek(60);
            f.write(1);
        }

        assertTrue(readError(path, 100).contains("the file system's own checksum does not match"));
    }

    @Test
    void otherFilesAndVersionsAndTruncationsAreNamed() throws IOException {
        org.apache.hadoop.fs.Path path = write(weights(100));
        patch(4, new byte[] {0, 0, 0, 9});
        assertTrue(readError(path, 100).contains("has format version 9, but this LazyNet reads version 1"));

        patch(0, new byte[] {'P', 'K', 3, 4});
        assertTrue(readError(path, 100).contains("starts with 0x504B0304"));

        write(weights(100));
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("weights.bin").toFile(), "rw")) {
            f.setLength(300);
        }
        Files.deleteIfExists(dir.resolve(".weights.bin.crc"));
        assertTrue(readError(path, 100).contains("has 300 bytes, but 100 weights take 420"));

        Files.write(dir.resolve("weights.bin"), new byte[5]);
        assertTrue(readError(path, 100).contains("only 5 bytes"));
    }
}
