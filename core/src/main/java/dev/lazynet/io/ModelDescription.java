package dev.lazynet.io;

import static dev.lazynet.io.FileKind.MODEL_FILE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.NetworkSpec;
import dev.lazynet.nn.Parameter;
import dev.lazynet.nn.Sequential;
import dev.lazynet.tensor.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The {@code data/} folder of a saved model next to Spark's {@code metadata/}: {@code data/model.json}
 * (format version, class, network spec, input shape, output width, and every parameter's name and
 * shape) and {@code data/weights.bin} (the flat weights, see {@link WeightsFile}).
 *
 * <p>Reading checks the class, the format version, and that the network the spec and input shape
 * describe has exactly the saved parameter names, shapes and count, all before the weights are
 * allocated. Every file is read with a size limit, and any damage ends in an
 * {@link IllegalArgumentException} naming the file; nothing is Java-serialized.
 */
public final class ModelDescription {

    /** The version of the {@code data/} layout; the reader refuses others. */
    public static final int FORMAT_VERSION = 1;

    /** Where the description is, relative to the saved model's folder. */
    public static final String JSON_FILE = "data/model.json";

    /** Where the weights are, relative to the saved model's folder. */
    public static final String WEIGHTS_FILE = "data/weights.bin";

    /** A model description is a few kilobytes; anything far larger is not one. */
    private static final long MAX_JSON_BYTES = 1 << 20;

    private final String className;
    private final boolean classification;
    private final String layers;
    private final Shape inputShape;

    /**
     * @param className the class of the saved model
     * @param classification whether the network's outputs are class scores (else one regression value)
     * @param layers the network spec, as {@link NetworkSpec#parse} reads it
     * @param inputShape the shape of one row, without the batch dimension
     */
    public ModelDescription(String className, boolean classification, String layers, Shape inputShape) {
        this.className = className;
        this.classification = classification;
        this.layers = layers;
        this.inputShape = inputShape;
    }

    /** The class of the saved model. */
    public String className() {
        return className;
    }

    /** Whether the network's outputs are class scores (else one regression value). */
    public boolean classification() {
        return classification;
    }

    /** The network spec. */
    public String layers() {
        return layers;
    }

    /** The shape of one row, without the batch dimension. */
    public Shape inputShape() {
        return inputShape;
    }

    /** The network with every parameter shape fixed, not initialized. */
    public Sequential network() {
        Sequential network = NetworkSpec.parse(layers);
        network.inferShape(inputShape.prepend(Shape.UNKNOWN));
        return network;
    }

    /** Writes {@code data/model.json} to {@code out}, and closes it. */
    public void write(OutputStream out) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = mapper.createObjectNode();
        json.put("formatVersion", FORMAT_VERSION);
        json.put("class", className);
        json.put("classification", classification);
        json.put("layers", layers);
        ArrayNode shape = json.putArray("inputShape");
        for (int d : inputShape.dims()) {
            shape.add(d);
        }
        Sequential network = network();
        FlatParameters layout = FlatParameters.of(network);
        json.put("outputWidth", network.outputShape().dim(1));
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
        try (out) {
            mapper.writerWithDefaultPrettyPrinter().writeValue(out, json);
        }
    }

    /**
     * Reads and checks the description of the model saved in {@code dir}, which its metadata says is of
     * class {@code className}.
     *
     * @param classification whether that class is a classifier
     * @throws IllegalArgumentException naming the file and what is wrong, if the model is of another
     *     format version, disagrees with its metadata or with the network it describes, or is damaged
     */
    public static ModelDescription read(ModelDirectory dir, String className, boolean classification) {
        String file = dir.location(JSON_FILE);
        JsonNode json = MODEL_FILE.parseObject(file,
                dir.readBounded(MODEL_FILE, JSON_FILE, MAX_JSON_BYTES, "a model description"), "it");
        int version = intField(json, "formatVersion", file);
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("The model at " + dir.location("") + " has format version " + version
                    + ", but this LazyNet reads version " + FORMAT_VERSION + "; load it with the LazyNet version"
                    + " that saved it");
        }
        String described = field(json, "class", file).asText();
        if (!described.equals(className) || field(json, "classification", file).asBoolean() != classification) {
            throw MODEL_FILE.damaged(file, "it describes a " + described + " while the metadata says " + className);
        }
        ModelDescription description = new ModelDescription(className, classification,
                field(json, "layers", file).asText(), Shape.of(dims(field(json, "inputShape", file), file)));
        Sequential network;
        try {
            network = description.network();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("The model at " + dir.location("") + " has a network this LazyNet"
                    + " cannot build: " + e.getMessage(), e);
        }
        checkParameters(json, FlatParameters.of(network), file);
        Shape output = network.outputShape();
        if (output.rank() != 2) {
            throw MODEL_FILE.damaged(file, "its network's output has shape " + output + ", not one vector per row");
        }
        if (intField(json, "outputWidth", file) != output.dim(1)) {
            throw MODEL_FILE.damaged(file, "its outputWidth is " + json.get("outputWidth") + ", but its network has "
                    + output.dim(1) + " outputs");
        }
        return description;
    }

    /**
     * Reads the weights saved in {@code dir} for this network.
     *
     * @throws IllegalArgumentException naming the file, if it is damaged or holds another number of weights
     */
    public float[] readWeights(ModelDirectory dir) {
        int count = FlatParameters.of(network()).size();
        return dir.read(FileKind.WEIGHTS, WEIGHTS_FILE, () -> {
            long length = dir.length(WEIGHTS_FILE);
            return WeightsFile.read(dir.open(WEIGHTS_FILE), length, count, dir.location(WEIGHTS_FILE));
        });
    }

    private static void checkParameters(JsonNode json, FlatParameters layout, String file) {
        int count = intField(json, "parameterCount", file);
        JsonNode saved = field(json, "parameters", file);
        List<Parameter> params = layout.parameters();
        if (count != layout.size() || !saved.isArray() || saved.size() != params.size()) {
            throw MODEL_FILE.damaged(file, "it lists " + saved.size() + " parameters with " + count + " weights, but"
                    + " its network has " + params.size() + " parameters with " + layout.size());
        }
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            JsonNode entry = saved.get(i);
            String name = field(entry, "name", file).asText();
            Shape shape = Shape.of(dims(field(entry, "shape", file), file));
            if (!name.equals(p.name()) || !shape.equals(p.shape())) {
                throw MODEL_FILE.damaged(file, "parameter " + i + " is saved as " + name + " " + shape + ", but the"
                        + " network has " + p.name() + " " + p.shape());
            }
        }
    }

    private static JsonNode field(JsonNode json, String name, String file) {
        JsonNode value = json == null ? null : json.get(name);
        if (value == null || value.isNull()) {
            throw MODEL_FILE.damaged(file, "it has no field \"" + name + "\"");
        }
        return value;
    }

    private static int intField(JsonNode json, String name, String file) {
        JsonNode value = field(json, name, file);
        if (!value.canConvertToInt()) {
            throw MODEL_FILE.damaged(file, "field \"" + name + "\" is " + value + ", not a whole number");
        }
        return value.intValue();
    }

    private static int[] dims(JsonNode array, String file) {
        if (!array.isArray() || array.size() > 8) {
            throw MODEL_FILE.damaged(file, "a shape is " + array + ", not a list of at most 8 sizes");
        }
        int[] dims = new int[array.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!array.get(i).canConvertToInt() || array.get(i).intValue() <= 0) {
                throw MODEL_FILE.damaged(file, "a shape is " + array + ", but sizes must be positive whole numbers");
            }
            dims[i] = array.get(i).intValue();
        }
        return dims;
    }
}
