/**
 * LazyNet's saved-model format without Spark: the {@code metadata/} Spark ML writes, the network
 * description and the weights file under {@code data/}, read with sizes checked before anything is
 * allocated and no Java serialization. The Spark plugin reads and writes models through it, over
 * Hadoop's file systems; {@code dev.lazynet.serve} reads them from a local folder.
 * Depends on {@code dev.lazynet.nn}, {@code dev.lazynet.tensor} and Jackson; never on Spark.
 */
package dev.lazynet.io;
