/**
 * Layers whose parameter shapes are inferred from the first data they see: {@link dev.lazynet.nn.Layer},
 * {@link dev.lazynet.nn.Parameter} (declared → shaped → initialized), {@link dev.lazynet.nn.Sequential},
 * {@link dev.lazynet.nn.Dense}, convolution, pooling and normalization layers, the network spec text
 * format ({@link dev.lazynet.nn.NetworkSpec}) and the two errors of deferred initialization. Depends on
 * {@code dev.lazynet.tensor} only; never on Spark.
 */
package dev.lazynet.nn;
