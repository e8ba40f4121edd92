#!/usr/bin/env bash
# Every test of the project, the README's test command and what .ci/run runs:
# - the default line (lazynet-spark_2.13 on Spark 4.1): build, unit and integration tests, API docs;
# - the Spark lines (.ci/spark-lines.sh): lazynet-spark_2.12 built and tested on Spark 3.5.9, and each
#   line's jar run on the other Spark releases of its line;
# - the Python package on real pyspark 4.1 (classic and Spark Connect) and 3.5, in virtual environments
#   that .ci/python-venvs.sh makes from PyPI when they are missing.
set -euo pipefail
cd "$(dirname "$0")"

mvn -B verify
.ci/spark-lines.sh
.ci/python-venvs.sh
python/run-tests.sh 4.1
python/run-tests.sh 3.5
