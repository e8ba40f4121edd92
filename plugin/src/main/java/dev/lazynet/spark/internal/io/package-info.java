/**
 * Not API: LazyNet's files. A saved model's {@code data/} folder and Spark's {@code metadata/} as
 * LazyNet reads it, the weights file and the checkpoint file, all through Hadoop's FileSystem, with
 * sizes checked before anything is allocated and no Java serialization.
 *
 * <p>It may depend on {@code internal.data} (for the network recipe), {@code dev.lazynet.spark.internal},
 * the core packages, Hadoop and Spark; never on {@code internal.engine} or the public package.
 */
package dev.lazynet.spark.internal.io;
