#!/bin/sh
# Creates .venv at the package root with the reference libraries the metric tests compare against.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
python3 -m venv "$root/.venv"
"$root/.venv/bin/pip" install --quiet -r "$root/tools/requirements-dev.txt"
echo "reference Python ready: $root/.venv/bin/python"
