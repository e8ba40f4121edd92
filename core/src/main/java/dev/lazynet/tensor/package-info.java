/**
 * Float32 tensors and the numeric kernels the layers are built from: {@link dev.lazynet.tensor.Shape},
 * {@link dev.lazynet.tensor.Tensor}, matrix products through {@link dev.lazynet.tensor.Blas} (the
 * dev.ludovic.netlib BLAS that Spark MLlib ships), element-wise and softmax kernels in
 * {@link dev.lazynet.tensor.Kernels}, the im2col lowering of convolutions in
 * {@link dev.lazynet.tensor.Convolution} and max and average pooling in
 * {@link dev.lazynet.tensor.Pooling}. This package depends on nothing else of LazyNet and
 * never on Spark.
 */
package dev.lazynet.tensor;
