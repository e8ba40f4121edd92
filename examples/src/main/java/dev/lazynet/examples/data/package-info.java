/**
 * The examples' data: the IDX reader, Fashion-MNIST from Debian's package, a folder or the bundled
 * subset, labelled images and their Spark DataFrame, and the Iris CSV reader. Errors are
 * {@link dev.lazynet.examples.cli.ExampleException}s that name the file and the fix; depends on Spark
 * and the {@code cli} package.
 */
package dev.lazynet.examples.data;
