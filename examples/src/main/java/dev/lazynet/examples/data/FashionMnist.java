package dev.lazynet.examples.data;

import dev.lazynet.examples.cli.ExampleException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 28x28 grey images of clothes in 10 classes, read from
 * the first place that has it.
 *
 * <ol>
 *   <li>the folder given with {@code --data DIR}, which must hold the four files;</li>
 *   <li>{@value #SYSTEM_DIR}, where Debian's package {@code dataset-fashion-mnist} installs the full set
 *       (60 000 training and 10 000 test images);</li>
 *   <li>the subset bundled in the examples jar (8 000 training and 2 000 test images taken from the
 *       test set), after a note on how to get the full set, so that the examples always run.</li>
 * </ol>
 */
public final class FashionMnist {

    /** Where Debian's {@code dataset-fashion-mnist} puts the files. */
    public static final String SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";
    /** The number of classes; labels are 0..9. */
    public static final int CLASSES = 10;

    /** The file of the 60 000 training images. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    /** The file of the training images' labels. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    /** The file of the 10 000 test images. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    /** The file of the test images' labels. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
    /** What {@code --data} means to the jobs that read the set with {@link #load}, for their help. */
    public static final String DATA_HELP = "--data DIR: a folder with Fashion-MNIST's four .gz files (default: "
            + SYSTEM_DIR + " if installed, else the subset bundled in the jar)";
    /** The set's four files, as its authors and Debian's package name them. */
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    /** Where the subset bundled in the examples jar lies on the class path, a folder of the four files. */
    public static final String BUNDLED = "/dev/lazynet/examples/fashion-mnist-subset/";

    private final LabeledImages train;
    private final LabeledImages test;
    private final String source;
    private final boolean bundled;

    private FashionMnist(LabeledImages train, LabeledImages test, String source, boolean bundled) {
        this.train = train;
        this.test = test;
        this.source = source;
        this.bundled = bundled;
    }

    /**
     * Loads the set from {@code dataDir} if given, else from {@value #SYSTEM_DIR}, else the bundled
     * subset, printing to {@code notes} why and how to get the full set.
     *
     * @param dataDir the folder of {@code --data}, or {@code null}
     * @throws ExampleException if {@code dataDir} lacks one of the files, or a file is damaged
     */
    public static FashionMnist load(Path dataDir, PrintStream notes) {
        return load(dataDir, Path.of(SYSTEM_DIR), notes);
    }

    static FashionMnist load(Path dataDir, Path systemDir, PrintStream notes) {
        if (dataDir != null) {
            List<String> missing = missingFiles(dataDir);
            if (!missing.isEmpty()) {
                throw new ExampleException("--data " + dataDir + " lacks " + String.join(", ", missing)
                        + "; the folder needs " + String.join(", ", FILES) + " (gzip-compressed IDX, as"
                        + " installed by `apt-get install dataset-fashion-mnist` in " + SYSTEM_DIR + ")");
            }
            return fromDirectory(dataDir);
        }
        if (missingFiles(systemDir).isEmpty()) {
            return fromDirectory(systemDir);
        }
        FashionMnist subset = bundled();
        notes.println("Fashion-MNIST is not in " + systemDir + "; using the " + subset.source() + ". For the"
                + " full set: `apt-get install dataset-fashion-mnist`, or pass --data DIR.");
        return subset;
    }

    /** The subset in the examples jar: the first 8 000 test images to train on, the last 2 000 to test. */
    public static FashionMnist bundled() {
        LabeledImages train = pair(TRAIN_IMAGES, TRAIN_LABELS, FashionMnist::openBundled, "bundled ");
        LabeledImages test = pair(TEST_IMAGES, TEST_LABELS, FashionMnist::openBundled, "bundled ");
        return new FashionMnist(train, test, "bundled Fashion-MNIST subset (" + train.count() + " train, "
                + test.count() + " test images)", true);
    }

    /** The training images. */
    public LabeledImages train() {
        return train;
    }

    /** The test images. */
    public LabeledImages test() {
        return test;
    }

    /** Where the data came from, for the job's report: a folder or the bundled subset. */
    public String source() {
        return source;
    }

    /** Whether this is the subset bundled in the jar rather than files read from a folder. */
    public boolean isBundled() {
        return bundled;
    }

    private static List<String> missingFiles(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String name : FILES) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                missing.add(name);
            }
        }
        return missing;
    }

    private static FashionMnist fromDirectory(Path dir) {
        Opener opener = name -> Files.newInputStream(dir.resolve(name));
        String prefix = dir + "/";
        return new FashionMnist(pair(TRAIN_IMAGES, TRAIN_LABELS, opener, prefix),
                pair(TEST_IMAGES, TEST_LABELS, opener, prefix), dir.toString(), false);
    }

    private static LabeledImages pair(String imagesName, String labelsName, Opener opener, String prefix) {
        String imagesSource = prefix + imagesName;
        String labelsSource = prefix + labelsName;
        try (InputStream images = opener.open(imagesName); InputStream labels = opener.open(labelsName)) {
            return LabeledImages.pair(Idx.readImages(imagesSource, images), imagesSource,
                    Idx.readLabels(labelsSource, labels), labelsSource, CLASSES);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + imagesSource + " or " + labelsSource + ": "
                    + e.getMessage(), e);
        }
    }

    private static InputStream openBundled(String name) throws IOException {
        InputStream in = FashionMnist.class.getResourceAsStream(BUNDLED + name);
        if (in == null) {
            throw new IOException("resource " + BUNDLED + name + " is missing from the examples jar;"
                    + " rebuild it with `mvn -pl examples -am package`");
        }
        return in;
    }

    /** Opens one of the four files by name. */
    @FunctionalInterface
    private interface Opener {
        InputStream open(String name) throws IOException;
    }
}
