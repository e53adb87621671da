#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, build, and run the built-in search agent
# on a competition (the first run also creates the agents' Python runtime), then show the leaderboard.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release
tatami=.build/release/tatami
competition=${1:-catsup-brand-choice}

$tatami list
$tatami run "$competition" --agent search
$tatami board "$competition" --plain
