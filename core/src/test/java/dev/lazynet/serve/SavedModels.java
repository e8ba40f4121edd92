package dev.lazynet.serve;

import dev.lazynet.io.ModelDescription;
import dev.lazynet.io.WeightsFile;
import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Parameter;
import dev.lazynet.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Model folders as the Spark plugin saves them, written without Spark: the metadata line Spark's
 * {@code DefaultParamsWriter} writes, and the {@code data/} files through the same core writers the
 * plugin uses.
 */
final class SavedModels {

    private SavedModels() {
    }

    /** Saves a one-layer {@code dense(outputs)} network whose weight is {@code w} and bias {@code b}. */
    static Path dense(Path dir, String className, int inputs, float[] w, float[] b) throws IOException {
        int outputs = b.length;
        ModelDescription description = new ModelDescription(className, className.equals(Predictor.CLASSIFIER),
                "dense(" + outputs + ")", Shape.of(inputs));
        FlatParameters layout = FlatParameters.of(description.network());
        float[] flat = new float[layout.size()];
        for (int i = 0; i < layout.parameters().size(); i++) {
            Parameter p = layout.parameters().get(i);
            float[] values = p.role() == Parameter.Role.WEIGHT ? w : b;
            System.arraycopy(values, 0, flat, layout.offset(i), values.length);
        }
        return save(dir, description, flat);
    }

    /** Saves {@code description} with {@code weights}. */
    static Path save(Path dir, ModelDescription description, float[] weights) throws IOException {
        Files.createDirectories(dir.resolve("metadata"));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("metadata/part-00000"), "{\"class\":\"" + description.className() + "\","
                + "\"timestamp\":1764892800000,\"sparkVersion\":\"4.1.0\",\"uid\":\"model_1\","
                + "\"paramMap\":{\"layers\":\"" + description.layers() + "\"},\"defaultParamMap\":{}}\n");
        description.write(Files.newOutputStream(dir.resolve(ModelDescription.JSON_FILE)));
        WeightsFile.write(Files.newOutputStream(dir.resolve(ModelDescription.WEIGHTS_FILE)), weights);
        return dir;
    }
}
