package dev.lazynet.spark.internal.io;

import static dev.lazynet.spark.internal.io.FileKind.MODEL_FILE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Parameter;
import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.tensor.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.annotation.Private;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import scala.Option;

/**
 * The {@code data/} folder of a saved model next to Spark's {@code metadata/}: {@code data/model.json}
 * (format version, network spec, input shape, and every parameter's name and shape) and
 * {@code data/weights.bin} (the flat weights, see {@link WeightsFile}).
 *
 * <p>Loading checks the class, the format version, and that the network the spec and input shape
 * describe has exactly the saved parameter names, shapes and count, all before it allocates the
 * weights. Every file is read with a size limit, and any damage ends in an
 * {@link IllegalArgumentException} naming the file; nothing is Java-serialized.
 */
@Private
public final class ModelFiles {

    /** The version of the {@code data/} layout; the reader refuses others. */
    public static final int FORMAT_VERSION = 1;

    /** A model description is a few kilobytes; anything far larger is not one. */
    private static final long MAX_JSON_BYTES = 1 << 20;

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
        Path jsonPath = new Path(path, "data/model.json");
        try {
            FileSystem fs = jsonPath.getFileSystem(conf);
            try (OutputStream out = fs.create(jsonPath, true)) {
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out, describe(className, recipe));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + jsonPath + ": " + e.getMessage(), e);
        }
        WeightsFile.write(conf, new Path(path, "data/weights.bin"), weights);
    }

    private static ObjectNode describe(String className, NetworkRecipe recipe) {
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("formatVersion", FORMAT_VERSION);
        json.put("class", className);
        json.put("classification", recipe.classification());
        json.put("layers", recipe.spec());
        ArrayNode shape = json.putArray("inputShape");
        for (int d : recipe.sampleShape().dims()) {
            shape.add(d);
        }
        FlatParameters layout = FlatParameters.of(recipe.shaped());
        json.put("outputWidth", recipe.shaped().outputShape().dim(1));
        json.put("parameterCount", layout.size());
        ArrayNode params = json.putArray("parameters");
        for (Parameter p : layout.parameters()) {
            ObjectNode entry = params.addObject();
            entry.put("name", p.name());
            ArrayNode dims = entry.putArray("shape");
            for (int d : p.shape().dims()) {
                dims.add(d);
            }
        }
        return json;
    }

    /**
     * Reads the model saved at {@code path}, which must be of class {@code className}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong, if the model is of another
     *     class or format version, or any of its files is damaged
     */
    public static Saved read(Configuration conf, String path, String className, boolean classification) {
        DefaultParamsReader.Metadata metadata = MetadataFile.read(conf, path);
        if (!metadata.className().equals(className)) {
            throw new IllegalArgumentException("The model at " + path + " is a " + metadata.className() + ", not a "
                    + className + "; load it with " + simpleName(metadata.className()) + ".load(path)");
        }
        Path jsonPath = new Path(path, "data/model.json");
        JsonNode json = readJson(conf, jsonPath);
        int version = intField(json, "formatVersion", jsonPath);
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("The model at " + path + " has format version " + version + ", but this"
                    + " LazyNet reads version " + FORMAT_VERSION + "; load it with the LazyNet"
                    + " version that saved it");
        }
        if (!field(json, "class", jsonPath).asText().equals(className)
                || field(json, "classification", jsonPath).asBoolean() != classification) {
            throw MODEL_FILE.damaged(jsonPath, "it describes a " + field(json, "class", jsonPath).asText()
                    + " while the"
                    + " metadata says " + className);
        }
        NetworkRecipe recipe = new NetworkRecipe(field(json, "layers", jsonPath).asText(),
                Shape.of(dims(field(json, "inputShape", jsonPath), jsonPath)), classification);
        FlatParameters layout;
        try {
            layout = FlatParameters.of(recipe.shaped());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("The model at " + path + " has a network this LazyNet cannot build: "
                    + e.getMessage(), e);
        }
        checkParameters(json, layout, jsonPath);
        Shape output = recipe.shaped().outputShape();
        if (output.rank() != 2) {
            throw MODEL_FILE.damaged(jsonPath, "its network's output has shape " + output + ", not one vector per row");
        }
        int outputs = output.dim(1);
        if (intField(json, "outputWidth", jsonPath) != outputs) {
            throw MODEL_FILE.damaged(jsonPath, "its outputWidth is " + json.get("outputWidth")
                    + ", but its network has " + outputs
                    + " outputs");
        }
        float[] weights = WeightsFile.read(conf, new Path(path, "data/weights.bin"), layout.size());
        return new Saved(metadata, recipe, weights);
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
                    + new Path(path, "data/model.json") + " describes \"" + spec + "\"");
        }
    }

    private static void checkParameters(JsonNode json, FlatParameters layout, Path jsonPath) {
        int count = intField(json, "parameterCount", jsonPath);
        JsonNode saved = field(json, "parameters", jsonPath);
        List<Parameter> params = layout.parameters();
        if (count != layout.size() || !saved.isArray() || saved.size() != params.size()) {
            throw MODEL_FILE.damaged(jsonPath, "it lists " + saved.size() + " parameters with " + count
                    + " weights, but its"
                    + " network has " + params.size() + " parameters with " + layout.size());
        }
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            JsonNode entry = saved.get(i);
            String name = field(entry, "name", jsonPath).asText();
            Shape shape = Shape.of(dims(field(entry, "shape", jsonPath), jsonPath));
            if (!name.equals(p.name()) || !shape.equals(p.shape())) {
                throw MODEL_FILE.damaged(jsonPath, "parameter " + i + " is saved as " + name + " " + shape
                        + ", but the network"
                        + " has " + p.name() + " " + p.shape());
            }
        }
    }

    private static JsonNode readJson(Configuration conf, Path path) {
        return MODEL_FILE.read(conf, path, fs -> MODEL_FILE.parseObject(path,
                MODEL_FILE.readBounded(fs, path, MAX_JSON_BYTES, "a model description"), "it"));
    }

    private static JsonNode field(JsonNode json, String name, Path path) {
        JsonNode value = json == null ? null : json.get(name);
        if (value == null || value.isNull()) {
            throw MODEL_FILE.damaged(path, "it has no field \"" + name + "\"");
        }
        return value;
    }

    private static int intField(JsonNode json, String name, Path path) {
        JsonNode value = field(json, name, path);
        if (!value.canConvertToInt()) {
            throw MODEL_FILE.damaged(path, "field \"" + name + "\" is " + value + ", not a whole number");
        }
        return value.intValue();
    }

    private static int[] dims(JsonNode array, Path path) {
        if (!array.isArray() || array.size() > 8) {
            throw MODEL_FILE.damaged(path, "a shape is " + array + ", not a list of at most 8 sizes");
        }
        int[] dims = new int[array.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!array.get(i).canConvertToInt() || array.get(i).intValue() <= 0) {
                throw MODEL_FILE.damaged(path, "a shape is " + array + ", but sizes must be positive whole numbers");
            }
            dims[i] = array.get(i).intValue();
        }
        return dims;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
