#!/usr/bin/env python3
"""Reference leaderboards: score a zoo of model solutions on every competition.

    leaderboard.py [--only ID ...] [--bundles build/bundles] [--out Leaderboards] [--min-entries 30]
                   [--jobs N] [--verbose]

For each competition (a bundle directory built by build.py --score-baseline), every solution of
zoo.py that suits its task writes a submission, `tatami score --answers private/answers.csv --metric M
[--param K=V] SUB --json` scores it on the Public and the Private rows, and Leaderboards/<id>.csv gets
one row per solution plus the baseline (team `baseline`, its declared scores):

    rank,team,score,public_score,private_score,submitted_at,kind

ranked by the private score in the metric's direction (ties: team name), `score` = the private score,
`submitted_at` a fixed date, `kind` = `reference` (or `baseline`). This is a reference leaderboard of
model solutions, not of people (docs/leaderboards.md).
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # one core per process,
    os.environ.setdefault(_variable, "1")  # set before numpy, scikit-learn and LightGBM load

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import pandas as pd
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build  # noqa: E402
import zoo  # noqa: E402
from metrics_ref import HIGHER_IS_BETTER  # noqa: E402

SUBMITTED_AT = "2026-01-01T00:00:00Z"
COLUMNS = ["rank", "team", "score", "public_score", "private_score", "submitted_at", "kind"]


def tatami_score(bundle: Path, manifest: dict, submission: Path) -> dict:
    metric = manifest["metric"]
    command = [str(build.tatami_binary()), "score", "--answers", str(bundle / "private" / "answers.csv"),
               "--metric", metric["name"]]
    for key, value in sorted((metric.get("params") or {}).items()):
        command += ["--param", f"{key}={value}"]
    result = subprocess.run(command + [str(submission), "--json"], capture_output=True, text=True)
    report = json.loads(result.stdout)
    if result.returncode != 0 or not report.get("valid_submission"):
        raise RuntimeError(f"tatami score: {report.get('error')}")
    return {"public": report["public_score"], "private": report["private_score"]}


def context(bundle: Path, entry: dict) -> zoo.Context:
    manifest = yaml.safe_load((bundle / "competition.yaml").read_text(encoding="utf-8"))
    ctx = zoo.Context(bundle=bundle, manifest=manifest, entry=entry)
    public = bundle / "public"
    if (public / "train.csv").exists():
        ctx.train = pd.read_csv(public / "train.csv")
    ctx.test = pd.read_csv(public / "test.csv")
    return ctx


def board(entry: dict, bundle: Path, log=print) -> list[dict]:
    """Run the zoo on one competition and return the leaderboard rows (ranked)."""
    ctx = context(bundle, entry)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for team, run in zoo.solutions_for(ctx):
            started, cpu = time.monotonic(), time.process_time()
            try:
                submission = run()
                path = Path(tmp) / "submission.csv"
                submission.to_csv(path, index=False, float_format="%.6g", lineterminator="\n")
                scores = tatami_score(bundle, ctx.manifest, path)
            except Exception as error:  # a failing solution is left off the board, and said so
                log(f"    {team}: skipped ({type(error).__name__}: {str(error)[:160]})")
                continue
            rows.append({"team": f"zoo-{team}", "public_score": scores["public"], "private_score": scores["private"],
                         "kind": "reference"})
            log(f"    {team}: {scores['private']:.6g} ({time.monotonic() - started:.1f}s, "
                f"{time.process_time() - cpu:.2f}s CPU)")
    declared = ctx.manifest.get("baseline", {}).get("scores")
    if declared:
        rows.append({"team": "baseline", "public_score": declared["public"], "private_score": declared["private"],
                     "kind": "baseline"})
    return rank(rows, ctx.metric)


def rank(rows: list[dict], metric: str) -> list[dict]:
    """Rows ranked by private score in the metric's direction (ties: team name), ranks 1..N."""
    higher = HIGHER_IS_BETTER[metric]
    rows = sorted(rows, key=lambda r: ((-r["private_score"] if higher else r["private_score"]), r["team"]))
    for number, row in enumerate(rows, start=1):
        row.update(rank=number, score=row["private_score"], submitted_at=SUBMITTED_AT)
    return rows


def refresh_baseline(entry: dict, bundle: Path, path: Path) -> None:
    """Replace the baseline row of an existing board by the bundle's declared baseline scores (the zoo's
    rows do not depend on the baseline) and rank again."""
    if not path.exists():
        return
    manifest = yaml.safe_load((bundle / "competition.yaml").read_text(encoding="utf-8"))
    with path.open(encoding="utf-8") as handle:
        rows = [{"team": r["team"], "public_score": float(r["public_score"]),
                 "private_score": float(r["private_score"]), "kind": r["kind"]}
                for r in csv.DictReader(handle) if r["team"] != "baseline"]
    declared = manifest["baseline"]["scores"]
    rows.append({"team": "baseline", "public_score": declared["public"], "private_score": declared["private"],
                 "kind": "baseline"})
    write_board(rank(rows, manifest["metric"]["name"]), path)


def write_board(rows: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            # Full precision (shortest round trip): a rounded reference score ties or beats a baseline it
            # does not really beat (caschool-test-scores: 6.5218 against the baseline's 6.5218034).
            writer.writerow([row["rank"], row["team"], repr(float(row["score"])), repr(float(row["public_score"])),
                             repr(float(row["private_score"])), row["submitted_at"], row["kind"]])


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the `tatami score` calls)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def board_job(entry: dict, bundle: Path, path: Path, minimum: int, verbose: bool) -> tuple[str, bool, list[str]]:
    """One competition's board, written to `path`: (id, passed, log lines). Runs in a worker process."""
    lines = []
    started, cpu = time.monotonic(), cpu_seconds()
    try:
        rows = board(entry, bundle, log=lines.append)
    except Exception:
        return entry["id"], False, lines + [traceback.format_exc()]
    ok = len(rows) >= minimum
    if not ok:
        lines.append(f"    only {len(rows)} entries (< {minimum})")
    write_board(rows, path)
    place = next((r["rank"] for r in rows if r["team"] == "baseline"), None)
    if not verbose:
        lines = [line for line in lines if "skipped" in line or "only" in line]
    lines.append(f"    {len(rows)} entries, baseline rank {place}, {time.monotonic() - started:.1f}s "
                 f"({cpu_seconds() - cpu:.1f}s CPU with tatami score)")
    return entry["id"], ok, lines


def report(done: int, total: int, identifier: str, lines: list[str], started: float) -> None:
    print(f"[{done}/{total}] {identifier} ({time.monotonic() - started:.0f}s elapsed)", flush=True)
    for line in lines:
        print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", metavar="ID")
    parser.add_argument("--bundles", type=Path, default=build.REPO / "build" / "bundles")
    parser.add_argument("--out", type=Path, default=build.REPO / "Leaderboards")
    parser.add_argument("--min-entries", type=int, default=30)
    parser.add_argument("--manifest", type=Path, default=build.MANIFEST)
    parser.add_argument("--jobs", type=int, default=1, help="competitions scored in parallel (one process each)")
    parser.add_argument("--verbose", action="store_true", help="print every entry's score and time")
    parser.add_argument("--skip-existing", action="store_true", help="leave boards that already exist")
    parser.add_argument("--refresh-baseline", action="store_true",
                        help="only replace the baseline row of existing boards with the bundle's declared scores")
    args = parser.parse_args(argv)
    entries = build.select(build.load_manifest(args.manifest), args.only)
    if args.refresh_baseline:
        for entry in entries:
            refresh_baseline(entry, args.bundles / entry["id"], args.out / f"{entry['id']}.csv")
        return 0
    todo = [e for e in entries if not (args.skip_existing and (args.out / f"{e['id']}.csv").exists())]
    jobs = [(entry, args.bundles / entry["id"], args.out / f"{entry['id']}.csv", args.min_entries, args.verbose)
            for entry in todo]
    failures, started = [], time.monotonic()
    for done, (_, result) in enumerate(build.completed(board_job, jobs, args.jobs), start=1):
        identifier, ok, lines = result()
        report(done, len(jobs), identifier, lines, started)
        failures += [] if ok else [identifier]
    if failures:
        print(f"failed or short: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
