package dev.lazynet.spark;

import org.apache.spark.sql.SparkSession;

/** The end-to-end scenarios on the embedded {@code local[2]} master. */
class LocalModeEndToEndTest extends EndToEndScenarios {

    @Override
    SparkSession session() {
        return SparkTestBase.localSession();
    }
}
