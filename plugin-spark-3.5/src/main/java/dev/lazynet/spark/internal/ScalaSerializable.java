package dev.lazynet.spark.internal;

import org.apache.spark.annotation.Private;

/**
 * What Scala calls {@code Serializable} on this Spark line (Scala 2.12): the trait
 * {@code scala.Serializable}, which Spark 3.5's {@code CoalescedRDD} requires of a partition coalescer
 * (a plain {@link java.io.Serializable} fails its check). On Scala 2.13 it is an alias of
 * {@code java.io.Serializable}, which the Spark 4 line's copy of this interface extends.
 */
@Private
public interface ScalaSerializable extends scala.Serializable {
}
