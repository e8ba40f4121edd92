package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin jar as packaged, its ONNX libraries relocated inside it, exports in a {@code local[2]}
 * session next to Spark's own protobuf: the build leaves Tribuo's unrelocated classes off this class path.
 */
class PackagedJarOnnxExportIT extends SparkTestBase {

    @TempDir
    Path dir;

    @Test
    void thePackagedJarExportsWithOnlyItsRelocatedOnnxClasses() throws Exception {
        URL plugin = LazyNetModel.class.getProtectionDomain().getCodeSource().getLocation();
        assertTrue(plugin.getPath().endsWith(".jar"), "the plugin's classes come from " + plugin
                + ", not from the packaged jar");
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.tribuo.util.onnx.ONNXContext"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("ai.onnx.proto.OnnxMl"));

        Dataset<Row> data = TestData.images(spark, 60, 12, 3, 22);
        LazyNetClassificationModel model = new LazyNetClassifier().setLayers("conv2d(3,3,relu) maxpool(2) flatten"
                + " dense(3)").setInputShape("1,12,12").setMaxIter(1).setSeed(5).fit(data);
        double max = OnnxRuntimeRuns.classifierDifference(model, data, dir.resolve("model.onnx"));

        assertTrue(max <= 1e-5, "ONNX Runtime's outputs differ from transform's by up to " + max);
    }
}
