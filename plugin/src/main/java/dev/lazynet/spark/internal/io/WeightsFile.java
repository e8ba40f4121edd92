package dev.lazynet.spark.internal.io;

import static dev.lazynet.spark.internal.io.FileKind.WEIGHTS;

import dev.lazynet.spark.internal.ByteSizes;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The binary file of a model's flat weights, through Hadoop's FileSystem so it works on local disks,
 * HDFS and object stores alike.
 *
 * <p>Layout, big-endian: the magic {@code "LZNW"}, the format version (int), the number of floats
 * (int), the floats, and the CRC32 of the float bytes (long). The reader checks magic, version, count
 * and file length before allocating, and the checksum after reading.
 */
final class WeightsFile {

    static final int MAGIC = 0x4C5A4E57;
    static final int VERSION = 1;
    private static final int HEADER_BYTES = 12;
    private static final int TRAILER_BYTES = 8;

    private WeightsFile() {
    }

    static void write(Configuration conf, Path path, float[] weights) {
        try {
            FileSystem fs = path.getFileSystem(conf);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fs.create(path, true)))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(weights.length);
                CRC32 crc = new CRC32();
                FloatStreams.write(new CheckedOutputStream(out, crc), weights);
                out.writeLong(crc.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the model weights to " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the weights of a network with {@code expected} parameters.
     *
     * @throws IllegalArgumentException naming the file and what is wrong, if it is not a LazyNet weights
     *     file of this version with exactly {@code expected} floats, or is damaged
     */
    static float[] read(Configuration conf, Path path, int expected) {
        return WEIGHTS.read(conf, path, fs -> {
            long length = fs.getFileStatus(path).getLen();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(path)))) {
                checkHeader(path, in, length, expected);
                CRC32 crc = new CRC32();
                float[] weights = FloatStreams.read(new CheckedInputStream(in, crc), expected);
                long stored = in.readLong();
                if (stored != crc.getValue()) {
                    throw WEIGHTS.damaged(path, "its checksum is " + Long.toHexString(stored) + " but the data gives "
                            + Long.toHexString(crc.getValue()));
                }
                return weights;
            }
        });
    }

    /** Checks magic, version, count and length, and that the weights fit in the heap, before any is read. */
    private static void checkHeader(Path path, DataInputStream in, long length, int expected) throws IOException {
        if (length < HEADER_BYTES) {
            throw WEIGHTS.damaged(path, "it has only " + length + " bytes, fewer than the " + HEADER_BYTES
                    + "-byte header");
        }
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw WEIGHTS.damaged(path, String.format("it starts with 0x%08X, not the LazyNet magic 0x%08X", magic,
                    MAGIC));
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("Weights file " + path + " has format version " + version
                    + ", but this LazyNet reads version " + VERSION + "; load it with the LazyNet version"
                    + " that saved it");
        }
        int count = in.readInt();
        if (count != expected) {
            throw WEIGHTS.damaged(path, "it holds " + count + " weights, but the saved network has " + expected);
        }
        long expectedLength = HEADER_BYTES + (long) expected * Float.BYTES + TRAILER_BYTES;
        if (length != expectedLength) {
            throw WEIGHTS.damaged(path, "it has " + length + " bytes, but " + expected + " weights take "
                    + expectedLength);
        }
        long needed = (long) count * Float.BYTES;
        Runtime heap = Runtime.getRuntime();
        long available = heap.maxMemory() - (heap.totalMemory() - heap.freeMemory());
        if (needed > available) {
            throw new IllegalArgumentException("Weights file " + path + " holds " + count + " weights, "
                    + ByteSizes.format(needed) + ", more than the " + ByteSizes.format(available)
                    + " this JVM's heap has left; load it with a larger heap (spark.driver.memory)");
        }
    }
}
