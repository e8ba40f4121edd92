package dev.lazynet.examples.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads gzip-compressed IDX files, the format of MNIST and Fashion-MNIST
 * (<a href="http://yann.lecun.com/exdb/mnist/">LeCun et al.</a>): a big-endian header of a magic number
 * and the dimensions, then unsigned bytes.
 *
 * <p>A file must hold exactly the bytes its header announces. The pixel bytes are read before the
 * pixel array is allocated, so a damaged header cannot make the reader allocate more than the file
 * really holds; every damage is an {@link IdxFormatException} naming the file, what was found and
 * what was expected.
 */
public final class Idx {

    /** Magic number of an image file: unsigned bytes ({@code 0x08}), three dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a label file: unsigned bytes ({@code 0x08}), one dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    /** The largest Java array the JVMs in use allocate. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Idx() {
    }

    /** The images of an IDX image file: {@code count} images of {@code rows x cols} pixels, row-major. */
    public record Images(int count, int rows, int cols, float[] pixels) {

        /** Pixels in one image. */
        public int pixelsPerImage() {
            return rows * cols;
        }
    }

    /** Reads an image file; pixels are scaled from 0..255 to [0, 1]. */
    public static Images readImages(Path file) {
        try (InputStream in = open(file)) {
            return readImages(file.toString(), in);
        } catch (IOException e) {
            throw unreadable(file.toString(), e);
        }
    }

    /**
     * Reads an image file from a gzip-compressed stream; {@code source} names it in errors. The stream
     * is not closed.
     */
    public static Images readImages(String source, InputStream gzipped) {
        try {
            InputStream in = gunzip(gzipped);
            int[] dims = readHeader(source, in, IMAGES_MAGIC, 3, "an image file");
            long expected = (long) dims[0] * dims[1] * dims[2];
            byte[] raw = readBody(source, in, expected, dims[0] + " images of " + dims[1] + "x" + dims[2]);
            float[] pixels = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                pixels[i] = (raw[i] & 0xff) / 255f;
            }
            return new Images(dims[0], dims[1], dims[2], pixels);
        } catch (IOException e) {
            throw unreadable(source, e);
        }
    }

    /** Reads a label file: one label 0..255 per item. */
    public static int[] readLabels(Path file) {
        try (InputStream in = open(file)) {
            return readLabels(file.toString(), in);
        } catch (IOException e) {
            throw unreadable(file.toString(), e);
        }
    }

    /** Reads a label file from a gzip-compressed stream; {@code source} names it in errors. */
    public static int[] readLabels(String source, InputStream gzipped) {
        try {
            InputStream in = gunzip(gzipped);
            int[] dims = readHeader(source, in, LABELS_MAGIC, 1, "a label file");
            byte[] raw = readBody(source, in, dims[0], dims[0] + " labels");
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw unreadable(source, e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        try {
            return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new IdxFormatException("IDX file " + file + " does not exist; check the path");
        }
    }

    private static InputStream gunzip(InputStream in) throws IOException {
        return new GZIPInputStream(in, 1 << 16);
    }

    private static int[] readHeader(String source, InputStream in, int magic, int rank, String kind)
            throws IOException {
        int found = ByteBuffer.wrap(readHeaderBytes(source, in, 0, 4, rank)).getInt();
        if (found != magic) {
            throw new IdxFormatException(String.format("%s starts with magic number %d (0x%08x), but %s"
                    + " starts with %d (0x%08x); check that the file is %s", source, found, found, kind,
                    magic, magic, kind));
        }
        ByteBuffer buffer = ByteBuffer.wrap(readHeaderBytes(source, in, 4, 4 * rank, rank));
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = buffer.getInt();
            if (dims[i] < 0 || (i > 0 && dims[i] == 0)) {
                throw new IdxFormatException(source + " announces dimension " + i + " = " + dims[i]
                        + " in its header, but dimensions must be positive; the header is damaged");
            }
        }
        return dims;
    }

    /** Reads {@code length} header bytes that start at offset {@code done} of the file. */
    private static byte[] readHeaderBytes(String source, InputStream in, int done, int length, int rank)
            throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new IdxFormatException(source + " ends after " + (done + bytes.length) + " bytes, inside"
                    + " its " + 4 * (1 + rank) + "-byte header; the file is truncated, fetch it again");
        }
        return bytes;
    }

    private static byte[] readBody(String source, InputStream in, long expected, String what)
            throws IOException {
        if (expected > MAX_ARRAY) {
            throw new IdxFormatException(source + " announces " + what + " = " + expected + " bytes, more"
                    + " than one Java array holds (" + MAX_ARRAY + "); split the file");
        }
        // readNBytes grows its buffer as bytes arrive, so a lying header allocates nothing extra.
        byte[] body = in.readNBytes((int) expected);
        if (body.length < expected) {
            throw new IdxFormatException(source + " holds " + body.length + " data bytes, but its header"
                    + " announces " + what + " = " + expected + " bytes; the file is truncated, fetch it"
                    + " again");
        }
        if (in.read() != -1) {
            throw new IdxFormatException(source + " holds more than the " + expected + " data bytes its"
                    + " header announces (" + what + "); the file is damaged or not an IDX file");
        }
        return body;
    }

    private static RuntimeException unreadable(String source, IOException e) {
        if (e instanceof EOFException) {
            return new IdxFormatException(source + " ends in the middle of its gzip stream; the file is"
                    + " truncated, fetch it again", e);
        }
        if (e instanceof ZipException) {
            return new IdxFormatException(source + " is not a valid gzip file (" + e.getMessage() + ");"
                    + " IDX files are read gzip-compressed, as distributed (.gz)", e);
        }
        return new UncheckedIOException("Cannot read " + source + ": " + e.getMessage(), e);
    }
}
