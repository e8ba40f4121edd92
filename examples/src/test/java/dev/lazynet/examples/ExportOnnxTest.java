package dev.lazynet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
class ExportOnnxTest {

    @TempDir
    static Path dir;

    private static Path data;
    private static JobRun trained;

    /** One epoch on the first 500 training and test images of the bundled subset, on two local cores. */
    @BeforeAll
    static void trainAndExport() throws IOException {
        data = JobRun.bundledFashionMnist(dir.resolve("data"));
        trained = JobRun.of(ExportOnnx::new, "--master", "local[2]", "--epochs", "1", "--limit", "500",
                "--data", data.toString(), "--out", dir.resolve("out").toString());
    }

    @Test
    void onnxRuntimeOnTheExportHasTransformsAccuracy() {
        assertEquals(0, trained.exit(), trained.err());
        Map<String, String> results = trained.results();
        assertEquals(results.get("transform_accuracy"), results.get("onnx_accuracy"));
        assertEquals("1.0000", results.get("agreement"));
        assertTrue(Double.parseDouble(results.get("max_abs_difference")) <= 1e-5, results.toString());
        assertEquals("500", results.get("test_rows"));
        assertTrue(Files.isRegularFile(dir.resolve("out/model.onnx")));
    }

    @Test
    void aSavedModelIsExportedAgainWithTheSameAccuracy() {
        JobRun loaded = JobRun.of(ExportOnnx::new, "--master", "local[2]", "--limit", "500", "--data",
                data.toString(), "--model", dir.resolve("out/model").toString(), "--out",
                dir.resolve("again").toString());

        assertEquals(0, loaded.exit(), loaded.err());
        assertEquals(trained.results().get("transform_accuracy"), loaded.results().get("onnx_accuracy"));
    }
}
