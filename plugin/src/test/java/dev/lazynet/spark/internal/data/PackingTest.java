package dev.lazynet.spark.internal.data;

import dev.lazynet.spark.SparkTestBase;
import dev.lazynet.spark.TestData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.RDDInfo;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackingTest extends SparkTestBase {

    @Test
    void theCachedBlocksCostAtMostATenthMoreThanTheRawFloats() throws Exception {
        int rows = 3000;
        int features = 40;
        Dataset<Row> data = TestData.frame(spark, TestData.blobs(rows, features, 3, 1), 3);
        RowPacker packer = new RowPacker(new FeatureReader("features", true, features, "test"),
                TargetReader.classes("label", 3), null, false, new RowPacker.Validation(null, 0, 0),
                new PackingLimit(2));

        try (PackedData packed = PackedData.pack(data, "features", "label", packer, null, null)) {
            spark.sparkContext().listenerBus().waitUntilEmpty();
            RDDInfo info = null;
            for (RDDInfo candidate : spark.sparkContext().getRDDStorageInfo()) {
                if (candidate.id() == packed.blocks.id()) {
                    info = candidate;
                }
            }
            long raw = (long) rows * (features + 1) * Float.BYTES;
            assertEquals(3, info.numCachedPartitions());
            assertTrue(info.memSize() <= 1.1 * raw, "cached " + info.memSize() + " bytes for " + raw + " raw");
            assertEquals(3000, packed.trainCount);
            assertEquals(0, packed.trainOffsets[0]);
            assertEquals(1000, packed.trainOffsets[1]);
            assertEquals(2000, packed.trainOffsets[2]);
            assertEquals(2.0, packed.maxLabel);
        }
    }
}
