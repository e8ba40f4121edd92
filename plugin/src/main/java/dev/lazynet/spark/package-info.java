/**
 * The Spark face of LazyNet: {@link dev.lazynet.spark.LazyNetClassifier} and
 * {@link dev.lazynet.spark.LazyNetRegressor} as Spark ML estimators, their models, their Params, the
 * training summary and the exceptions a fit or a transform throws.
 *
 * <p>The driver infers the input shape (parameter, column metadata, or the first row), walks the
 * network once to fix every parameter shape, and initializes it with the seed. Executors run the
 * engine's {@link dev.lazynet.train.BatchGradient} on their slice of each global mini-batch; the
 * driver adds the partial gradients in a fixed tree order and steps the optimizer, so a seeded fit
 * is reproducible bit for bit. How it does so lives in the {@code dev.lazynet.spark.internal} packages,
 * which are not API; this package depends on them and on {@code dev.lazynet.train},
 * {@code dev.lazynet.nn} and {@code dev.lazynet.tensor}.
 */
package dev.lazynet.spark;
