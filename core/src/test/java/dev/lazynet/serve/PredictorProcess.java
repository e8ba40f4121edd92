package dev.lazynet.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM of its own that serves a saved model, for the Spark plugin's test that proves serving needs no
 * Spark: it is started with only {@code lazynet-core}, its dependencies and this class on the class path.
 *
 * <p>Arguments: the saved model's folder, a file of feature rows (comma-separated floats, one row a
 * line), and the file to write. Each output line is the row's {@code predictRaw} values, then, for a
 * classifier, its {@code predictProbability} values, then its {@code predict} value. It exits with 3 if
 * Spark is on its class path after all.
 */
public final class PredictorProcess {

    private PredictorProcess() {
    }

    /** Serves the rows; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        try {
            Class.forName("org.apache.spark.SparkContext");
            System.err.println("Spark is on the class path: " + System.getProperty("java.class.path"));
            System.exit(3);
        } catch (ClassNotFoundException expected) {
            // The point of this process: a Predictor with no Spark to fall back on.
        }
        Predictor predictor = Predictor.load(Path.of(args[0]));
        List<String> lines = Files.readAllLines(Path.of(args[1]));
        float[][] rows = new float[lines.size()][];
        for (int r = 0; r < rows.length; r++) {
            String[] values = lines.get(r).split(",");
            rows[r] = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                rows[r][i] = Float.parseFloat(values[i]);
            }
        }
        List<String> out = new ArrayList<>();
        for (float[] row : rows) {
            StringBuilder line = new StringBuilder();
            append(line, predictor.predictRaw(row));
            if (predictor.isClassifier()) {
                append(line, predictor.predictProbability(row));
            }
            out.add(line.append(predictor.predict(row)).toString());
        }
        Files.write(Path.of(args[2]), out);
    }

    private static void append(StringBuilder line, float[] values) {
        for (float v : values) {
            line.append(v).append(',');
        }
    }
}
