#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs the Swift tests (unit, reference checks
# against scikit-learn/scipy, end-to-end runs of the binary) and the catalog builder's Python tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
swift test --skip-build
.venv/bin/python -m pytest -q tools/catalog
