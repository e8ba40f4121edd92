package dev.lazynet.spark.internal.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * The standard ONNX operators LazyNet's layers need beyond those Tribuo's {@code ONNXOperators} defines
 * (Gemm, Sigmoid, Softmax, Identity), each with the inputs and attributes it has in opset
 * {@value OnnxExport#OPSET}. Tribuo's graph builder checks every node against these declarations.
 */
enum OnnxOperator implements ONNXOperator {
    /** {@code max(0, x)}. */
    RELU("Relu", 1, 0),
    /** The hyperbolic tangent. */
    TANH("Tanh", 1, 0),
    /** Reshapes to {@code (d0·…·d(axis-1), d(axis)·…)}. */
    FLATTEN("Flatten", 1, 0, "axis"),
    /** Reshapes its input to the shape given as its second input. */
    RESHAPE("Reshape", 2, 0),
    /** A 2-d convolution of the input by the weight, plus the optional bias. */
    CONV("Conv", 2, 1, "kernel_shape", "strides", "pads"),
    /** Max pooling. */
    MAX_POOL("MaxPool", 1, 0, "kernel_shape", "strides", "pads", "ceil_mode"),
    /** Average pooling. */
    AVERAGE_POOL("AveragePool", 1, 0, "kernel_shape", "strides", "pads", "ceil_mode"),
    /** Batch normalization; inputs X, scale, bias, mean, variance; inference form by default. */
    BATCH_NORMALIZATION("BatchNormalization", 5, 0, "epsilon");

    private final String opName;
    private final int numInputs;
    private final int numOptionalInputs;
    private final Map<String, ONNXAttribute> attributes;

    OnnxOperator(String opName, int numInputs, int numOptionalInputs, String... attributeNames) {
        this.opName = opName;
        this.numInputs = numInputs;
        this.numOptionalInputs = numOptionalInputs;
        Map<String, ONNXAttribute> declared = new LinkedHashMap<>();
        for (String name : attributeNames) {
            declared.put(name, new ONNXAttribute(name, type(name), false));
        }
        this.attributes = Collections.unmodifiableMap(declared);
    }

    private static AttributeType type(String attribute) {
        return switch (attribute) {
            case "axis", "ceil_mode" -> AttributeType.INT;
            case "kernel_shape", "strides", "pads" -> AttributeType.INTS;
            case "epsilon" -> AttributeType.FLOAT;
            default -> throw new IllegalArgumentException("No type declared for ONNX attribute " + attribute);
        };
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return numInputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return numOptionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return Set.of();
    }

    @Override
    public int getOpVersion() {
        return OnnxExport.OPSET;
    }

    /** The default ONNX domain, {@code ai.onnx}, which the empty string names. */
    @Override
    public String getOpDomain() {
        return "";
    }
}
