#!/usr/bin/env python3
"""Check the whole catalog: every archive passes `tatami bundle check`, every manifest entry has an
archive and a reference leaderboard of at least 30 entries with the baseline on it, ranked in the
metric's direction, and Competitions/ stays under 150 MB.

    check_all.py [--min-entries 30] [--json] [--gates [--bundles build/bundles]]

--gates also runs the Python quality gates of gates.py (manifest, ids, sample, baseline
reproduction, leakage, description) on every built bundle directory and records what was checked,
and the result, in tools/catalog/gates-report.json.

Prints one line per problem and a closing `N passed, N failed` line (one check per competition plus
the size check); exits 1 when anything failed. Needs the binary ($TATAMI_BIN).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build  # noqa: E402
import gates  # noqa: E402
from leaderboard import COLUMNS  # noqa: E402
from metrics_ref import HIGHER_IS_BETTER  # noqa: E402

MAX_COMPETITIONS_BYTES = 150 * 1000 * 1000


def check_board(path: Path, metric: str, minimum: int) -> list[str]:
    if not path.exists():
        return [f"no leaderboard {path.name}"]
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            return [f"{path.name}: columns {reader.fieldnames} != {COLUMNS}"]
        rows = list(reader)
    problems = []
    if len(rows) < minimum:
        problems.append(f"{path.name}: {len(rows)} entries (< {minimum})")
    if not any(r["team"] == "baseline" for r in rows):
        problems.append(f"{path.name}: no baseline row")
    scores = [float(r["private_score"]) for r in rows]
    ordered = sorted(scores, reverse=HIGHER_IS_BETTER[metric])
    if scores != ordered:
        problems.append(f"{path.name}: not ranked by private score in the metric's direction")
    if [int(r["rank"]) for r in rows] != list(range(1, len(rows) + 1)):
        problems.append(f"{path.name}: ranks are not 1..N")
    if len({r["team"] for r in rows}) != len(rows):
        problems.append(f"{path.name}: a team appears twice")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-entries", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--gates", action="store_true", help="also run gates.py on every built bundle")
    parser.add_argument("--bundles", type=Path, default=build.REPO / "build" / "bundles")
    args = parser.parse_args(argv)
    binary = build.tatami_binary()
    competitions = build.REPO / "Competitions"
    boards = build.REPO / "Leaderboards"
    report, failed, gate_report = {}, 0, {}
    for entry in build.load_manifest():
        problems = []
        archive = competitions / f"{entry['id']}.tar.gz"
        if not archive.exists():
            problems.append(f"no archive {archive.name}")
        else:
            result = subprocess.run([str(binary), "bundle", "check", str(archive)], capture_output=True, text=True)
            if result.returncode != 0:
                problems.append(f"tatami bundle check: {(result.stdout + result.stderr).strip()[:400]}")
        problems += check_board(boards / f"{entry['id']}.csv", entry["metric"]["name"], args.min_entries)
        if args.gates:
            results = gates.run_gates(args.bundles / entry["id"], entry, advisory=True)
            gate_report[entry["id"]] = {name: ("passed" if not found else found) for name, found in results.items()}
            problems += [f"gate {name}: {p}" for name, found in results.items() for p in found
                         if name not in gates.ADVISORY]
        report[entry["id"]] = problems
        failed += bool(problems)
        for problem in problems:
            print(f"FAIL {entry['id']}: {problem}")
    size = sum(p.stat().st_size for p in competitions.glob("*.tar.gz"))
    size_ok = size < MAX_COMPETITIONS_BYTES
    if not size_ok:
        print(f"FAIL Competitions/ holds {size} bytes (>= {MAX_COMPETITIONS_BYTES})")
    if args.gates:
        document = {
            "checked": {name: (gates.__doc__.split(f"- {name}")[1].split("\n- ")[0].strip(" :").replace("\n  ", " ")
                               if f"- {name}" in gates.__doc__ else name) for name in {**gates.GATES, **gates.ADVISORY}},
            "advisory": sorted(gates.ADVISORY),
            "leak_share": gates.LEAK_SHARE,
            "competitions": gate_report,
            "failed": sorted(i for i, r in gate_report.items()
                             if any(v != "passed" for k, v in r.items() if k not in gates.ADVISORY)),
            "advisory_findings": {i: r[k] for i, r in sorted(gate_report.items()) for k in gates.ADVISORY
                                  if r.get(k) != "passed"},
        }
        (Path(__file__).resolve().parent / "gates-report.json").write_text(
            json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps({"competitions": report, "competitions_bytes": size}, indent=1))
    total = len(report) + 1
    failures = failed + (not size_ok)
    print(f"{total - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
