package dev.lazynet.examples.it;

import dev.lazynet.examples.ResultLine;
import dev.lazynet.examples.SparkSessions;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark-only job for the cluster tests: squares 1..1000 on the executors (the lambda makes them load
 * this class from the submitted jar) and reports the sum and how many executors took part.
 */
public final class SquaresJob {

    /** The numbers squared. */
    static final long COUNT = 1000;

    private SquaresJob() {
    }

    /** Runs on the master chosen by spark-submit. */
    public static void main(String[] args) throws Exception {
        try (SparkSession spark = SparkSessions.create("squares", null)) {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Long> numbers = LongStream.rangeClosed(1, COUNT).boxed().toList();
            JavaRDD<Long> rdd = sc.parallelize(numbers, 4);
            long sum = rdd.map(x -> x * x).reduce(Long::sum);
            // The driver's own block manager is listed too.
            int executors = spark.sparkContext().statusTracker().getExecutorInfos().length - 1;
            new ResultLine().add("count", rdd.count()).add("sum_of_squares", sum).add("executors", executors)
                    .print(System.out);
        }
    }
}
