#!/usr/bin/env bash
# The Spark lines in CI, after the default line's mvn -B verify:
# - lazynet-spark_2.12 built against Spark 3.5.9 with the plugin's whole test suite, then the examples
#   jar of that line. Each line builds in folders of its own (plugin-spark-3.5/target,
#   examples/target/spark-3.5), so the default line's build stays as it was.
# - Run anywhere: each line's plugin jar, compiled once against the line's Spark, runs a subset of the
#   plugin's tests on other Spark releases of its line, with the jars those releases resolve
#   (.ci/spark-runtime/pom.xml): shape inference, fit and transform, one-job epochs (each epoch one Spark
#   job, so the public-API fallback did not run), the same over RPC between the JVMs of a local-cluster
#   master, persistence with a Pipeline, and the golden model directories saved by both lines.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
mvn -B -Pspark-3.5 -pl plugin-spark-3.5 -am verify
mvn -B -Pspark-3.5 -pl examples -am package -DskipTests

# The JVM flags Spark needs on Java 17, as the parent pom gives them to each line's tests.
flags_of() {
  sed -n 's:.*<spark.java17.flags>\(.*\)</spark.java17.flags>.*:\1:p' pom.xml | sed -n "$1p"
}

# run_on SPARK_VERSION SCALA_VERSION MODULE FLAGS: MODULE's plugin jar and test classes on that Spark.
run_on() {
  local version=$1 scala=$2 module=$3 flags=$4 took=$SECONDS
  local jar
  jar=$(ls "$PWD/$module"/target/lazynet-spark_"$scala"-*.jar | grep -v /original-)
  mvn -B -q -f .ci/spark-runtime/pom.xml verify -Dspark.runtime.version="$version" -Dspark.runtime.scala="$scala" \
    -Dlazynet.plugin.jar="$jar" -Dlazynet.test.classes="$PWD/$module/target/test-classes" \
    -Dlazynet.java17.flags="$flags"
  echo "Spark $version (Scala $scala): the runtime subset passed in $((SECONDS - took)) s"
}
run_on 4.0.1 2.13 plugin "$(flags_of 1)"
run_on 4.2.0 2.13 plugin "$(flags_of 1)"
run_on 3.5.9 2.12 plugin-spark-3.5 "$(flags_of 2)"
run_on 3.5.0 2.12 plugin-spark-3.5 "$(flags_of 2)"
echo "spark-lines.sh: the Spark lines built and checked in $((SECONDS - start)) s"
