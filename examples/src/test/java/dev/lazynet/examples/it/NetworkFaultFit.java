package dev.lazynet.examples.it;

import dev.lazynet.examples.cli.ResultLine;
import dev.lazynet.examples.data.FashionMnist;
import dev.lazynet.examples.data.ImageFrames;
import dev.lazynet.examples.data.LabeledImages;
import dev.lazynet.spark.LazyNetClassificationModel;
import dev.lazynet.spark.LazyNetClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.sql.SparkSession;

/**
 * The job of the network fault tests, submitted to a cluster on {@link NetnsHosts}: the Fashion-MNIST
 * MLP of the examples, smaller, on the first {@value #IMAGES} training images of the examples' bundled
 * subset in {@value #PARTITIONS} partitions, seeded, with a checkpoint after every epoch when given a
 * folder. Its last line of standard output is a {@link ResultLine} with the SHA-256 of the final weights,
 * the epoch it resumed from, and the addresses of the driver and of the executors still registered at the
 * end, so that runs can be compared bit for bit and their hosts checked.
 *
 * <p>Arguments: {@code EPOCHS [CHECKPOINT_DIR]}.
 */
public final class NetworkFaultFit {

    /** Training images: 8 steps of {@value #BATCH_SIZE} per epoch. */
    static final int IMAGES = 2048;
    static final int BATCH_SIZE = 256;
    static final int PARTITIONS = 2;
    static final String LAYERS = "dense(64,relu) dense(10)";

    private NetworkFaultFit() {
    }

    /** Fits and prints the result line; see the class comment for the arguments. */
    public static void main(String[] args) throws NoSuchAlgorithmException {
        int epochs = Integer.parseInt(args[0]);
        SparkSession spark = SparkSession.builder().appName("lazynet-network-fault-fit").getOrCreate();
        try {
            LabeledImages raw = FashionMnist.bundled().train().first(IMAGES);
            double mean = raw.pixelMean();
            LabeledImages train = raw.standardized(mean, raw.pixelStd(mean));
            LazyNetClassifier classifier = new LazyNetClassifier().setLayers(LAYERS).setMaxIter(epochs)
                    .setBatchSize(BATCH_SIZE).setOptimizer("adam").setStepSize(1e-3).setSeed(1L);
            if (args.length > 1) {
                classifier.setCheckpointDir(args[1]);
            }
            LazyNetClassificationModel model = classifier.fit(ImageFrames.toDataFrame(spark, train, PARTITIONS));
            new ResultLine()
                    .add("weights_sha256", sha256(model.weights()))
                    .add("epochs", model.summary().totalEpochs())
                    .add("resumed_from", model.summary().resumedFromEpoch())
                    .add("driver_host", spark.sparkContext().getConf().get("spark.driver.host"))
                    .add("executor_hosts", executorHosts(spark))
                    .print(System.out);
        } finally {
            spark.stop();
        }
    }

    /**
     * Writes a jar with this class to {@code folder} and returns its path: the application jar that
     * spark-submit runs, with the examples jar beside it in {@code --jars}.
     */
    static Path jar(Path folder) throws IOException {
        String entry = NetworkFaultFit.class.getName().replace('.', '/') + ".class";
        Path jar = Files.createDirectories(folder).resolve("network-fault-fit.jar");
        try (InputStream classFile = NetworkFaultFit.class.getClassLoader().getResourceAsStream(entry);
                OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out)) {
            jarOut.putNextEntry(new JarEntry(entry));
            classFile.transferTo(jarOut);
            jarOut.closeEntry();
        }
        return jar;
    }

    /**
     * The hosts of the executors registered now, sorted and comma-separated: every entry of the status
     * tracker but the driver's, which is the only one on the driver's host.
     */
    private static String executorHosts(SparkSession spark) {
        String driver = spark.sparkContext().getConf().get("spark.driver.host");
        List<String> hosts = new ArrayList<>();
        for (SparkExecutorInfo executor : spark.sparkContext().statusTracker().getExecutorInfos()) {
            if (!executor.host().equals(driver)) {
                hosts.add(executor.host());
            }
        }
        Collections.sort(hosts);
        return hosts.isEmpty() ? "none" : String.join(",", hosts);
    }

    private static String sha256(float[] weights) throws NoSuchAlgorithmException {
        ByteBuffer bytes = ByteBuffer.allocate(weights.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(weights);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    }
}
