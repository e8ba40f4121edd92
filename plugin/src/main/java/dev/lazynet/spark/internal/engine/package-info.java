/**
 * Not API: the distributed training engine. The driver's training loop, the coordinator of one-job
 * epochs and the tasks' line to it, the step, local-steps and evaluation tasks, the executors' kept
 * workers, the fixed-order tree sum, and the guards (memory, divergence) and checkpoints around the loop.
 *
 * <p>It may depend on {@code internal.data}, {@code internal.io}, {@code dev.lazynet.spark.internal},
 * the core packages and Spark, and on the public package only for
 * {@link dev.lazynet.spark.TrainingDivergedException}.
 */
package dev.lazynet.spark.internal.engine;
