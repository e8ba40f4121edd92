/**
 * Runnable examples: jobs for {@code spark-submit} and {@code ./examples/run.sh}, the
 * deferred-initialization tour and the kernel benchmark, and what they share: the IDX reader and
 * Fashion-MNIST locator ({@link dev.lazynet.examples.Idx}, {@link dev.lazynet.examples.FashionMnist}),
 * the command-line options and launcher ({@link dev.lazynet.examples.CommonOptions},
 * {@link dev.lazynet.examples.ExampleLauncher}), the Spark session builder, the result line and the
 * metrics writer. Each main prints its results as {@code key=value} pairs on its last line of standard
 * output. Depends on the LazyNet library, Spark, picocli and XChart.
 */
package dev.lazynet.examples;
