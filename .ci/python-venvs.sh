#!/usr/bin/env bash
# Creates the virtual environments the Python tests run in, one per supported pyspark line, from the
# pinned python/requirements-LINE.txt: /tmp/lazynet-py-4.1 and /tmp/lazynet-py-3.5. A venv that already
# holds its pinned packages is left as it is, so running this again costs a pip check only.
set -euo pipefail
cd "$(dirname "$0")/.."

for line in 4.1 3.5; do
  venv="/tmp/lazynet-py-$line"
  requirements="python/requirements-$line.txt"
  [ -x "$venv/bin/python3" ] || python3 -m venv "$venv"
  # The stamp holds the requirements the venv was made from; a changed pin installs again.
  if ! cmp -s "$requirements" "$venv/lazynet-requirements.txt"; then
    echo "Installing $requirements into $venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/lazynet-requirements.txt"
  fi
done
