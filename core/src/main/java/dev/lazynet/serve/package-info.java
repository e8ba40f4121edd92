/**
 * Serving without Spark: {@link dev.lazynet.serve.Predictor} loads a model saved by the Spark plugin
 * from a local folder and predicts rows of features in any JVM, with only {@code lazynet-core} on the
 * class path. Depends on {@code dev.lazynet.io}, {@code dev.lazynet.nn} and {@code dev.lazynet.tensor};
 * never on Spark.
 */
package dev.lazynet.serve;
