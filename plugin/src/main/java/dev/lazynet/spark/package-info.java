/**
 * The Spark face of LazyNet: {@link dev.lazynet.spark.LazyNetClassifier} and
 * {@link dev.lazynet.spark.LazyNetRegressor} as Spark ML estimators, their models, shape inference
 * from a DataFrame, packing rows into cached float blocks, the distributed training loop and ML
 * persistence.
 *
 * <p>The driver infers the input shape (parameter, column metadata, or the first row), walks the
 * network once to fix every parameter shape, and initializes it with the seed. Executors run the
 * engine's {@link dev.lazynet.train.BatchGradient} on their slice of each global mini-batch; the
 * driver adds the partial gradients in a fixed tree order and steps the optimizer, so a seeded fit
 * is reproducible bit for bit. This is the only package that imports Spark; it depends on
 * {@code dev.lazynet.train}, {@code dev.lazynet.nn} and {@code dev.lazynet.tensor}.
 */
package dev.lazynet.spark;
