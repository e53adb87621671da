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
# The Python package (python/): Gymnasium, OpenEnv and TRL entry points against the built `tatami serve`, in a venv
# of its own with gymnasium, websockets and openenv-core from PyPI (no torch). pytest's exit 5 (no tests) fails.
PY_VENV="${TATAMI_PY_TEST_VENV:-$PWD/.venv-python-tests}"
[ -x "$PY_VENV/bin/python" ] || python3 -m venv "$PY_VENV"
"$PY_VENV/bin/pip" install -q -e "./python[test]"
"$PY_VENV/bin/mypy" --strict --ignore-missing-imports python/tatami_env
status=0
TATAMI_BIN="$PWD/.build/debug/tatami" "$PY_VENV/bin/python" -m pytest -q python/tests || status=$?
if [ "$status" -eq 5 ]; then echo "python/tests collected no tests" >&2; exit 1; fi
exit "$status"
