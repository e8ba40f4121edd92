/**
 * Not API: how a DataFrame's rows reach the network and its outputs come back. Shape inference, the
 * feature and label readers, validation and packing of rows into cached float blocks, the schema
 * checks, the network recipe executors rebuild the network from, and batched prediction for
 * {@code transform}.
 *
 * <p>It may depend on {@code dev.lazynet.spark.internal}, the core packages and Spark, and on the
 * public package only for {@link dev.lazynet.spark.InvalidDataException} and
 * {@link dev.lazynet.spark.InputShapeSource}; never on {@code internal.engine} or {@code internal.io}.
 */
package dev.lazynet.spark.internal.data;
