package dev.lazynet.spark.internal.io;

import dev.lazynet.io.FileKind;
import dev.lazynet.io.ModelDescription;
import dev.lazynet.io.ModelDirectory;
import dev.lazynet.io.StageMetadata;
import dev.lazynet.io.WeightsFile;
import dev.lazynet.spark.internal.data.NetworkRecipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.annotation.Private;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import scala.Option;

/**
 * The {@code data/} folder of a saved model next to Spark's {@code metadata/}, through Hadoop's file
 * systems. The format and its checks are {@code lazynet-core}'s ({@link StageMetadata},
 * {@link ModelDescription}, {@link WeightsFile}), which a Spark-free server reads as well; this adds the
 * file systems, Spark's Params and the network recipe.
 */
@Private
public final class ModelFiles {

    /**
     * A saved model as read back, before its Params are set.
     *
     * @param metadata Spark's metadata of the stage: class, uid and Params
     * @param recipe the network the model was trained as
     * @param weights its flat weights
     */
    public record Saved(DefaultParamsReader.Metadata metadata, NetworkRecipe recipe, float[] weights) {
    }

    private ModelFiles() {
    }

    /** Writes the {@code data/} files of a model of class {@code className} under {@code path}. */
    public static void write(Configuration conf, String path, String className, NetworkRecipe recipe,
            float[] weights) {
        ModelDescription description = new ModelDescription(className, recipe.classification(), recipe.spec(),
                recipe.sampleShape());
        Path json = new Path(path, ModelDescription.JSON_FILE);
        Path weightsFile = new Path(path, ModelDescription.WEIGHTS_FILE);
        try {
            FileSystem fs = json.getFileSystem(conf);
            description.write(fs.create(json, true));
            WeightsFile.write(fs.create(weightsFile, true), weights);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the model to " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the model saved at {@code path}, which must be of class {@code className}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong, if the model is of another
     *     class or format version, or any of its files is damaged
     */
    public static Saved read(Configuration conf, String path, String className, boolean classification) {
        ModelDirectory dir = HadoopFiles.directory(conf, path);
        StageMetadata stage = StageMetadata.read(dir);
        if (!stage.className().equals(className)) {
            throw new IllegalArgumentException("The model at " + path + " is a " + stage.className() + ", not a "
                    + className + "; load it with " + simpleName(stage.className()) + ".load(path)");
        }
        DefaultParamsReader.Metadata metadata;
        try {
            metadata = DefaultParamsReader.parseMetadata(stage.json(), "");
        } catch (Exception e) {
            // Spark's JSON library reports bad input with its own exception types, some of them checked.
            throw FileKind.METADATA.damaged(stage.file(), "it is not the JSON Spark writes ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        ModelDescription description = ModelDescription.read(dir, className, classification);
        NetworkRecipe recipe = new NetworkRecipe(description.layers(), description.inputShape(), classification);
        return new Saved(metadata, recipe, description.readWeights(dir));
    }

    /**
     * Sets the saved Params on {@code model}, built from {@code saved}, and checks that its {@code layers}
     * Param describes the saved network.
     *
     * @throws IllegalArgumentException naming the metadata, if a Param cannot be set or disagrees
     */
    public static void setParams(Saved saved, Params model, String path) {
        Path metadataPath = new Path(path, "metadata");
        try {
            saved.metadata().getAndSetParams(model, Option.empty());
        } catch (Exception e) {
            // Spark's Param decoding reports bad values with its own exception types, some of them checked.
            throw FileKind.METADATA.damaged(metadataPath, "a Param cannot be set ("
                    + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
        Param<Object> layers = model.getParam("layers");
        String spec = saved.recipe().spec();
        if (model.isDefined(layers) && !model.getOrDefault(layers).equals(spec)) {
            throw FileKind.METADATA.damaged(metadataPath, "its layers Param is \"" + model.getOrDefault(layers)
                    + "\" but "
                    + new Path(path, ModelDescription.JSON_FILE) + " describes \"" + spec + "\"");
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
