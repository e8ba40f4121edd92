package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazynet.nn.Conv2d;
import dev.lazynet.nn.Dense;
import dev.lazynet.nn.Sequential;
import dev.lazynet.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class SparkCnnShapeTest extends SparkTestBase {

    /** Flat 784-value rows, as Fashion-MNIST arrives in a DataFrame. */
    private static Dataset<Row> flatImages(int rows) {
        Random rng = new Random(1);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double[] pixels = new double[784];
            for (int j = 0; j < pixels.length; j++) {
                pixels[j] = rng.nextDouble();
            }
            out.add(RowFactory.create(Vectors.dense(pixels), (double) (i % 10)));
        }
        return TestData.frame(spark, out, 2);
    }

    @Test
    void anInputShapeTurnsFlatVectorsIntoImagesForAConvolutionalNetwork() {
        Dataset<Row> data = flatImages(40);
        LazyNetClassificationModel model = new LazyNetClassifier()
                .setLayers("conv2d(4,5,relu) maxpool(2) flatten dense(10)").setInputShape("1,28,28")
                .setMaxIter(1).setBatchSize(20).fit(data);

        assertEquals(InputShapeSource.PARAMETER, model.summary().inputShapeSource());
        assertEquals(Shape.of(1, 28, 28), model.featureShape());
        assertEquals(784, model.numFeatures());
        Sequential network = model.network();
        assertEquals(Shape.of(4, 1, 5, 5), ((Conv2d) network.get(0)).weight().shape());
        assertEquals(Shape.of(10, 4 * 12 * 12), ((Dense) network.get(3)).weight().shape());
        assertEquals(40, model.transform(data).count());
    }
}
