/**
 * The benchmarks: LazyNet against Spark MLlib's perceptron ({@link dev.lazynet.examples.bench.Benchmark}
 * with its report, the step's parts timed apart and the memory probe), and the tensor kernels against
 * raw sgemm ({@link dev.lazynet.examples.bench.KernelBenchmark}). Depends on the LazyNet library, Spark
 * and the {@code cli} and {@code data} packages.
 */
package dev.lazynet.examples.bench;
