package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.io.Checkpoint;
import dev.lazynet.spark.internal.io.CheckpointFile;
import dev.lazynet.train.EarlyStopping;
import dev.lazynet.train.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.annotation.Private;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fit's checkpoints in one directory: on start, resume from the latest one if it belongs to the same
 * data and configuration (and refuse one that does not, naming the differences); after every
 * {@code interval}-th epoch and after the last, write a new one and drop the older.
 *
 * <p>A checkpoint is written under a temporary name and renamed when complete, so a process killed at
 * any moment leaves either the previous checkpoint or the new one, never half of one; leftover temporary
 * files are ignored and removed.
 */
@Private
public final class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final Pattern NAME = Pattern.compile("epoch-(\\d{6,})\\.ckpt");
    private static final String TEMPORARY = ".tmp";

    /** The configuration's name for the fingerprint of the training data. */
    public static final String DATA_FINGERPRINT = "dataFingerprint";
    /** The settings that identify the training data, compared before any other. */
    private static final List<String> DATA = List.of("trainingRows", "validationRows", DATA_FINGERPRINT);

    private final Configuration conf;
    private final Path dir;
    private final int interval;
    private final Map<String, String> configuration;
    private final long seed;

    private Checkpoints(Configuration conf, Path dir, int interval, Map<String, String> configuration, long seed) {
        this.conf = conf;
        this.dir = dir;
        this.interval = interval;
        this.configuration = configuration;
        this.seed = seed;
    }

    /** No checkpoints: nothing is resumed or written. */
    public static Checkpoints disabled() {
        return new Checkpoints(null, null, -1, Map.of(), 0);
    }

    /**
     * Checkpoints in {@code dir}, every {@code interval} epochs (-1: none written, but one found is still
     * resumed from).
     *
     * @param configuration what decides the weights, by name, in a stable order
     */
    public static Checkpoints in(Configuration conf, String dir, int interval, Map<String, String> configuration,
            long seed) {
        return new Checkpoints(conf, new Path(dir), interval,
                Collections.unmodifiableMap(new LinkedHashMap<>(configuration)),
                seed);
    }

    /** Where else good weights are kept, for error messages; empty without checkpoints. */
    public String hint() {
        return dir == null ? "" : "the latest checkpoint in " + dir + " holds the weights of the last epoch it saved";
    }

    /**
     * Restores the latest checkpoint, if there is one, into {@code weights}, {@code optimizer},
     * {@code history} and {@code stopping}.
     *
     * @param epochs the fit's maxIter
     * @return the epochs already done: 0 without a checkpoint
     * @throws IllegalArgumentException if the checkpoint belongs to another configuration, is past
     *     {@code epochs}, or is damaged
     */
    int resume(float[] weights, Optimizer optimizer, EpochHistory history, EarlyStopping stopping, int epochs) {
        if (dir == null) {
            return 0;
        }
        Path latest = latest();
        if (latest == null) {
            return 0;
        }
        Map<String, String> saved = CheckpointFile.configuration(conf, latest);
        checkData(latest, saved);
        List<String> differences = differences(saved);
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("The checkpoint " + latest + " was written by a fit with another"
                    + " configuration: " + String.join("; ", differences) + ". Use another checkpointDir for this"
                    + " fit, or delete " + dir + " to start over");
        }
        Checkpoint checkpoint = CheckpointFile.read(conf, latest, weights.length);
        if (checkpoint.epoch() > epochs) {
            throw new IllegalArgumentException("The checkpoint " + latest + " is at epoch " + checkpoint.epoch()
                    + ", past maxIter " + epochs + "; raise maxIter to at least " + checkpoint.epoch()
                    + ", or use another checkpointDir");
        }
        try {
            optimizer.restore(checkpoint.optimizer());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The checkpoint " + latest + " has an optimizer state this fit cannot"
                    + " use: " + e.getMessage() + "; delete it to start the fit over", e);
        }
        System.arraycopy(checkpoint.weights(), 0, weights, 0, weights.length);
        history.resume(checkpoint.epoch(), checkpoint.history());
        try {
            stopping.resume(checkpoint.history().validationLoss(), checkpoint.bestWeights());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The checkpoint " + latest + " cannot be resumed with early stopping: "
                    + e.getMessage() + "; delete it to start the fit over", e);
        }
        LOG.info("Resuming from {} after epoch {}", latest, checkpoint.epoch());
        return checkpoint.epoch();
    }

    /**
     * The listener that writes a checkpoint after each epoch for which one is due, and after the epoch at
     * which early stopping stops the fit.
     */
    TrainingListener writer(int epochs, Optimizer optimizer, EpochHistory history, EarlyStopping stopping) {
        return new TrainingListener() {
            @Override
            public void onEpoch(int epoch, float[] weights) {
                afterEpoch(epoch + 1, epochs, weights, optimizer, history, stopping);
            }
        };
    }

    /**
     * After epoch {@code done} (counted from 1) of {@code epochs}: writes a checkpoint if one is due.
     */
    private void afterEpoch(int done, int epochs, float[] weights, Optimizer optimizer, EpochHistory history,
            EarlyStopping stopping) {
        boolean last = done == epochs || stopping.shouldStop();
        if (dir == null || interval < 1 || (done % interval != 0 && !last)) {
            return;
        }
        Path target = new Path(dir, String.format("epoch-%06d.ckpt", done));
        Path temporary = new Path(dir, target.getName() + TEMPORARY);
        Checkpoint checkpoint = new Checkpoint(configuration, done, seed, weights, optimizer.state(),
                history.snapshot(), stopping.bestWeights());
        CheckpointFile.write(conf, temporary, checkpoint);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(temporary, target)) {
                throw new IOException("the file system refused to rename " + temporary + " to " + target);
            }
            for (FileStatus file : fs.listStatus(dir)) {
                Matcher m = NAME.matcher(file.getPath().getName());
                boolean older = m.matches() && Long.parseLong(m.group(1)) < done;
                boolean leftover = file.getPath().getName().endsWith(".ckpt" + TEMPORARY);
                if (older || leftover) {
                    fs.delete(file.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the checkpoint " + target + ": " + e.getMessage(), e);
        }
        LOG.info("Checkpoint after epoch {} written to {}", done, target);
    }

    /** The complete checkpoint with the highest epoch, or {@code null}. */
    private Path latest() {
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                return null;
            }
            Path best = null;
            long bestEpoch = -1;
            for (FileStatus file : fs.listStatus(dir)) {
                Matcher m = NAME.matcher(file.getPath().getName());
                if (m.matches() && file.isFile() && Long.parseLong(m.group(1)) > bestEpoch) {
                    bestEpoch = Long.parseLong(m.group(1));
                    best = file.getPath();
                }
            }
            return best;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a checkpoint written for other training data. A checkpoint from before fingerprints were
     * recorded is resumed if its row counts match, with a warning, since its fit cannot be told apart
     * from this one's; the checkpoints this fit writes carry the fingerprint.
     */
    private void checkData(Path latest, Map<String, String> saved) {
        String savedFingerprint = saved.get(DATA_FINGERPRINT);
        boolean sameCounts = DATA.stream().filter(name -> !name.equals(DATA_FINGERPRINT))
                .allMatch(name -> Objects.equals(saved.get(name), configuration.get(name)));
        if (sameCounts && savedFingerprint == null) {
            LOG.warn("The checkpoint {} records no fingerprint of its training data, only its row counts, which"
                    + " match this fit's; resuming from it as a checkpoint of this data. Delete {} to start over"
                    + " if it is not", latest, dir);
            return;
        }
        if (sameCounts && savedFingerprint.equals(configuration.get(DATA_FINGERPRINT))) {
            return;
        }
        throw new IllegalArgumentException(dir + " holds a checkpoint of other data: " + latest + " was written by a"
                + " fit on " + data(saved) + ", but this fit's data has " + data(configuration) + ". To start this"
                + " fit fresh, delete " + dir + " or set another checkpointDir");
    }

    private static String data(Map<String, String> c) {
        String fingerprint = c.get(DATA_FINGERPRINT);
        return c.get("trainingRows") + " training and " + c.get("validationRows") + " validation rows of fingerprint "
                + (fingerprint == null ? "(not recorded)" : fingerprint);
    }

    /** Each setting besides the data's whose value differs, as "name was X there, Y here". */
    private List<String> differences(Map<String, String> saved) {
        Set<String> names = new LinkedHashSet<>(configuration.keySet());
        names.addAll(saved.keySet());
        names.removeAll(DATA);
        List<String> out = new ArrayList<>();
        for (String name : names) {
            String there = saved.get(name);
            String here = configuration.get(name);
            if (!Objects.equals(there, here)) {
                out.add(name + " is " + describe(there) + " there but " + describe(here) + " here");
            }
        }
        return out;
    }

    private static String describe(String value) {
        return value == null ? "not set" : "\"" + value + "\"";
    }
}
