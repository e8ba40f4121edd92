package dev.lazynet.examples.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files, whole or damaged, for the tests. */
final class IdxFiles {

    private IdxFiles() {
    }

    /** The uncompressed bytes of an IDX file: magic, dimensions, then {@code body}. */
    static byte[] raw(int magic, int[] dims, byte[] body) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + body.length);
        buffer.putInt(magic);
        for (int d : dims) {
            buffer.putInt(d);
        }
        buffer.put(body);
        return buffer.array();
    }

    /** Gzip-compresses {@code raw}. */
    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    /** Writes {@code count} images of {@code rows x cols}; pixel {@code i} of the file is {@code i % 256}. */
    static Path images(Path file, int count, int rows, int cols) throws IOException {
        byte[] body = new byte[count * rows * cols];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        return write(file, raw(Idx.IMAGES_MAGIC, new int[] {count, rows, cols}, body));
    }

    /** Writes a label file holding {@code labels}. */
    static Path labels(Path file, int... labels) throws IOException {
        byte[] body = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            body[i] = (byte) labels[i];
        }
        return write(file, raw(Idx.LABELS_MAGIC, new int[] {labels.length}, body));
    }

    /** Writes {@code raw} gzip-compressed. */
    static Path write(Path file, byte[] raw) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, gzip(raw));
    }
}
