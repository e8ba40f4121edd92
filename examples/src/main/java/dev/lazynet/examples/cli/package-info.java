/**
 * What every example job's command line shares: the picocli option mixins, the launcher that turns a
 * failure into one line and an exit code, the Spark session builder, the result line and the metrics
 * writer. Depends on Spark, Log4j (Spark's logging), picocli and XChart, and on no other examples
 * package.
 */
package dev.lazynet.examples.cli;
