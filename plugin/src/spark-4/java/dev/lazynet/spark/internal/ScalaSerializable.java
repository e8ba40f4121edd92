package dev.lazynet.spark.internal;

import org.apache.spark.annotation.Private;

/**
 * What Scala calls {@code Serializable} on this Spark line (Scala 2.13): an alias of
 * {@link java.io.Serializable}. Spark checks some objects a user hands it against Scala's type, e.g. a
 * partition coalescer; on Scala 2.12 that is a trait of its own, which the 3.5 line's copy of this
 * interface extends.
 */
@Private
public interface ScalaSerializable extends java.io.Serializable {
}
