package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.spark.internal.data.PackedData;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What every Spark job of one fit needs: the context, the packed data, the fit's id (under which the
 * executors keep their workers), the network recipe and the batch schedule.
 *
 * @param fitId identifies the fit, whose workers the executors keep
 */
record FitJobs(JavaSparkContext jsc, PackedData data, String fitId, NetworkRecipe recipe,
        StepPlan.Schedule schedule) {
}
