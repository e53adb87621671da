"""Tests of the catalog builder: reproducibility, answers/submission consistency, descriptions,
a simple leakage gate and the baselines.

Run with `python -m pytest tools/catalog` or `python tools/catalog/test_build.py`.
The whole catalog is built twice into a temporary directory (about 20 seconds).
"""

from __future__ import annotations

import atexit
import functools
import io
import math
import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from sklearn.tree import DecisionTreeRegressor

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build  # noqa: E402
import metrics_ref  # noqa: E402

MANIFEST_KEYS = {"format", "id", "title", "version", "task", "tags", "metric", "submission", "answers",
                 "baseline", "limits", "source"}
REQUIRED_MANIFEST_KEYS = {"format", "id", "title", "version", "task", "metric", "submission", "source"}
MAX_COMPRESSED_BYTES = 2 * 1024 * 1024


@functools.lru_cache(maxsize=None)
def built() -> tuple[Path, Path]:
    """Build the catalog twice into a temporary directory (once per test session)."""
    root = Path(tempfile.mkdtemp(prefix="tatami-catalog-test-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    for name in ("first", "second"):
        build.main(["--out", str(root / name)])
    return root / "first", root / "second"


def bundles() -> list[Path]:
    return sorted(p for p in built()[0].iterdir() if p.is_dir())


def entries() -> dict[str, dict]:
    return {e["id"]: e for e in build.load_manifest()}


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
        if (bundle / "public" / "train.csv").exists():
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
            train = read(bundle / "public" / "train.csv")[split["column"]]
            test = read(bundle / "public" / "test.csv")[split["column"]]
            assert train.max() <= test.min()


# ---------------------------------------------------------------------------------------------
# Leakage gate: no single public column, the id included, may give a perfect score.


def single_column_prediction(task: str, train: pd.Series, test: pd.Series, y: pd.Series):
    """Predict y for the test rows from one column: a lookup for text, a regression tree (leaves of 5 rows) otherwise."""
    if task == "text":
        table = pd.DataFrame({"x": train.astype(str), "y": y}).groupby("x")["y"].agg(lambda v: v.mode().iloc[0])
        return test.astype(str).map(table).fillna(y.mode().iloc[0]).to_numpy()
    codes = encode_together(train, test)
    model = DecisionTreeRegressor(min_samples_leaf=5, random_state=0).fit(codes[: len(train)], y.astype(float))
    return model.predict(codes[len(train):])


def encode_together(train: pd.Series, test: pd.Series) -> np.ndarray:
    """One numeric feature for both frames: numbers as they are, text as sorted category codes."""
    both = pd.concat([train, test], ignore_index=True)
    if pd.api.types.is_numeric_dtype(both):
        values = both.astype(float).fillna(-1e18).to_numpy()
    else:
        values = pd.Categorical(both.astype(str)).codes.astype(float)
    return values.reshape(-1, 1)


def training_targets(task: str, train: pd.DataFrame, target: list[str], columns: list[str]) -> pd.DataFrame:
    """The training values of every submission column (one-hot for multi-class)."""
    if task == "multiclass_classification":
        labels = train[target[0]].astype(str)
        return pd.DataFrame({c: (labels == c).astype(float) for c in columns})
    return train[columns]


def share_of_gap_closed(score: float, constant: float, perfect: float) -> float:
    """How far a score gets from the constant submission's score towards the perfect one (1 = all the way)."""
    return (score - constant) / (perfect - constant)


def single_column_gaps(entry: dict) -> dict[str, float]:
    """For every test.csv column, the share of the gap to a perfect score that it closes alone."""
    bundle = built()[0] / entry["id"]
    train, test = read(bundle / "public" / "train.csv"), read(bundle / "public" / "test.csv")
    answers = read(bundle / "private" / "answers.csv")
    sample = read(bundle / "public" / "sample_submission.csv")
    columns = target_columns(bundle)
    y = training_targets(entry["task"], train, build.as_list(entry["target"]), columns)
    constant = metrics_ref.score(entry["metric"], answers, sample, columns)["score"]
    perfect = metrics_ref.PERFECT[entry["metric"]["name"]]
    gaps = {}
    for feature in test.columns:
        prediction = test[["id"]].copy()
        for column in columns:
            prediction[column] = single_column_prediction(entry["task"], train[feature], test[feature], y[column])
        score = metrics_ref.score(entry["metric"], answers, prediction, columns)["score"]
        gaps[feature] = share_of_gap_closed(score, constant, perfect)
    return gaps


def test_no_single_column_gives_a_near_perfect_score():
    """A column that closes 99% of the gap between the constant prior and a perfect score is a leak
    (e.g. keeping `price` next to the target log_price closes 99.97% of it; `carat` alone 75%)."""
    for entry in entries().values():
        if not (built()[0] / entry["id"] / "public" / "train.csv").exists():
            continue  # not a train/test table (ranking): see the ranking test below
        for feature, gap in single_column_gaps(entry).items():
            assert gap < 0.99, f"{entry['id']}: {feature} alone closes {gap:.2%} of the gap to a perfect score"


def test_ranking_answers_are_not_in_the_public_ratings():
    bundle = built()[0] / "movielens-next-movies"
    ratings = read(bundle / "public" / "ratings.csv")
    answers = read(bundle / "private" / "answers.csv")
    seen = ratings.groupby("userId")["movieId"].apply(lambda m: set(m.astype(str))).to_dict()
    for user, movies in zip(answers["id"], answers["movies"]):
        assert movies.split(), f"user {user} has an empty answer list"
        assert not set(movies.split()) & seen.get(user, set()), f"user {user}: an answer movie is public"


# ---------------------------------------------------------------------------------------------
# Baselines


def test_baselines_run_and_beat_the_sample_submission():
    for bundle in bundles():
        m = manifest(bundle)
        with tempfile.TemporaryDirectory() as tmp:
            submission = Path(tmp) / "submission.csv"
            build.run_baseline(bundle, submission, timeout=120)
            predicted = read(submission)
        answers = read(bundle / "private" / "answers.csv")
        sample = read(bundle / "public" / "sample_submission.csv")
        assert sorted(predicted.columns) == sorted(["id", *target_columns(bundle)])
        assert not predicted.isna().any().any(), f"{bundle.name}: the baseline left empty cells"
        assert sorted(predicted["id"]) == sorted(answers["id"])
        baseline = metrics_ref.score(m["metric"], answers, predicted, target_columns(bundle))
        constant = metrics_ref.score(m["metric"], answers, sample, target_columns(bundle))
        higher = metrics_ref.HIGHER_IS_BETTER[m["metric"]["name"]]
        better = baseline["score"] > constant["score"] if higher else baseline["score"] < constant["score"]
        assert better, f"{bundle.name}: baseline {baseline} does not beat the sample submission {constant}"


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
            build.main(["--only", "movielens-next-movies", "--out", str(root / "bundles"),
                        "--score-baseline", "--pack", "--competitions", str(root / "Competitions")])
        finally:
            os.environ.pop("TATAMI_BIN") if old is None else os.environ.update(TATAMI_BIN=old)
        calls = log.read_text().splitlines()
        assert calls[0].startswith("score --answers ") and "--metric map_at_k --param k=10 " in calls[0]
        assert calls[0].endswith(" --json")
        assert calls[1].startswith("bundle pack ") and " -o " in calls[1]
        assert (root / "Competitions" / "movielens-next-movies.tar.gz").is_file()
        scores = manifest(root / "bundles" / "movielens-next-movies")["baseline"]["scores"]
        assert set(scores) == {"public", "private"} and 0 < scores["private"] < 1


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
