package dev.lazynet.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;

/** The end-to-end scenarios on the embedded {@code local[2]} master. */
@Tag("spark")
class LocalModeEndToEndTest extends EndToEndScenarios {

    @Override
    SparkSession session() {
        return SparkTestBase.localSession();
    }
}
