/**
 * The example jobs and the one command that runs them: {@link dev.lazynet.examples.LazyNetExamples},
 * whose subcommands are the Fashion-MNIST jobs, the pipeline-tuning job, the deferred-initialization
 * tour and the two benchmarks. Each job also has a main class of its own for {@code spark-submit
 * --class}, and prints its results as {@code key=value} pairs on its last line of standard output.
 * Depends on the LazyNet library, Spark, picocli and the packages {@code cli}, {@code data} and
 * {@code bench} below it.
 */
package dev.lazynet.examples;
