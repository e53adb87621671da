"""Quality gates of one built bundle directory, shared by test_build.py and check_all.py --gates.

Each gate returns a list of problems (empty = passed):

- manifest: competition.yaml has only known keys and every required one, the id matches the folder;
- ids: answers cover exactly the ids of test.csv, no id twice in answers, test or train, train and
  test ids disjoint, Usage is Public/Private with about 30% Public;
- sample: sample_submission.csv has the submission's columns and ids and scores (finite);
- baseline: the baseline runs and reproduces the scores declared in competition.yaml (with tatami);
- baseline_beats_sample (advisory, reported apart): the baseline's private score beats the sample's;
- leakage: no single public column, alone in a decision tree (or a lookup for text), closes 99% of
  the gap between the sample submission's score and a perfect score;
- description: description.md names every column of every public CSV, the metric and its direction.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

import build
import metrics_ref
from metrics_ref import metric_kind

MANIFEST_KEYS = {"format", "id", "title", "version", "task", "tags", "split", "metric", "submission", "answers",
                 "baseline", "limits", "source"}
REQUIRED_MANIFEST_KEYS = {"format", "id", "title", "version", "task", "metric", "submission", "source"}
LEAK_SHARE = 0.99
_BASELINE_SCORES: dict[str, dict] = {}  # bundle path -> the baseline's scores, shared by two gates


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def manifest_of(bundle: Path) -> dict:
    return yaml.safe_load((bundle / "competition.yaml").read_text(encoding="utf-8"))


def gate_manifest(bundle: Path, entry: dict) -> list[str]:
    m = manifest_of(bundle)
    problems = []
    if not set(m) <= MANIFEST_KEYS:
        problems.append(f"unknown keys {sorted(set(m) - MANIFEST_KEYS)}")
    if not REQUIRED_MANIFEST_KEYS <= set(m):
        problems.append(f"missing keys {sorted(REQUIRED_MANIFEST_KEYS - set(m))}")
    if m.get("id") != bundle.name or m.get("format") != 1:
        problems.append("id or format wrong")
    for key in ("name", "dataset", "license", "citation"):
        if not m.get("source", {}).get(key):
            problems.append(f"source.{key} missing")
    return problems


def gate_ids(bundle: Path, entry: dict) -> list[str]:
    answers = read(bundle / "private" / "answers.csv")
    test = read(bundle / "public" / "test.csv")
    problems = []
    if answers["id"].duplicated().any():
        problems.append("duplicate ids in answers")
    if test["id"].duplicated().any():
        problems.append("duplicate ids in test.csv")
    if set(answers["id"]) != set(test["id"]):
        problems.append("answers and test.csv ids differ")
    train_path = bundle / "public" / "train.csv"
    if train_path.exists():
        train = read(train_path)
        if "id" in train:
            if train["id"].duplicated().any():
                problems.append("duplicate ids in train.csv")
            if set(train["id"]) & set(test["id"]):
                problems.append("an id is in train.csv and test.csv")
    if set(answers["Usage"]) != {"Public", "Private"} or abs((answers["Usage"] == "Public").mean() - 0.3) > 0.05:
        problems.append("Usage is not a ~30% Public / 70% Private split")
    return problems


def tatami_scores(bundle: Path, metric: dict, submission: Path) -> dict | None:
    """Public and private scores from `tatami score`, or None without a binary."""
    try:
        binary = build.tatami_binary()
    except FileNotFoundError:
        return None
    command = [str(binary), "score", "--answers", str(bundle / "private" / "answers.csv"), "--metric", metric["name"]]
    for key, value in sorted((metric.get("params") or {}).items()):
        command += ["--param", f"{key}={value}"]
    result = subprocess.run(command + [str(submission), "--json"], capture_output=True, text=True)
    report = json.loads(result.stdout)
    if result.returncode != 0 or not report.get("valid_submission"):
        raise RuntimeError(f"tatami score: {report.get('error')}")
    return {"public": report["public_score"], "private": report["private_score"]}


def python_scores(bundle: Path, metric: dict, submission: Path) -> dict:
    answers = read(bundle / "private" / "answers.csv")
    predicted = read(submission)
    columns = [c for c in answers.columns if c not in ("id", "Usage")]
    result = metrics_ref.score(metric, answers, predicted, columns)
    return {"public": result["public_score"], "private": result["private_score"]}


def gate_sample(bundle: Path, entry: dict) -> list[str]:
    m = manifest_of(bundle)
    sample = read(bundle / "public" / "sample_submission.csv")
    problems = []
    if list(sample.columns) != ["id", *m["submission"]["target_columns"]]:
        problems.append("sample_submission.csv columns differ from the submission's")
    scores = tatami_scores(bundle, m["metric"], bundle / "public" / "sample_submission.csv") or \
        python_scores(bundle, m["metric"], bundle / "public" / "sample_submission.csv")
    if not all(math.isfinite(v) for v in scores.values()):
        problems.append(f"the sample submission does not score: {scores}")
    return problems


def gate_baseline(bundle: Path, entry: dict) -> list[str]:
    m = manifest_of(bundle)
    declared = (m.get("baseline") or {}).get("scores")
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        submission = Path(tmp) / "submission.csv"
        build.run_baseline(bundle, submission, timeout=300)
        scores = tatami_scores(bundle, m["metric"], submission)
        _BASELINE_SCORES[str(bundle)] = python_scores(bundle, m["metric"], submission)
    if scores is not None and declared:
        for part in ("public", "private"):
            # Declared at full precision; a rerun on another machine may differ in the last bits.
            if abs(scores[part] - declared[part]) > 1e-9 * max(1.0, abs(declared[part])):
                problems.append(f"baseline {part} score {scores[part]} != declared {declared[part]}")
    elif not declared:
        problems.append("no declared baseline scores")
    return problems


def gate_baseline_beats_sample(bundle: Path, entry: dict) -> list[str]:
    """Advisory: the baseline's private score is better than the sample submission's."""
    m = manifest_of(bundle)
    python = _BASELINE_SCORES.get(str(bundle))
    if python is None:  # not run by gate_baseline in this process
        with tempfile.TemporaryDirectory() as tmp:
            submission = Path(tmp) / "submission.csv"
            build.run_baseline(bundle, submission, timeout=300)
            python = python_scores(bundle, m["metric"], submission)
    sample = python_scores(bundle, m["metric"], bundle / "public" / "sample_submission.csv")
    higher = metrics_ref.HIGHER_IS_BETTER[m["metric"]["name"]]
    better = python["private"] > sample["private"] if higher else python["private"] < sample["private"]
    if not better:
        return [f"the baseline ({python['private']:.6g}) does not beat the sample ({sample['private']:.6g})"]
    return []


# ---------------------------------------------------------------------------------------------
# Leakage


def encode_together(train: pd.Series, test: pd.Series) -> np.ndarray:
    """One numeric feature for both frames: numbers as they are, text as sorted category codes."""
    both = pd.concat([train, test], ignore_index=True)
    if pd.api.types.is_numeric_dtype(both):
        values = both.astype(float).fillna(-1e18).to_numpy()
    else:
        values = pd.Categorical(both.astype(str)).codes.astype(float)
    return values.reshape(-1, 1)


def single_column_submission(entry: dict, columns: list[str], train: pd.DataFrame, test: pd.DataFrame,
                             feature: str) -> pd.DataFrame:
    """A submission from one public column: a lookup for text targets, else a decision tree (leaves of
    5 rows) on the column alone, in the format the metric reads."""
    kind = metric_kind(entry["metric"]["name"])
    target = build.as_list(entry["target"])[0]
    prediction = test[["id"]].copy()
    if kind == "text":
        y = train[target].astype(str)
        table = pd.DataFrame({"x": train[feature].astype(str), "y": y}).groupby("x")["y"].agg(
            lambda v: v.mode().iloc[0])
        prediction[target] = test[feature].astype(str).map(table).fillna(y.mode().iloc[0]).to_numpy()
        return prediction
    codes = encode_together(train[feature], test[feature])
    x_train, x_test = codes[: len(train)], codes[len(train):]
    if kind in ("label", "top_k"):
        labels = train[target].astype(str).str.replace(r"\.0$", "", regex=True)
        tree = DecisionTreeClassifier(min_samples_leaf=5, random_state=0).fit(x_train, labels)
        if kind == "label":
            prediction[target] = tree.predict(x_test)
        else:
            k = int(entry["metric"]["params"]["k"])
            order = np.argsort(-tree.predict_proba(x_test), axis=1)[:, :k]
            prediction[target] = [" ".join(tree.classes_[row]) for row in order]
        return prediction
    if kind == "prob_multi":
        labels = train[target].astype(str)
        y = pd.DataFrame({c: (labels == c).astype(float) for c in columns})
    else:
        y = train[columns]
    for column in columns:
        tree = DecisionTreeRegressor(min_samples_leaf=5, random_state=0).fit(x_train, y[column].astype(float))
        values = tree.predict(x_test)
        if entry["metric"]["name"] in ("poisson_deviance", "mape", "rmsle", "msle"):
            values = np.clip(values, 1e-6, None)
        prediction[column] = values
    return prediction


def share_of_gap_closed(score: float, constant: float, perfect: float) -> float:
    """How far a score gets from the constant submission's score towards the perfect one (1 = all the way)."""
    if perfect == constant:
        return 0.0
    return (score - constant) / (perfect - constant)


def single_column_gaps(bundle: Path, entry: dict) -> dict[str, float]:
    """For every column of test.csv that train.csv also has, the share of the gap it closes alone."""
    if not (bundle / "public" / "train.csv").exists():
        return {}
    train, test = read(bundle / "public" / "train.csv"), read(bundle / "public" / "test.csv")
    answers = read(bundle / "private" / "answers.csv")
    sample = read(bundle / "public" / "sample_submission.csv")
    columns = manifest_of(bundle)["submission"]["target_columns"]
    if build.as_list(entry["target"])[0] not in train.columns:
        return {}
    constant = metrics_ref.score(entry["metric"], answers, sample, columns)["score"]
    perfect = metrics_ref.PERFECT[entry["metric"]["name"]]
    gaps = {}
    for feature in test.columns:
        if feature not in train.columns:
            continue
        prediction = single_column_submission(entry, columns, train, test, feature)
        score = metrics_ref.score(entry["metric"], answers, prediction, columns)["score"]
        gaps[feature] = share_of_gap_closed(score, constant, perfect)
    return gaps


def gate_leakage(bundle: Path, entry: dict) -> list[str]:
    return [f"{feature} alone closes {gap:.1%} of the gap to a perfect score"
            for feature, gap in single_column_gaps(bundle, entry).items() if gap >= LEAK_SHARE]


def gate_description(bundle: Path, entry: dict) -> list[str]:
    text = (bundle / "description.md").read_text(encoding="utf-8")
    problems = []
    for csv in sorted((bundle / "public").glob("*.csv")):
        for column in read(csv).columns:
            if f"`{column}`" not in text:
                problems.append(f"{csv.name} column {column} not described")
    metric = manifest_of(bundle)["metric"]["name"]
    if f"`{metric}`" not in text or not ("higher is better" in text or "lower is better" in text):
        problems.append("the metric or its direction is not described")
    return problems


GATES = {
    "manifest": gate_manifest,
    "ids": gate_ids,
    "sample": gate_sample,
    "baseline": gate_baseline,
    "leakage": gate_leakage,
    "description": gate_description,
}
# Reported but not failing the catalog: a baseline may lose to the constant prior on a hard task.
ADVISORY = {"baseline_beats_sample": gate_baseline_beats_sample}


def run_gates(bundle: Path, entry: dict, names=None, advisory: bool = False) -> dict[str, list[str]]:
    """Every gate (or the named ones) on one bundle: gate name -> problems (an exception is a problem)."""
    results = {}
    for name, gate in {**GATES, **(ADVISORY if advisory else {})}.items():
        if names and name not in names:
            continue
        try:
            results[name] = gate(bundle, entry)
        except Exception as error:  # a crashing gate is a failed gate, with the reason
            results[name] = [f"{type(error).__name__}: {str(error)[:300]}"]
    return results


if __name__ == "__main__":  # python gates.py ID ...: the gates of built bundles
    import sys

    entries = {e["id"]: e for e in build.load_manifest()}
    for identifier in sys.argv[1:]:
        out = run_gates(build.REPO / "build" / "bundles" / identifier, entries[identifier])
        print(identifier, json.dumps({k: v for k, v in out.items() if v}) or "ok")
    os._exit(0)
