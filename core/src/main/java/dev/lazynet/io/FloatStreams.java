package dev.lazynet.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Float arrays as big-endian bytes in LazyNet's binary files, moved in chunks so that a large array
 * never needs a byte copy of its full size. A caller that checksums the floats wraps the stream in a
 * {@link java.util.zip.CheckedOutputStream} or {@link java.util.zip.CheckedInputStream}.
 */
public final class FloatStreams {

    private static final int CHUNK_FLOATS = 1 << 16;

    private FloatStreams() {
    }

    /** Writes {@code values} to {@code out}. */
    public static void write(OutputStream out, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(values.length, CHUNK_FLOATS) * Float.BYTES);
        for (int from = 0; from < values.length; from += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, values.length - from);
            buffer.clear();
            buffer.asFloatBuffer().put(values, from, n);
            out.write(buffer.array(), 0, n * Float.BYTES);
        }
    }

    /**
     * Reads {@code count} floats from {@code in}.
     *
     * @throws EOFException if the stream ends before
     */
    public static float[] read(InputStream in, int count) throws IOException {
        float[] values = new float[count];
        byte[] bytes = new byte[Math.min(count, CHUNK_FLOATS) * Float.BYTES];
        for (int from = 0; from < count; from += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, count - from);
            if (in.readNBytes(bytes, 0, n * Float.BYTES) < n * Float.BYTES) {
                throw new EOFException("the file ends within its floats");
            }
            ByteBuffer.wrap(bytes, 0, n * Float.BYTES).asFloatBuffer().get(values, from, n);
        }
        return values;
    }
}
