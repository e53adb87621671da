#!/usr/bin/env bash
# Builds the NumberParser throughput check in release mode and runs it, for the working tree and,
# if a git revision is given, for that revision's parser too (e.g. `run.sh HEAD~1` for before/after).
# Usage: benchmarks/number_parser/run.sh [revision] [count]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build() { # $1: output binary, $2: directory holding the parser sources
  swiftc -O -wmo -module-name NumberParserBenchmark -package-name Tatami -o "$1" \
    "$root/benchmarks/number_parser/main.swift" "$2"/*.swift
}

count=${2:-10000000}
if [ $# -ge 1 ] && [ -n "$1" ]; then
  mkdir -p "$work/old"
  for file in $(git -C "$root" ls-tree --name-only "$1" Sources/Scoring/CSV/); do
    case "$file" in *NumberParser.swift | *PowersOfFive*) git -C "$root" show "$1:$file" > "$work/old/$(basename "$file")" ;; esac
  done
  build "$work/old-bench" "$work/old"
  echo "== $1"
  "$work/old-bench" "$count"
fi
mkdir -p "$work/new"
cp "$root"/Sources/Scoring/CSV/NumberParser.swift "$work/new/"
cp "$root"/Sources/Scoring/CSV/PowersOfFive*.swift "$work/new/" 2>/dev/null || true
cp "$root"/Sources/Scoring/Support/Bytes.swift "$work/new/"  # the parser's byte-comparison helper
build "$work/new-bench" "$work/new"
echo "== working tree"
"$work/new-bench" "$count"
