#!/usr/bin/env bash
# Runs an example job on Spark's embedded master (local[*]), building the examples first when needed:
#   ./examples/run.sh JOB [options]      ./examples/run.sh JOB --help      ./examples/run.sh --help
# Any option after JOB goes to the job, e.g. --master spark://HOST:7077 --epochs 5. The jobs, their options
# and the messages for mistakes come from the examples' command, dev.lazynet.examples.LazyNetExamples. The
# last line a job prints to standard output is its results as key=value pairs. It runs the default Spark
# line (Spark 4.1, Scala 2.13); LAZYNET_SPARK_LINE=3.5 builds and runs the Spark 3.5 line (Scala 2.12).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
case ${LAZYNET_SPARK_LINE:-4} in
  4) target=$here/target; profile=(); plugin=$root/plugin ;;
  3.5) target=$here/target/spark-3.5; profile=(-Pspark-3.5); plugin=$root/plugin-spark-3.5 ;;
  *) echo "run.sh: LAZYNET_SPARK_LINE is \"$LAZYNET_SPARK_LINE\", but must be 4 (the default) or 3.5" >&2; exit 2 ;;
esac
jar=$target/lazynet-examples.jar
spark_home=$target/spark-home

fail() {
  echo "run.sh: $*" >&2
  exit 2
}

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
command -v "$java" >/dev/null || fail "no java found; install a JDK 17 (apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"
java_major=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
[ "${java_major%%.*}" -ge 17 ] 2>/dev/null || fail "$java is Java $java_major, but Spark 4 needs Java 17 or later; set JAVA_HOME"

# Rebuild when the jar or the Spark jars are missing, or any source or pom is newer than the jar.
if [ ! -f "$jar" ] || [ ! -f "$spark_home/conf/spark-env.sh" ] || [ ! -d "$spark_home/jars" ] || [ ! -d "$target/lib" ] \
  || [ -n "$(find "$root/pom.xml" "$root/core/pom.xml" "$root/core/src/main" "$plugin/pom.xml" "$root/plugin/src/main" "$root/plugin/src/spark-4" "$root/plugin-spark-3.5/src" "$here/pom.xml" "$here/src/main" "$here/src/build" \
    -newer "$jar" -print -quit 2>/dev/null)" ]; then
  command -v mvn >/dev/null || fail "Maven is needed to build the examples; install it (apt-get install maven)"
  echo "run.sh: building the examples (mvn ${profile[*]} -pl examples -am package -DskipTests)" >&2
  (cd "$root" && mvn -B -q -Dstyle.color=never "${profile[@]}" -pl examples -am package -DskipTests) || fail "the build failed; see Maven's output above"
fi

# LAZYNET_JAVA17_FLAGS (the parent pom's spark.java17.flags) and SPARK_SCALA_VERSION, written by the build.
# shellcheck source=/dev/null
. "$spark_home/conf/spark-env.sh"
# Executors of local-cluster masters are launched from SPARK_HOME/jars; keep them on the same jars as
# this driver, whatever SPARK_HOME the shell had.
export SPARK_HOME=$spark_home
# Spark already runs one task per core; OpenBLAS threads on top of that oversubscribe the cores and slow
# every task down (MLlib's perceptron most), so one thread each unless asked otherwise.
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}

# shellcheck disable=SC2086 # the flags and JAVA_OPTS are lists of words
exec "$java" $LAZYNET_JAVA17_FLAGS ${JAVA_OPTS:-} -Dlazynet.command="$0" \
  -cp "$spark_home/conf:$jar:$target/lib/*:$spark_home/jars/*" dev.lazynet.examples.LazyNetExamples "$@"
