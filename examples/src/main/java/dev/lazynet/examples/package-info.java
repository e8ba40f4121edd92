/**
 * Runnable examples: jobs for {@code spark-submit} and {@code ./examples/run.sh}, the
 * deferred-initialization tour, and the kernel benchmark. Each main prints its results as
 * {@code key=value} pairs on its last line of standard output.
 */
package dev.lazynet.examples;
