/**
 * Not API: LazyNet's files through Hadoop's FileSystem. A saved model's {@code data/} folder and Spark's
 * {@code metadata/}, in the format {@code dev.lazynet.io} (in {@code lazynet-core}) reads and writes,
 * and the checkpoint file, with sizes checked before anything is allocated and no Java serialization.
 *
 * <p>It may depend on {@code internal.data} (for the network recipe), {@code dev.lazynet.spark.internal},
 * the core packages, Hadoop and Spark; never on {@code internal.engine} or the public package.
 */
package dev.lazynet.spark.internal.io;
