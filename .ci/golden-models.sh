#!/usr/bin/env bash
# Regenerates the golden model directories (plugin/src/test/resources/golden/spark_<scala>) with one Spark
# line's build: `.ci/golden-models.sh` for the Spark 4 line, `.ci/golden-models.sh 3.5` for the 3.5 line.
# GoldenModelsTest then checks on both lines that every directory loads and predicts what its saver did.
set -euo pipefail
cd "$(dirname "$0")/.."

case ${1:-4} in
  4) module=plugin profile=() flags_at=1 ;;
  3.5) module=plugin-spark-3.5 profile=(-Pspark-3.5) flags_at=2 ;;
  *) echo "usage: $0 [4|3.5]: the Spark line whose build saves the golden models" >&2; exit 2 ;;
esac
mvn -B -q "${profile[@]}" -pl "$module" -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/golden-classpath.txt
# The JVM flags Spark needs on Java 17, as the parent pom gives them to the tests of that line.
flags=$(sed -n 's:.*<spark.java17.flags>\(.*\)</spark.java17.flags>.*:\1:p' pom.xml | sed -n "${flags_at}p")
# shellcheck disable=SC2086 # the flags are a list of words
java $flags -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/golden-classpath.txt")" \
  dev.lazynet.spark.GoldenModels plugin/src/test/resources/golden
