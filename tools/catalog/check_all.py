#!/usr/bin/env python3
"""Check the whole catalog: every archive passes `tatami bundle check`, every manifest entry has an
archive and a reference leaderboard of at least 30 entries with the baseline on it, ranked in the
metric's direction, and Competitions/ stays under 150 MB.

    check_all.py [--min-entries 30] [--json] [--jobs N] [--gates [--bundles build/bundles] [--report PATH]]
                 [--only ID ...] [--competitions DIR] [--boards DIR]

--gates also runs the gates of gates.py on every built bundle directory: the mechanical ones
(manifest, ids, sample, baseline reproduction, description) and the quality gates of the catalog
(size, stability, headroom, learnable, leak, gap; baseline first reported only), and records the
measured numbers of every gate per competition, with a summary table of the counts failing per
gate, in tools/catalog/gates-report.json (and prints the table).

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
REPORT = Path(__file__).resolve().parent / "gates-report.json"
DEFINITIONS = {
    "closed": "closed(s) = (s - prior) / (perfect - prior) on the Private rows; prior = the score of "
              "public/sample_submission.csv, perfect = the score of the answers submitted as they are",
    "size": "answers have >= min_public_rows Public and >= min_private_rows Private rows (one row = one scored "
            "unit: a row, a user or ranking group, a series x horizon step)",
    "stability": "Spearman correlation of the reference entries' public and private scores (baseline excluded) "
                 ">= min_stability",
    "headroom": "no reference entry has closed(private) >= max_closed",
    "learnable": "the best reference entry has closed(private) >= min_best_closed and the baseline's private "
                 "score is strictly better than the prior's",
    "leak": "no single public column (a decision tree with leaves of 5 rows; a lookup for text targets) and no "
            "linear regression (numbers) or logistic regression (classes) on any two public columns reaches "
            "closed >= leak_closed; with more than LEAK_PAIR_COLUMNS columns the pairs are those among the "
            "LEAK_PAIR_COLUMNS columns that close the most alone; models train on at most LEAK_ROWS rows",
    "gap": "the baseline's |public - private| / |private| < max_baseline_gap (private 0: public must be 0)",
    "baseline_first": "report only: whether the baseline is first on its own board (passed = it is not)",
}


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


def swift_check(binary: Path, target: Path) -> tuple[list[str], dict | None]:
    """`tatami bundle check TARGET --json`: problems, and the gates it reports (when it does)."""
    result = subprocess.run([str(binary), "bundle", "check", str(target), "--json"], capture_output=True, text=True)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        report = {}
    problems = [] if result.returncode == 0 else \
        [f"tatami bundle check: {(report.get('problems') or report.get('error') or result.stderr.strip())!s:.400}"]
    return problems, report.get("gates")


def summary_table(quality: dict[str, dict]) -> dict[str, dict]:
    """Per gate: how many competitions pass, fail or were not measured."""
    table = {}
    for name in [*gates.QUALITY, *gates.REPORT_ONLY]:
        results = [q.get(name) for q in quality.values()]
        table[name] = {"passed": sum(1 for r in results if r and r.get("passed")),
                       "failed": sum(1 for r in results if r and not r.get("passed")),
                       "not_measured": sum(1 for r in results if not r)}
    return table


def print_table(table: dict[str, dict]) -> None:
    print(f"{'gate':<16}{'passed':>8}{'failed':>8}{'not run':>9}")
    for name, counts in table.items():
        print(f"{name:<16}{counts['passed']:>8}{counts['failed']:>8}{counts['not_measured']:>9}"
              + ("   report only: failed = the baseline is first on its board" if name in gates.REPORT_ONLY else ""))


def check_one(entry: dict, competitions: Path, boards: Path, bundles: Path, min_entries: int, run_gates: bool,
              binary: Path) -> tuple[str, list[str], dict | None, dict, dict]:
    """One competition: its problems, `tatami bundle check`'s gates, and (with run_gates) gates.py's
    mechanical and quality results."""
    identifier, problems, swift_gates, mechanical, quality = entry["id"], [], None, {}, {}
    archive = competitions / f"{identifier}.tar.gz"
    if not archive.exists() and (competitions / identifier).is_dir():
        archive = competitions / identifier
    if not archive.exists():
        problems.append(f"no archive {archive.name}")
    else:
        found, swift_gates = swift_check(binary, archive)
        problems += found
    board = boards / f"{identifier}.csv"
    problems += check_board(board, entry["metric"]["name"], min_entries)
    if run_gates:
        results = gates.run_gates(bundles / identifier, entry, advisory=True)
        mechanical = {name: ("passed" if not found else found) for name, found in results.items()}
        problems += [f"gate {name}: {p}" for name, found in results.items() for p in found
                     if name not in gates.ADVISORY]
        quality = gates.quality(bundles / identifier, entry, board if board.exists() else None)
        problems += [f"gate {p}" for p in gates.quality_problems(quality)]
    return identifier, problems, swift_gates, mechanical, quality


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-entries", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--gates", action="store_true", help="also run gates.py on every built bundle")
    parser.add_argument("--bundles", type=Path, default=build.REPO / "build" / "bundles")
    parser.add_argument("--competitions", type=Path, default=build.REPO / "Competitions",
                        help="archives <id>.tar.gz (or bundle directories <id>/) for tatami bundle check")
    parser.add_argument("--boards", type=Path, default=build.REPO / "Leaderboards")
    parser.add_argument("--only", nargs="+", metavar="ID")
    parser.add_argument("--manifest", type=Path, default=build.MANIFEST)
    parser.add_argument("--report", type=Path, default=REPORT, help="where --gates writes its report")
    parser.add_argument("--jobs", type=int, default=1, help="competitions checked in parallel, one process each")
    args = parser.parse_args(argv)
    binary = build.tatami_binary()
    competitions, boards = args.competitions, args.boards
    report, failed, mechanical, quality, swift = {}, 0, {}, {}, {}
    entries = build.select(build.load_manifest(args.manifest), args.only)
    jobs = [(entry, competitions, boards, args.bundles, args.min_entries, args.gates, binary) for entry in entries]
    for number, (_, result) in enumerate(build.completed(check_one, jobs, args.jobs), start=1):
        identifier, problems, swift_gates, found_mechanical, found_quality = result()
        if swift_gates is not None:
            swift[identifier] = swift_gates
        if args.gates:
            mechanical[identifier], quality[identifier] = found_mechanical, found_quality
            print(f"[{number}/{len(entries)}] {identifier}: " + ", ".join(
                f"{name} {'ok' if r.get('passed') else 'FAIL'}" for name, r in found_quality.items()), flush=True)
        report[identifier] = problems
        failed += bool(problems)
        for problem in problems:
            print(f"FAIL {identifier}: {problem}")
    size = sum(p.stat().st_size for p in competitions.glob("*.tar.gz"))
    size_ok = size < MAX_COMPETITIONS_BYTES
    if not size_ok:
        print(f"FAIL Competitions/ holds {size} bytes (>= {MAX_COMPETITIONS_BYTES})")
    if args.gates:
        table = summary_table(quality)
        document = {
            "definitions": DEFINITIONS,
            "thresholds": gates.THRESHOLDS,
            "leak_models": {"pair_columns": gates.LEAK_PAIR_COLUMNS, "training_rows": gates.LEAK_ROWS},
            "report_only": list(gates.REPORT_ONLY),
            "summary": table,
            "failed": {name: sorted(i for i, q in quality.items() if name in q and not q[name].get("passed"))
                       for name in gates.QUALITY},
            "mechanical_checked": {name: (gates.__doc__.split(f"- {name}")[1].split("\n- ")[0].strip(" :")
                                          .replace("\n  ", " ") if f"- {name}" in gates.__doc__ else name)
                                   for name in {**gates.GATES, **gates.ADVISORY}},
            "competitions": {i: {"quality": quality[i], "mechanical": mechanical[i],
                                 **({"tatami_bundle_check": swift[i]} if i in swift else {})} for i in quality},
        }
        args.report.write_text(json.dumps(document, indent=1, sort_keys=True, default=float) + "\n", encoding="utf-8")
        print_table(table)
    if args.json:
        print(json.dumps({"competitions": report, "competitions_bytes": size}, indent=1))
    total = len(report) + 1
    failures = failed + (not size_ok)
    print(f"{total - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
