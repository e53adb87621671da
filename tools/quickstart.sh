#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, build, show the catalog, fetch a
# competition's public files as a participant gets them, and score a submission.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release
tatami=.build/release/tatami
competition=${1:-penguins-species}

$tatami list
$tatami show "$competition"
workdir=$(mktemp -d)
$tatami data "$competition" --to "$workdir/input"
echo
echo "Scoring the sample submission of $competition:"
$tatami score "$competition" "$workdir/input/sample_submission.csv"
