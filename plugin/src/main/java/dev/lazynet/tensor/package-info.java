/**
 * Float32 tensors and the numeric kernels the layers are built from: {@link dev.lazynet.tensor.Shape},
 * {@link dev.lazynet.tensor.Tensor}, matrix products through {@link dev.lazynet.tensor.Blas} (the
 * dev.ludovic.netlib BLAS that Spark MLlib ships), and element-wise, softmax, im2col and pooling
 * kernels in {@link dev.lazynet.tensor.Kernels}. This package depends on nothing else of LazyNet and
 * never on Spark.
 */
package dev.lazynet.tensor;
