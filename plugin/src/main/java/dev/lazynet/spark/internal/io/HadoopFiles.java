package dev.lazynet.spark.internal.io;

import dev.lazynet.io.FileKind;
import dev.lazynet.io.ModelDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * LazyNet's files through Hadoop's FileSystem, so that they work on local disks, HDFS and object stores
 * alike: a checksum the file system finds wrong is a damaged file, any other I/O failure is reported as
 * such, naming the file.
 */
final class HadoopFiles {

    /** What a reader does with an open file system. */
    @FunctionalInterface
    interface Read<T> {
        T from(FileSystem fs) throws IOException;
    }

    private HadoopFiles() {
    }

    /** Runs {@code read} on {@code path}'s file system, with its errors as a file of {@code kind}'s. */
    static <T> T read(FileKind kind, Configuration conf, Path path, Read<T> read) {
        try {
            return read.from(path.getFileSystem(conf));
        } catch (IOException e) {
            throw failure(kind, path, e);
        }
    }

    private static RuntimeException failure(FileKind kind, Object file, IOException e) {
        if (e instanceof ChecksumException) {
            return kind.damaged(file, "the file system's own checksum does not match (" + e.getMessage() + ")");
        }
        return kind.unreadable(file, e);
    }

    /** The saved model at {@code path}, as the readers in {@code dev.lazynet.io} see it. */
    static ModelDirectory directory(Configuration conf, String path) {
        Path root = new Path(path);
        return read(FileKind.MODEL_FILE, conf, root, fs -> new Directory(fs, root, path));
    }

    /** A saved model's folder on a Hadoop file system. */
    private record Directory(FileSystem fs, Path root, String given) implements ModelDirectory {

        private Path path(String relative) {
            return relative.isEmpty() ? root : new Path(root, relative);
        }

        @Override
        public String location(String relative) {
            return relative.isEmpty() ? given : fs.makeQualified(path(relative)).toString();
        }

        @Override
        public boolean exists(String relative) throws IOException {
            return fs.exists(path(relative));
        }

        @Override
        public List<String> list(String relative) throws IOException {
            List<String> names = new ArrayList<>();
            for (FileStatus status : fs.listStatus(path(relative))) {
                if (status.isFile()) {
                    names.add(status.getPath().getName());
                }
            }
            return names;
        }

        @Override
        public long length(String relative) throws IOException {
            return fs.getFileStatus(path(relative)).getLen();
        }

        @Override
        public InputStream open(String relative) throws IOException {
            return fs.open(path(relative));
        }

        @Override
        public RuntimeException failure(FileKind kind, String relative, IOException cause) {
            return HadoopFiles.failure(kind, location(relative), cause);
        }
    }
}
