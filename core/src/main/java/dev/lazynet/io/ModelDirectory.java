package dev.lazynet.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder a model was saved to, as the readers of {@link StageMetadata} and {@link ModelDescription}
 * see it: files named by their path relative to the folder ({@code "metadata"}, {@code
 * "data/model.json"}). The Spark plugin reaches it through Hadoop's file systems, a server through
 * {@link #local(Path)}.
 */
public interface ModelDirectory {

    /** One step of reading a file. */
    @FunctionalInterface
    interface Read<T> {
        /** Reads, or fails with the file system's error. */
        T run() throws IOException;
    }

    /** Where the file at {@code relative} is, for messages; {@code ""} names the folder itself. */
    String location(String relative);

    /** Whether a file or folder exists at {@code relative}; {@code ""} is the folder itself. */
    boolean exists(String relative) throws IOException;

    /** The names of the files directly in the folder {@code relative}. */
    List<String> list(String relative) throws IOException;

    /** The length in bytes of the file at {@code relative}. */
    long length(String relative) throws IOException;

    /** Opens the file at {@code relative}; the caller closes it. */
    InputStream open(String relative) throws IOException;

    /**
     * The error for a failure to read {@code relative} as a file of {@code kind}. A file system that
     * checks its own checksums says here that a mismatch is a damaged file.
     */
    default RuntimeException failure(FileKind kind, String relative, IOException cause) {
        return kind.unreadable(location(relative), cause);
    }

    /** Runs {@code read} on the file at {@code relative}, with its I/O errors as {@link #failure}. */
    default <T> T read(FileKind kind, String relative, Read<T> read) {
        try {
            return read.run();
        } catch (IOException e) {
            throw failure(kind, relative, e);
        }
    }

    /** The whole of a small file, refused before it is read if it has more than {@code maxBytes}. */
    default byte[] readBounded(FileKind kind, String relative, long maxBytes, String what) {
        return read(kind, relative, () -> {
            long length = length(relative);
            kind.checkSize(location(relative), length, maxBytes, what);
            try (InputStream in = open(relative)) {
                return in.readNBytes((int) length);
            }
        });
    }

    /** The folder {@code root} on a local file system. */
    static ModelDirectory local(Path root) {
        return new LocalModelDirectory(root);
    }

    /** A folder on the local file system, read through {@code java.nio.file}. */
    record LocalModelDirectory(Path root) implements ModelDirectory {

        @Override
        public String location(String relative) {
            return relative.isEmpty() ? root.toString() : root.resolve(relative).toString();
        }

        @Override
        public boolean exists(String relative) {
            return Files.exists(root.resolve(relative));
        }

        @Override
        public List<String> list(String relative) throws IOException {
            try (Stream<Path> files = Files.list(root.resolve(relative))) {
                return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }

        @Override
        public long length(String relative) throws IOException {
            return Files.size(root.resolve(relative));
        }

        @Override
        public InputStream open(String relative) throws IOException {
            return Files.newInputStream(root.resolve(relative));
        }
    }
}
