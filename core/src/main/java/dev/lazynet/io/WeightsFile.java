package dev.lazynet.io;

import static dev.lazynet.io.FileKind.WEIGHTS;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The binary file of a model's flat weights, on streams, so that the Spark plugin (through Hadoop's
 * file systems) and a Spark-free server read it the same way.
 *
 * <p>Layout, big-endian: the magic {@code "LZNW"}, the format version (int), the number of floats
 * (int), the floats, and the CRC32 of the float bytes (long). The reader checks magic, version, count
 * and file length before allocating, and the checksum after reading.
 */
public final class WeightsFile {

    private static final int MAGIC = 0x4C5A4E57;
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 12;
    private static final int TRAILER_BYTES = 8;

    private WeightsFile() {
    }

    /** Writes {@code weights} to {@code out}, and closes it. */
    public static void write(OutputStream out, float[] weights) throws IOException {
        try (DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out))) {
            data.writeInt(MAGIC);
            data.writeInt(VERSION);
            data.writeInt(weights.length);
            CRC32 crc = new CRC32();
            FloatStreams.write(new CheckedOutputStream(data, crc), weights);
            data.writeLong(crc.getValue());
        }
    }

    /**
     * Reads the weights of a network with {@code expected} parameters from {@code in}, and closes it.
     *
     * @param length the file's length in bytes, checked before anything is allocated
     * @param file where the file is, for messages
     * @throws IllegalArgumentException naming the file and what is wrong, if it is not a LazyNet weights
     *     file of this version with exactly {@code expected} floats, or is damaged
     */
    public static float[] read(InputStream in, long length, int expected, Object file) throws IOException {
        try (DataInputStream data = new DataInputStream(new BufferedInputStream(in))) {
            checkHeader(file, data, length, expected);
            CRC32 crc = new CRC32();
            float[] weights = FloatStreams.read(new CheckedInputStream(data, crc), expected);
            long stored = data.readLong();
            if (stored != crc.getValue()) {
                throw WEIGHTS.damaged(file, "its checksum is " + Long.toHexString(stored) + " but the data gives "
                        + Long.toHexString(crc.getValue()));
            }
            return weights;
        }
    }

    /** Checks magic, version, count and length, and that the weights fit in the heap, before any is read. */
    private static void checkHeader(Object file, DataInputStream in, long length, int expected) throws IOException {
        if (length < HEADER_BYTES) {
            throw WEIGHTS.damaged(file, "it has only " + length + " bytes, fewer than the " + HEADER_BYTES
                    + "-byte header");
        }
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw WEIGHTS.damaged(file, String.format("it starts with 0x%08X, not the LazyNet magic 0x%08X", magic,
                    MAGIC));
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("Weights file " + file + " has format version " + version
                    + ", but this LazyNet reads version " + VERSION + "; load it with the LazyNet version"
                    + " that saved it");
        }
        int count = in.readInt();
        if (count != expected) {
            throw WEIGHTS.damaged(file, "it holds " + count + " weights, but the saved network has " + expected);
        }
        long expectedLength = HEADER_BYTES + (long) expected * Float.BYTES + TRAILER_BYTES;
        if (length != expectedLength) {
            throw WEIGHTS.damaged(file, "it has " + length + " bytes, but " + expected + " weights take "
                    + expectedLength);
        }
        long needed = (long) count * Float.BYTES;
        Runtime heap = Runtime.getRuntime();
        long available = heap.maxMemory() - (heap.totalMemory() - heap.freeMemory());
        if (needed > available) {
            throw new IllegalArgumentException("Weights file " + file + " holds " + count + " weights, "
                    + ByteSizes.format(needed) + ", more than the " + ByteSizes.format(available)
                    + " this JVM's heap has left; load it with a larger heap (spark.driver.memory under Spark,"
                    + " -Xmx elsewhere)");
        }
    }
}
