#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs the Swift tests (unit, reference checks
# against scikit-learn/scipy, end-to-end runs of the binary) and the catalog builder's Python tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
# The agents' runtime for the loop's tests: the project venv has the same pinned packages (tools/agent-requirements.txt).
export TATAMI_PYTHON_RUNTIME="${TATAMI_PYTHON_RUNTIME:-$PWD/.venv}"
swift test --skip-build
.venv/bin/python -m pytest -q tools/catalog
