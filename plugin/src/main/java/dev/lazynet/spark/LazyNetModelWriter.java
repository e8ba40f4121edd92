package dev.lazynet.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Parameter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * Saves a LazyNet model in Spark's ML layout: {@code metadata/} (class, uid, Spark version and every
 * Param, written by Spark's own {@code DefaultParamsWriter}), {@code data/model.json} (format version,
 * network spec, input shape, and every parameter's name and shape) and {@code data/weights.bin} (the
 * flat weights, see {@link WeightsFile}). Nothing is Java-serialized.
 */
final class LazyNetModelWriter extends MLWriter {

    /** The version of the {@code data/} layout; the reader refuses others. */
    static final int FORMAT_VERSION = 1;

    private final LazyNetModel<?> model;

    LazyNetModelWriter(LazyNetModel<?> model) {
        this.model = model;
    }

    /** Writes the model's files under {@code path}. */
    @Override
    // The SparkContext form of saveMetadata is the one Spark 3.5 and 4.x share.
    @SuppressWarnings("deprecation")
    public void saveImpl(String path) {
        DefaultParamsWriter.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
        Configuration conf = sc().hadoopConfiguration();
        writeJson(conf, new Path(path, "data/model.json"), describe(model));
        WeightsFile.write(conf, new Path(path, "data/weights.bin"), model.weights);
    }

    private static ObjectNode describe(LazyNetModel<?> model) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = mapper.createObjectNode();
        json.put("formatVersion", FORMAT_VERSION);
        json.put("class", model.getClass().getName());
        json.put("classification", model.recipe.classification());
        json.put("layers", model.recipe.spec());
        ArrayNode shape = json.putArray("inputShape");
        for (int d : model.featureShape().dims()) {
            shape.add(d);
        }
        json.put("outputWidth", model.outputWidth());
        FlatParameters layout = FlatParameters.of(model.recipe.shaped());
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

    private static void writeJson(Configuration conf, Path path, ObjectNode json) {
        try {
            FileSystem fs = path.getFileSystem(conf);
            try (OutputStream out = fs.create(path, true)) {
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out, json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + path + ": " + e.getMessage(), e);
        }
    }
}
