/**
 * Not API: LazyNet's Spark plugin internals, which may change in any release. Its classes are public
 * only because Java has no {@code private[spark]}; they carry Spark's
 * {@link org.apache.spark.annotation.Private} for that reason.
 *
 * <p>This package holds what the internal packages share. The packages depend one way:
 * {@code dev.lazynet.spark} (the public API) uses {@code internal.engine}, which uses
 * {@code internal.data} and {@code internal.io}; {@code internal.io} uses {@code internal.data}; all of
 * them may use this package, {@code dev.lazynet.train}, {@code nn} and {@code tensor}. None of them
 * uses the public package, except for the public types that appear in a public signature (the
 * exceptions and {@link dev.lazynet.spark.InputShapeSource}).
 */
package dev.lazynet.spark.internal;
