package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Exported models run under ONNX Runtime, next to what {@code transform} gives for the same rows. */
final class OnnxRuntimeRuns {

    private OnnxRuntimeRuns() {
    }

    /**
     * Exports {@code model} to {@code file}, runs the export under ONNX Runtime on the rows of {@code data},
     * and returns the largest absolute difference between its {@code rawPrediction} and {@code
     * probability} outputs and {@code transform}'s columns.
     */
    static double classifierDifference(LazyNetClassificationModel model, Dataset<Row> data, Path file)
            throws IOException, OrtException {
        model.exportOnnx(file.toString());
        List<Row> rows = model.transform(data).collectAsList();
        Map<String, float[][]> outputs = run(file, features(rows));
        return Math.max(difference(outputs.get("rawPrediction"), rows, "rawPrediction"),
                difference(outputs.get("probability"), rows, "probability"));
    }

    /**
     * Exports {@code model} to {@code file}, runs the export under ONNX Runtime on the rows of {@code data},
     * and returns the largest absolute difference between its {@code prediction} output, one value per
     * row, and {@code transform}'s column.
     */
    static double regressorDifference(LazyNetRegressionModel model, Dataset<Row> data, Path file)
            throws IOException, OrtException {
        model.exportOnnx(file.toString());
        List<Row> rows = model.transform(data).collectAsList();
        float[][] prediction = run(file, features(rows)).get("prediction");
        assertEquals(rows.size(), prediction.length);
        double max = 0;
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(1, prediction[i].length, "prediction width");
            max = Math.max(max, Math.abs(prediction[i][0] - rows.get(i).<Double>getAs("prediction")));
        }
        return max;
    }

    private static double difference(float[][] onnx, List<Row> rows, String column) {
        assertEquals(rows.size(), onnx.length);
        double max = 0;
        for (int i = 0; i < onnx.length; i++) {
            double[] expected = rows.get(i).<Vector>getAs(column).toArray();
            assertEquals(expected.length, onnx[i].length, column + " width");
            for (int j = 0; j < expected.length; j++) {
                max = Math.max(max, Math.abs(onnx[i][j] - expected[j]));
            }
        }
        return max;
    }

    private static float[][] features(List<Row> rows) {
        float[][] x = new float[rows.size()][];
        for (int i = 0; i < x.length; i++) {
            double[] values = rows.get(i).<Vector>getAs("features").toArray();
            x[i] = new float[values.length];
            for (int j = 0; j < values.length; j++) {
                x[i][j] = (float) values[j];
            }
        }
        return x;
    }

    /** Every output of the ONNX model in {@code file} for the batch {@code x}, by name. */
    private static Map<String, float[][]> run(Path file, float[][] x) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, x);
             OrtSession.Result result = session.run(Map.of("features", input))) {
            Map<String, float[][]> outputs = new HashMap<>();
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> output : result) {
                outputs.put(output.getKey(), (float[][]) output.getValue().getValue());
            }
            return outputs;
        }
    }
}
