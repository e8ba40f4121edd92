#!/usr/bin/env bash
# The Spark lines in CI, after the default line's mvn -B verify:
# - lazynet-spark_2.12 built against Spark 3.5.9 with the plugin's whole test suite, then the examples
#   jar of that line. Each line builds in folders of its own (plugin-spark-3.5/target,
#   examples/target/spark-3.5), so the default line's build stays as it was.
# - Run anywhere: each line's examples jar, compiled once against the line's Spark, runs the
#   pipeline-tuning job on other Spark releases of its line, with the jars those releases resolve
#   (.ci/spark-runtime/pom.xml): shape inference from the column's metadata, fit and transform in a
#   Pipeline under CrossValidator, one-job epochs over RPC between the JVMs of a local-cluster master,
#   and the best model saved, loaded back and checked to predict the same.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
mvn -B -Pspark-3.5 -pl plugin-spark-3.5 -am verify
mvn -B -Pspark-3.5 -pl examples -am package -DskipTests

# run_on SPARK_VERSION SCALA_VERSION EXAMPLES_TARGET: the examples jar in EXAMPLES_TARGET on that Spark.
run_on() {
  local version=$1 scala=$2 target=$3
  mvn -B -q -f .ci/spark-runtime/pom.xml -Dspark.runtime.version="$version" -Dspark.runtime.scala="$scala" package
  local home=$PWD/.ci/spark-runtime/target/spark-$version out
  # LAZYNET_JAVA17_FLAGS: the JVM flags of the line the jar was built for.
  # shellcheck source=/dev/null
  . "$target/spark-home/conf/spark-env.sh"
  # shellcheck disable=SC2086 # the flags are a list of words
  out=$(SPARK_HOME=$home SPARK_SCALA_VERSION=$scala SPARK_LOCAL_IP=127.0.0.1 OPENBLAS_NUM_THREADS=1 \
    java $LAZYNET_JAVA17_FLAGS -cp "$target/lazynet-examples.jar:$target/lib/*:$home/jars/*" dev.lazynet.examples.LazyNetExamples \
    pipeline-tuning --master 'local-cluster[2,1,1024]' --epochs 3 --folds 2 --out "/tmp/lazynet-spark-$version")
  local result=${out##*$'\n'}
  echo "Spark $version (Scala $scala): $result"
  [[ $result == *identical_predictions=true* ]] || { echo "the job on Spark $version failed its check" >&2; exit 1; }
}
run_on 4.0.1 2.13 examples/target
run_on 4.2.0 2.13 examples/target
run_on 3.5.9 2.12 examples/target/spark-3.5
echo "spark-lines.sh: the Spark lines built and checked in $((SECONDS - start)) s"
