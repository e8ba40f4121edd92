/**
 * Not API: the export of a trained network to ONNX behind
 * {@link dev.lazynet.spark.LazyNetModel#exportOnnx(String)}. The ONNX messages and the graph builder are
 * Tribuo's ({@code org.tribuo:tribuo-util-onnx}); the plugin jar carries them and their protobuf
 * runtime relocated, so they never meet the protobuf of the Spark they run in. Depends on
 * {@code dev.lazynet.nn} and {@code dev.lazynet.tensor}.
 */
package dev.lazynet.spark.internal.onnx;
