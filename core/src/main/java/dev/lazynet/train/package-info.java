/**
 * Training without Spark: losses, optimizers working on flat parameter arrays, the seeded batch
 * schedule, the per-batch gradient computation that Spark executors reuse, and a single-JVM trainer.
 * Depends on {@code dev.lazynet.nn} and {@code dev.lazynet.tensor}; never on Spark.
 */
package dev.lazynet.train;
