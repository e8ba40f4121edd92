package dev.lazynet.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Parameter;
import dev.lazynet.tensor.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import scala.Option;

/**
 * Loads what {@link LazyNetModelWriter} saved. It checks the class, the format version, and that the
 * network the spec and input shape describe has exactly the saved parameter names, shapes and count,
 * all before it allocates the weights. Every file is read with a size limit, and any damage ends in an
 * {@link IllegalArgumentException} naming the file; nothing is Java-deserialized.
 */
final class LazyNetModelReader<M extends LazyNetModel<M>> extends MLReader<M> {

    /** Builds a model from its uid, recipe and weights. */
    @FunctionalInterface
    interface Factory<M> {
        M create(String uid, NetworkRecipe recipe, float[] weights);
    }

    /** A model description is a few kilobytes; anything far larger is not one. */
    private static final long MAX_JSON_BYTES = 1 << 20;

    private final Class<M> type;
    private final boolean classification;
    private final Factory<M> factory;

    LazyNetModelReader(Class<M> type, boolean classification, Factory<M> factory) {
        this.type = type;
        this.classification = classification;
        this.factory = factory;
    }

    /** Loads the model at {@code path}. */
    @Override
    public M load(String path) {
        Configuration conf = sc().hadoopConfiguration();
        DefaultParamsReader.Metadata metadata = MetadataFile.read(conf, path);
        if (!metadata.className().equals(type.getName())) {
            throw new IllegalArgumentException("The model at " + path + " is a " + metadata.className() + ", not a "
                    + type.getName() + "; load it with " + simpleName(metadata.className()) + ".load(path)");
        }
        Path jsonPath = new Path(path, "data/model.json");
        JsonNode json = readJson(conf, jsonPath);
        int version = intField(json, "formatVersion", jsonPath);
        if (version != LazyNetModelWriter.FORMAT_VERSION) {
            throw new IllegalArgumentException("The model at " + path + " has format version " + version + ", but this"
                    + " LazyNet reads version " + LazyNetModelWriter.FORMAT_VERSION + "; load it with the LazyNet"
                    + " version that saved it");
        }
        if (!field(json, "class", jsonPath).asText().equals(type.getName())
                || field(json, "classification", jsonPath).asBoolean() != classification) {
            throw damaged(jsonPath, "it describes a " + field(json, "class", jsonPath).asText() + " while the"
                    + " metadata says " + type.getName());
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
            throw damaged(jsonPath, "its network's output has shape " + output + ", not one vector per row");
        }
        int outputs = output.dim(1);
        if (intField(json, "outputWidth", jsonPath) != outputs) {
            throw damaged(jsonPath, "its outputWidth is " + json.get("outputWidth") + ", but its network has " + outputs
                    + " outputs");
        }
        float[] weights = WeightsFile.read(conf, new Path(path, "data/weights.bin"), layout.size());
        M model = factory.create(metadata.uid(), recipe, weights);
        Path metadataPath = new Path(path, "metadata");
        try {
            metadata.getAndSetParams(model, Option.empty());
        } catch (Exception e) {
            // Spark's Param decoding reports bad values with its own exception types, some of them checked.
            throw MetadataFile.damaged(metadataPath, "a Param cannot be set (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
        if (model.isDefined(model.layers()) && !model.getLayers().equals(recipe.spec())) {
            throw MetadataFile.damaged(metadataPath, "its layers Param is \"" + model.getLayers() + "\" but "
                    + jsonPath + " describes \"" + recipe.spec() + "\"");
        }
        return model;
    }

    private static void checkParameters(JsonNode json, FlatParameters layout, Path jsonPath) {
        int count = intField(json, "parameterCount", jsonPath);
        JsonNode saved = field(json, "parameters", jsonPath);
        List<Parameter> params = layout.parameters();
        if (count != layout.size() || !saved.isArray() || saved.size() != params.size()) {
            throw damaged(jsonPath, "it lists " + saved.size() + " parameters with " + count + " weights, but its"
                    + " network has " + params.size() + " parameters with " + layout.size());
        }
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            JsonNode entry = saved.get(i);
            String name = field(entry, "name", jsonPath).asText();
            Shape shape = Shape.of(dims(field(entry, "shape", jsonPath), jsonPath));
            if (!name.equals(p.name()) || !shape.equals(p.shape())) {
                throw damaged(jsonPath, "parameter " + i + " is saved as " + name + " " + shape + ", but the network"
                        + " has " + p.name() + " " + p.shape());
            }
        }
    }

    private static JsonNode readJson(Configuration conf, Path path) {
        try {
            FileSystem fs = path.getFileSystem(conf);
            long length = fs.getFileStatus(path).getLen();
            if (length > MAX_JSON_BYTES) {
                throw damaged(path, "it has " + length + " bytes, more than a model description's "
                        + MAX_JSON_BYTES);
            }
            try (InputStream in = fs.open(path)) {
                // Strict: text after the JSON value means the file was changed, not that it can be ignored.
                JsonNode json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(in);
                if (json == null || !json.isObject()) {
                    throw damaged(path, "it is " + (json == null ? "empty" : "not a JSON object"));
                }
                return json;
            }
        } catch (JsonProcessingException e) {
            throw damaged(path, "it is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (ChecksumException e) {
            throw damaged(path, "the file system's own checksum does not match (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode field(JsonNode json, String name, Path path) {
        JsonNode value = json == null ? null : json.get(name);
        if (value == null || value.isNull()) {
            throw damaged(path, "it has no field \"" + name + "\"");
        }
        return value;
    }

    private static int intField(JsonNode json, String name, Path path) {
        JsonNode value = field(json, name, path);
        if (!value.canConvertToInt()) {
            throw damaged(path, "field \"" + name + "\" is " + value + ", not a whole number");
        }
        return value.intValue();
    }

    private static int[] dims(JsonNode array, Path path) {
        if (!array.isArray() || array.size() > 8) {
            throw damaged(path, "a shape is " + array + ", not a list of at most 8 sizes");
        }
        int[] dims = new int[array.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!array.get(i).canConvertToInt() || array.get(i).intValue() <= 0) {
                throw damaged(path, "a shape is " + array + ", but sizes must be positive whole numbers");
            }
            dims[i] = array.get(i).intValue();
        }
        return dims;
    }

    private static IllegalArgumentException damaged(Path path, String why) {
        return new IllegalArgumentException("Model file " + path + " is damaged or was not written by LazyNet: "
                + why + "; save the model again");
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
