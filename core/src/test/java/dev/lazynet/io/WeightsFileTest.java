package dev.lazynet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsFileTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("weights.bin");
    }

    private Path write(float[] weights) throws IOException {
        WeightsFile.write(Files.newOutputStream(file()), weights);
        return file();
    }

    private static float[] read(Path path, int expected) throws IOException {
        return WeightsFile.read(Files.newInputStream(path), Files.size(path), expected, path);
    }

    private static float[] weights(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) Math.sin(i) * 1e3f;
        }
        return w;
    }

    private static String readError(Path path, int expected) {
        return assertThrows(IllegalArgumentException.class, () -> read(path, expected)).getMessage();
    }

    private void patch(long offset, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file().toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        }
    }

    @Test
    void weightsSurviveARoundTripBitForBit() throws IOException {
        float[] w = weights(200_000);
        w[3] = Float.NaN;
        w[4] = -0f;

        assertArrayEquals(w, read(write(w), w.length));
    }

    @Test
    void aCountThatDiffersFromTheNetworkIsRejectedBeforeAllocating() throws IOException {
        String message = readError(write(weights(10)), 2_000_000_000);

        assertTrue(message.contains("holds 10 weights, but the saved network has 2000000000"), message);
    }

    @Test
    void aFlippedByteFailsTheChecksum() throws IOException {
        Path path = write(weights(100));
        patch(12 + 40, new byte[] {0x7f});

        assertTrue(readError(path, 100).contains("checksum"));
    }

    @Test
    void otherFilesAndVersionsAndTruncationsAreNamed() throws IOException {
        Path path = write(weights(100));
        patch(4, new byte[] {0, 0, 0, 9});
        assertTrue(readError(path, 100).contains("has format version 9, but this LazyNet reads version 1"));

        patch(0, new byte[] {'P', 'K', 3, 4});
        assertTrue(readError(path, 100).contains("starts with 0x504B0304"));

        write(weights(100));
        try (RandomAccessFile f = new RandomAccessFile(file().toFile(), "rw")) {
            f.setLength(300);
        }
        assertTrue(readError(path, 100).contains("has 300 bytes, but 100 weights take 420"));

        Files.write(path, new byte[5]);
        assertTrue(readError(path, 100).contains("only 5 bytes"));
    }
}
