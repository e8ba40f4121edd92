#!/usr/bin/env bash
# Runs the Python suite on one pyspark line: ./python/run-tests.sh 4.1 (or 3.5).
# Builds the lazynet wheel from the plugin jars Maven already built (mvn -B -DskipTests package; the 3.5
# jar with -Pspark-3.5), installs it into the line's virtual environment (.ci/python-venvs.sh makes them)
# and runs pytest there: the classic suite, then, on 4.1, the Spark Connect suite in its own process,
# because a Connect session turns the whole Python process into a Connect client.
set -euo pipefail
cd "$(dirname "$0")/.."

line="${1:-}"
case "$line" in
  4.1) suites=(python/tests/classic python/tests/connect) ;;
  3.5) suites=(python/tests/classic) ;;
  *) echo "usage: $0 4.1|3.5 (the pyspark line to test)" >&2; exit 2 ;;
esac
venv="/tmp/lazynet-py-$line"
if [ ! -x "$venv/bin/pytest" ]; then
  echo "No virtual environment with pytest at $venv; create it with .ci/python-venvs.sh" >&2
  exit 2
fi

wheels=$(mktemp -d)
trap 'rm -rf "$wheels"' EXIT
"$venv/bin/pip" wheel -q --disable-pip-version-check --no-deps -w "$wheels" ./python
"$venv/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$wheels"/lazynet-*.whl

export SPARK_LOCAL_IP=127.0.0.1
for suite in "${suites[@]}"; do
  echo "pyspark $line: $suite"
  # The pytest script, unlike python -m pytest, does not put the working folder on sys.path, so the
  # tests import the installed wheel, not the sources. Exit code 5 (no tests collected) fails too.
  status=0
  "$venv/bin/pytest" -p no:cacheprovider -q "$suite" || status=$?
  if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests in $suite" >&2
  fi
  [ "$status" -eq 0 ] || exit "$status"
done
