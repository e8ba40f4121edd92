package dev.lazynet.spark.internal.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lazynet.nn.Activation;
import dev.lazynet.nn.ActivationLayer;
import dev.lazynet.nn.AvgPool2d;
import dev.lazynet.nn.BatchNorm;
import dev.lazynet.nn.Conv2d;
import dev.lazynet.nn.Dense;
import dev.lazynet.nn.Dropout;
import dev.lazynet.nn.Embed;
import dev.lazynet.nn.Flatten;
import dev.lazynet.nn.Layer;
import dev.lazynet.nn.MaxPool2d;
import dev.lazynet.nn.Parameter;
import dev.lazynet.nn.Pool2d;
import dev.lazynet.nn.Sequential;
import dev.lazynet.tensor.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;
import scala.Option;

/**
 * A trained network as a standard ONNX model: input {@value #INPUT} (float32, {@code [batch,
 * numFeatures]}, the batch dimension dynamic), reshaped to NCHW when rows are images; one or a few
 * nodes per layer; outputs {@value #RAW_PREDICTION} and {@value #PROBABILITY} (its softmax) for a
 * classifier, {@value #PREDICTION} ({@code [batch, 1]}) for a regressor, all float32.
 *
 * <table>
 *   <caption>Layers and their ONNX form</caption>
 *   <tr><td>dense</td><td>Gemm (weight transposed, as stored), after a Flatten when the input is not
 *       flat, then the activation</td></tr>
 *   <tr><td>conv2d</td><td>Conv with the same kernel, stride and padding, then the activation</td></tr>
 *   <tr><td>maxpool, avgpool</td><td>MaxPool, AveragePool: no padding, output rounded down</td></tr>
 *   <tr><td>flatten</td><td>Flatten at axis 1</td></tr>
 *   <tr><td>dropout</td><td>Identity, as in inference</td></tr>
 *   <tr><td>batchnorm</td><td>BatchNormalization in inference form: the running mean and variance and
 *       {@link BatchNorm#EPSILON}</td></tr>
 *   <tr><td>relu, sigmoid, tanh</td><td>Relu, Sigmoid, Tanh</td></tr>
 *   <tr><td>embed</td><td>per categorical slot, Gather of its column, Cast to int64, Gather of the table's
 *       rows and Flatten; runs of numeric slots by one Gather of their columns; Concat of all in slot
 *       order</td></tr>
 * </table>
 */
public final class OnnxExport {

    /** The ONNX operator set the model imports. */
    public static final int OPSET = 17;
    /** The ONNX file format version of ONNX 1.12, the release that introduced opset 17. */
    public static final long IR_VERSION = 8;
    /** The model's producer name. */
    public static final String PRODUCER = "LazyNet";
    /** The name of the graph's input. */
    public static final String INPUT = "features";
    /** A classifier's logits output. */
    public static final String RAW_PREDICTION = "rawPrediction";
    /** A classifier's class probabilities output. */
    public static final String PROBABILITY = "probability";
    /** A regressor's output. */
    public static final String PREDICTION = "prediction";

    private static final String LAYERS = "dense, conv2d, maxpool, avgpool, flatten, dropout, batchnorm, embed, relu,"
            + " sigmoid, tanh";

    private OnnxExport() {
    }

    /**
     * The ONNX model of {@code network}, whose weights and running statistics it carries.
     *
     * @param network the trained network, every shape known
     * @param sampleShape the shape of one input row, e.g. {@code (784)} or {@code (1, 28, 28)}
     * @param classification whether the outputs are a classifier's or a regressor's
     * @param name the graph's name, the model's uid
     * @param description the model's doc string
     * @throws UnsupportedOperationException naming a layer that has no ONNX form
     */
    public static ModelProto model(Sequential network, Shape sampleShape, boolean classification, String name,
                                   String description) {
        ONNXContext context = new ONNXContext();
        context.setName(name);
        ONNXRef<?> x = context.floatInput(INPUT, sampleShape.size());
        if (sampleShape.rank() > 1) {
            long[] batchShape = new long[sampleShape.rank() + 1];
            batchShape[0] = -1;
            for (int i = 0; i < sampleShape.rank(); i++) {
                batchShape[i + 1] = sampleShape.dim(i);
            }
            x = context.operation(OnnxOperator.RESHAPE, List.of(x, context.array("input_shape", batchShape)),
                    "images");
        }
        Shape shape = sampleShape.prepend(Shape.UNKNOWN);
        for (int i = 0; i < network.size(); i++) {
            Layer layer = network.get(i);
            x = layer(context, layer, i, x, shape);
            shape = layer.inferShape(shape);
        }
        int width = shape.dim(1);
        if (classification) {
            x.assignTo(context.floatOutput(RAW_PREDICTION, width));
            x.apply(ONNXOperators.SOFTMAX, Map.of("axis", -1)).assignTo(context.floatOutput(PROBABILITY, width));
        } else {
            x.assignTo(context.floatOutput(PREDICTION, width));
        }
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName(PRODUCER)
                .setProducerVersion(version())
                .setDocString(description)
                .addMetadataProps(entry("layers", network.spec()))
                .addMetadataProps(entry("inputShape", inputShape(sampleShape)))
                .setGraph(context.buildGraph())
                .build();
    }

    /** The nodes of layer {@code index}, applied to {@code x} of shape {@code input}. */
    private static ONNXRef<?> layer(ONNXContext context, Layer layer, int index, ONNXRef<?> x, Shape input) {
        String name = "layer" + index;
        if (layer instanceof Dense dense) {
            ONNXRef<?> flat = input.rank() > 2 ? x.apply(OnnxOperator.FLATTEN, Map.of("axis", 1)) : x;
            ONNXRef<?> y = context.operation(ONNXOperators.GEMM, List.of(flat, tensor(context, dense.weight()),
                    tensor(context, dense.bias())), name, Map.of("transB", 1));
            return activation(y, dense.activation());
        }
        if (layer instanceof Conv2d conv) {
            int k = conv.kernelSize();
            int s = conv.stride();
            int p = conv.padding();
            ONNXRef<?> y = context.operation(OnnxOperator.CONV, List.of(x, tensor(context, conv.weight()),
                    tensor(context, conv.bias())), name, Map.of("kernel_shape", new int[] {k, k},
                    "strides", new int[] {s, s}, "pads", new int[] {p, p, p, p}));
            return activation(y, conv.activation());
        }
        if (layer instanceof MaxPool2d || layer instanceof AvgPool2d) {
            Pool2d pool = (Pool2d) layer;
            int k = pool.kernelSize();
            int s = pool.stride();
            // Our pooling pads nothing and rounds the output size down: ONNX's defaults, stated here.
            return context.operation(layer instanceof MaxPool2d ? OnnxOperator.MAX_POOL : OnnxOperator.AVERAGE_POOL,
                    List.of(x), name, Map.of("kernel_shape", new int[] {k, k}, "strides", new int[] {s, s},
                    "pads", new int[] {0, 0, 0, 0}, "ceil_mode", 0));
        }
        if (layer instanceof Flatten) {
            return context.operation(OnnxOperator.FLATTEN, List.of(x), name, Map.of("axis", 1));
        }
        if (layer instanceof Dropout) {
            return context.operation(ONNXOperators.IDENTITY, List.of(x), name);
        }
        if (layer instanceof BatchNorm norm) {
            return context.operation(OnnxOperator.BATCH_NORMALIZATION, List.of(x, tensor(context, norm.gamma()),
                    tensor(context, norm.beta()), tensor(context, norm.runningMean()),
                    tensor(context, norm.runningVar())), name, Map.of("epsilon", (float) BatchNorm.EPSILON));
        }
        if (layer instanceof ActivationLayer activation) {
            return activation(x, activation.activation());
        }
        if (layer instanceof Embed embed) {
            return embed(context, embed, name, x);
        }
        throw new UnsupportedOperationException("Layer " + (index + 1) + " of the network, " + layer.describe()
                + ", has no ONNX form; the layers that export are " + LAYERS);
    }

    /** The slots of {@code x} in order: each categorical one looked up in its table, numeric runs as they are. */
    private static ONNXRef<?> embed(ONNXContext context, Embed embed, String name, ONNXRef<?> x) {
        int[] vocabularies = embed.vocabularies();
        List<ONNXRef<?>> parts = new ArrayList<>();
        int s = 0;
        while (s < vocabularies.length) {
            if (vocabularies[s] == 0) {
                int end = s;
                while (end < vocabularies.length && vocabularies[end] == 0) {
                    end++;
                }
                long[] columns = new long[end - s];
                for (int i = 0; i < columns.length; i++) {
                    columns[i] = s + i;
                }
                parts.add(context.operation(ONNXOperators.GATHER, List.of(x,
                        context.array(name + "_numeric" + s, columns)), name + "_numeric" + s, Map.of("axis", 1)));
                s = end;
                continue;
            }
            String slot = name + "_slot" + s;
            ONNXRef<?> column = context.operation(ONNXOperators.GATHER, List.of(x,
                    context.array(slot + "_column", new long[] {s})), slot + "_value", Map.of("axis", 1));
            ONNXRef<?> index = column.apply(ONNXOperators.CAST, Map.of("to", TensorProto.DataType.INT64.getNumber()));
            ONNXRef<?> rows = context.operation(ONNXOperators.GATHER, List.of(tensor(context, embed.table(s)), index),
                    slot + "_rows", Map.of("axis", 0));
            parts.add(rows.apply(OnnxOperator.FLATTEN, Map.of("axis", 1)));
            s++;
        }
        return context.operation(ONNXOperators.CONCAT, parts, name, Map.of("axis", 1));
    }

    private static ONNXRef<?> activation(ONNXRef<?> x, Activation activation) {
        return switch (activation) {
            case NONE -> x;
            case RELU -> x.apply(OnnxOperator.RELU);
            case SIGMOID -> x.apply(ONNXOperators.SIGMOID);
            case TANH -> x.apply(OnnxOperator.TANH);
        };
    }

    private static ONNXRef<?> tensor(ONNXContext context, Parameter parameter) {
        List<Integer> dims = new ArrayList<>();
        for (int d : parameter.shape().dims()) {
            dims.add(d);
        }
        float[] values = parameter.data().data();
        return context.floatTensor(parameter.name(), dims, buffer -> buffer.put(values));
    }

    /** The shape in {@code setInputShape}'s form, e.g. {@code 1,28,28}. */
    private static String inputShape(Shape shape) {
        StringBuilder sb = new StringBuilder();
        for (int d : shape.dims()) {
            sb.append(sb.length() == 0 ? "" : ",").append(d);
        }
        return sb.toString();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /** LazyNet's version, as the build wrote it into {@code lazynet-version.properties}. */
    static String version() {
        try (InputStream in = OnnxExport.class.getResourceAsStream("lazynet-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("lazynet-version.properties is missing from the class path next to "
                        + OnnxExport.class.getName() + "; the plugin jar is incomplete, rebuild it");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read LazyNet's version: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code model} to {@code path} on its Hadoop file system, replacing a file there, with the
     * Hadoop configuration of the active Spark session (a local file system's without one).
     *
     * @throws IOException naming the path, if it is a directory or cannot be written
     */
    public static void write(ModelProto model, String path) throws IOException {
        Path file = new Path(path);
        FileSystem fs = file.getFileSystem(hadoopConfiguration());
        if (fs.exists(file)) {
            FileStatus status = fs.getFileStatus(file);
            if (status.isDirectory()) {
                throw new IOException("Cannot export the ONNX model to " + path + ": it is a directory; give the"
                        + " path of a file, e.g. " + new Path(file, "model.onnx"));
            }
        }
        try (OutputStream out = fs.create(file, true)) {
            model.writeTo(out);
        } catch (IOException e) {
            throw new IOException("Could not write the ONNX model to " + path + ": " + e.getMessage(), e);
        }
    }

    private static Configuration hadoopConfiguration() {
        Option<SparkSession> session = SparkSession.getActiveSession();
        if (session.isEmpty()) {
            session = SparkSession.getDefaultSession();
        }
        return session.isDefined() ? session.get().sparkContext().hadoopConfiguration() : new Configuration();
    }
}
