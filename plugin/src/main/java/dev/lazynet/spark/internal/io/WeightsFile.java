package dev.lazynet.spark.internal.io;

import dev.lazynet.spark.internal.ByteSizes;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.annotation.Private;

/**
 * The binary file of a model's flat weights, through Hadoop's FileSystem so it works on local disks,
 * HDFS and object stores alike.
 *
 * <p>Layout, big-endian: the magic {@code "LZNW"}, the format version (int), the number of floats
 * (int), the floats, and the CRC32 of the float bytes (long). The reader checks magic, version, count
 * and file length before allocating, and the checksum after reading.
 */
@Private
public final class WeightsFile {

    public static final int MAGIC = 0x4C5A4E57;
    public static final int VERSION = 1;
    private static final int HEADER_BYTES = 12;
    private static final int TRAILER_BYTES = 8;
    private static final int CHUNK_FLOATS = 1 << 16;

    private WeightsFile() {
    }

    public static void write(Configuration conf, Path path, float[] weights) {
        try {
            FileSystem fs = path.getFileSystem(conf);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fs.create(path, true)))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(weights.length);
                CRC32 crc = new CRC32();
                ByteBuffer buffer = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES);
                for (int from = 0; from < weights.length; from += CHUNK_FLOATS) {
                    int n = Math.min(CHUNK_FLOATS, weights.length - from);
                    buffer.clear();
                    buffer.asFloatBuffer().put(weights, from, n);
                    crc.update(buffer.array(), 0, n * Float.BYTES);
                    out.write(buffer.array(), 0, n * Float.BYTES);
                }
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
    public static float[] read(Configuration conf, Path path, int expected) {
        try {
            FileSystem fs = path.getFileSystem(conf);
            long length = fs.getFileStatus(path).getLen();
            long expectedLength = HEADER_BYTES + (long) expected * Float.BYTES + TRAILER_BYTES;
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(path)))) {
                if (length < HEADER_BYTES) {
                    throw damaged(path, "it has only " + length + " bytes, fewer than the " + HEADER_BYTES
                            + "-byte header");
                }
                int magic = in.readInt();
                if (magic != MAGIC) {
                    throw damaged(path, String.format("it starts with 0x%08X, not the LazyNet magic 0x%08X", magic,
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
                    throw damaged(path, "it holds " + count + " weights, but the saved network has " + expected);
                }
                if (length != expectedLength) {
                    throw damaged(path, "it has " + length + " bytes, but " + expected + " weights take "
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
                float[] weights = new float[count];
                CRC32 crc = new CRC32();
                byte[] bytes = new byte[CHUNK_FLOATS * Float.BYTES];
                for (int from = 0; from < count; from += CHUNK_FLOATS) {
                    int n = Math.min(CHUNK_FLOATS, count - from);
                    in.readFully(bytes, 0, n * Float.BYTES);
                    crc.update(bytes, 0, n * Float.BYTES);
                    ByteBuffer.wrap(bytes, 0, n * Float.BYTES).asFloatBuffer().get(weights, from, n);
                }
                long stored = in.readLong();
                if (stored != crc.getValue()) {
                    throw damaged(path, "its checksum is " + Long.toHexString(stored) + " but the data gives "
                            + Long.toHexString(crc.getValue()));
                }
                return weights;
            }
        } catch (ChecksumException e) {
            throw damaged(path, "the file system's own checksum does not match (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the model weights from " + path + ": " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException damaged(Path path, String why) {
        return new IllegalArgumentException("Weights file " + path + " is damaged or not a LazyNet weights file: "
                + why + "; save the model again");
    }
}
