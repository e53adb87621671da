"""Quality gates of one built bundle directory, shared by test_build.py and check_all.py --gates.

Each gate returns a list of problems (empty = passed):

- manifest: competition.yaml has only known keys and every required one, the id matches the folder;
- ids: answers cover exactly the ids of test.csv, no id twice in answers, test or train, train and
  test ids disjoint, Usage is Public/Private with about 30% Public;
- sample: sample_submission.csv has the submission's columns and ids and scores (finite);
- baseline: the baseline runs and reproduces the scores declared in competition.yaml (with tatami);
- baseline_beats_sample (advisory, reported apart): the baseline's private score beats the sample's;
- description: description.md names every column of every public CSV, the metric and its direction.

and the quality gates of the catalog (notes/catalog-v2.md), each measured (`quality()` returns the
numbers, not only passed/failed), with the thresholds in THRESHOLDS:

- size: >= 300 Public and >= 700 Private answer rows (a row = a scored unit);
- stability: Spearman(public, private) of the reference board's entries >= 0.7;
- headroom: no reference entry closes >= 98% of the gap between the prior and a perfect score;
- learnable: the best reference entry closes >= 10% of it and the baseline beats the prior;
- leak: no single public column (tree, or lookup for text) and no linear / logistic model on two
  public columns closes >= 95% of it;
- gap: the baseline's |public - private| / |private| < 0.25;
- baseline_first (report only): whether the baseline is first on its own board.

closed(s) = (s - prior) / (perfect - prior) on the Private rows, prior = the sample submission's score,
perfect = the answers' own score. The builder runs the gates that need no board before packing
(`build.py --gates`); check_all.py --gates runs all of them.
"""

from __future__ import annotations

import functools
import json
import math
import os
import subprocess
import tempfile
import time
from pathlib import Path

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # one core (when numpy is not
    os.environ.setdefault(_variable, "1")  # loaded yet): threaded BLAS made the leak models 10x slower

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


# ---------------------------------------------------------------------------------------------
# The quality gates of the catalog (notes/catalog-v2.md; `tatami bundle check` implements the same
# definitions of the gates that need no Python). Thresholds in one place:

THRESHOLDS = {
    "min_public_rows": 300,      # size: answer rows (scored units) with Usage = Public
    "min_private_rows": 700,     # size: ... with Usage = Private
    "min_stability": 0.7,        # stability: Spearman(public, private) over the reference entries
    "max_closed": 0.98,          # headroom: no reference entry closes this share of the gap or more
    "min_best_closed": 0.10,     # learnable: the best reference entry closes at least this share
    "leak_closed": 0.95,         # leak: no single column or pair of columns closes this share or more
    "max_baseline_gap": 0.25,    # gap: |public - private| / |private| of the baseline below this
}
LEAK_ALL_PAIRS = 24     # up to this many public columns every pair is tried (276 pairs)
LEAK_PAIR_COLUMNS = 16  # wider data (pixels): pairs among 16 columns, half the best alone and half the largest
                        # standardised coefficients of a linear / logistic model on every column (a leak that is a
                        # combination of two columns shows there even when neither column is strong alone)
LEAK_ROWS = 3000        # the leak models train on at most this many training rows (a seeded sample)
LEAK_MAX_FITS = 300     # classification: pairs x outputs (labels of a multi-label target, classes of a multi-class
                        # one) at most this many logistic fits; beyond it the pairs come from fewer columns
QUALITY = ("size", "stability", "headroom", "learnable", "leak", "gap")
REPORT_ONLY = ("baseline_first",)


def closed(score: float, prior: float, perfect: float) -> float:
    """The share of the gap between the prior and a perfect score that `score` closes (1 = perfect)."""
    if perfect == prior:
        return 0.0
    return (score - prior) / (perfect - prior)


@functools.lru_cache(maxsize=8)
def anchors(bundle: Path) -> dict:
    """The prior (public/sample_submission.csv) and perfect (the answers submitted as they are) scores,
    public and private, from the reference metrics of metrics_ref.py."""
    m = manifest_of(bundle)
    answers = read(bundle / "private" / "answers.csv")
    columns = m["submission"]["target_columns"]
    sample = read(bundle / "public" / "sample_submission.csv")
    prior = metrics_ref.score(m["metric"], answers, sample, columns)
    perfect = metrics_ref.score(m["metric"], answers, answers.drop(columns=["Usage"]), columns)
    return {"prior": {"public": prior["public_score"], "private": prior["private_score"]},
            "perfect": {"public": perfect["public_score"], "private": perfect["private_score"]}}


def board_rows(path: Path) -> list[dict]:
    import csv

    with path.open(encoding="utf-8") as handle:
        return [{**r, "public_score": float(r["public_score"]), "private_score": float(r["private_score"])}
                for r in csv.DictReader(handle)]


def measure_size(bundle: Path, entry: dict, board=None) -> dict:
    usage = read(bundle / "private" / "answers.csv")["Usage"]
    public, private = int((usage == "Public").sum()), int((usage == "Private").sum())
    return {"passed": public >= THRESHOLDS["min_public_rows"] and private >= THRESHOLDS["min_private_rows"],
            "public_rows": public, "private_rows": private,
            "unit": {"ranking": "a user or ranking group", "time_series_forecasting": "a series x horizon step"}.get(
                manifest_of(bundle)["task"], "a row")}


def spearman(a: list[float], b: list[float]) -> float | None:
    from scipy.stats import spearmanr

    if len(a) < 3 or len(set(a)) < 2 or len(set(b)) < 2:
        return None
    return float(spearmanr(a, b).statistic)


def measure_stability(bundle: Path, entry: dict, board=None) -> dict:
    rows = [r for r in board_rows(board) if r["kind"] == "reference"]
    rho = spearman([r["public_score"] for r in rows], [r["private_score"] for r in rows])
    return {"passed": rho is not None and rho >= THRESHOLDS["min_stability"], "spearman": rho, "entries": len(rows)}


def measure_headroom(bundle: Path, entry: dict, board=None) -> dict:
    a = anchors(bundle)
    rows = [r for r in board_rows(board) if r["kind"] == "reference"]
    best = max(rows, key=lambda r: closed(r["private_score"], a["prior"]["private"], a["perfect"]["private"]))
    share = closed(best["private_score"], a["prior"]["private"], a["perfect"]["private"])
    return {"passed": share < THRESHOLDS["max_closed"], "best_closed": share, "best_team": best["team"],
            "prior": a["prior"]["private"], "perfect": a["perfect"]["private"]}


def measure_learnable(bundle: Path, entry: dict, board=None) -> dict:
    a = anchors(bundle)
    m = manifest_of(bundle)
    higher = metrics_ref.HIGHER_IS_BETTER[m["metric"]["name"]]
    baseline = (m.get("baseline") or {}).get("scores") or {}
    prior = a["prior"]["private"]
    beats = "private" in baseline and (baseline["private"] > prior if higher else baseline["private"] < prior)
    result = {"baseline_private": baseline.get("private"), "prior": prior, "perfect": a["perfect"]["private"],
              "baseline_beats_prior": bool(beats)}
    if board is not None:
        rows = [r for r in board_rows(board) if r["kind"] == "reference"]
        share = max(closed(r["private_score"], prior, a["perfect"]["private"]) for r in rows)
        result.update(best_closed=share, passed=bool(beats) and share >= THRESHOLDS["min_best_closed"])
    else:  # before the board exists (the builder): the baseline part only
        result.update(best_closed=None, passed=bool(beats))
    return result


def measure_gap(bundle: Path, entry: dict, board=None) -> dict:
    scores = (manifest_of(bundle).get("baseline") or {}).get("scores")
    if not scores:
        return {"passed": False, "gap": None, "why": "no declared baseline scores"}
    public, private = scores["public"], scores["private"]
    if private == 0:
        gap = 0.0 if public == 0 else math.inf
    else:
        gap = abs(public - private) / abs(private)
    return {"passed": gap < THRESHOLDS["max_baseline_gap"], "gap": gap, "public": public, "private": private}


def measure_baseline_first(bundle: Path, entry: dict, board=None) -> dict:
    rows = board_rows(board)
    rank = next((int(r["rank"]) for r in rows if r["kind"] == "baseline"), None)
    return {"passed": rank != 1, "baseline_rank": rank, "entries": len(rows), "report_only": True}


# Leak: one column alone (a decision tree, a lookup for text), two columns in a linear or logistic model


def column_block(train: pd.Series, test: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A column as features for the linear models: a number standardised (missing = median, and a
    missing flag), a category one-hot over its 20 most frequent values."""
    both = pd.concat([train, test], ignore_index=True)
    if pd.api.types.is_numeric_dtype(both) or pd.api.types.is_bool_dtype(both):
        values = both.astype(float)
        missing = values.isna().to_numpy()
        filled = values.fillna(values.median() if values.notna().any() else 0.0).to_numpy()
        std = filled.std() or 1.0
        block = ((filled - filled.mean()) / std)[:, None]
        if missing.any():
            block = np.hstack([block, missing[:, None].astype(float)])
    else:
        text = both.astype(str)
        top = text.value_counts().index[:20]
        block = np.column_stack([(text == level).to_numpy(dtype=float) for level in top])
    return block[: len(train)], block[len(train):]


def leak_frames(bundle: Path, entry: dict):
    """(train, test, answers, columns, features) for the leak models, or None without a tabular target."""
    if not (bundle / "public" / "train.csv").exists():
        return None
    train, test = read(bundle / "public" / "train.csv"), read(bundle / "public" / "test.csv")
    target = build.as_list(entry["target"])[0]
    if target not in train.columns:
        return None
    features = [c for c in test.columns if c in train.columns and c not in build.as_list(entry["target"])]
    return train, test, features


def pair_submission(entry: dict, columns: list[str], train: pd.DataFrame, test: pd.DataFrame,
                    blocks: tuple[np.ndarray, np.ndarray]) -> pd.DataFrame:
    """A submission from a linear (numbers) or logistic (classes) model on two columns' features."""
    from sklearn.linear_model import LinearRegression, LogisticRegression

    kind = metric_kind(entry["metric"]["name"])
    targets = build.as_list(entry["target"])
    x_train, x_test = blocks
    prediction = test[["id"]].copy()
    if kind == "text":  # a lookup by the two columns together
        raise ValueError("text")
    if kind in ("label", "top_k", "prob_multi") or (kind == "prob_binary" and len(columns) == 1):
        target = targets[0]
        labels = train[target].astype(str).str.replace(r"\.0$", "", regex=True)
        if labels.nunique() < 2:
            raise ValueError("one class")
        model = LogisticRegression(C=100.0, max_iter=100, tol=1e-3).fit(x_train, labels)
        proba = model.predict_proba(x_test)
        classes = list(model.classes_)
        if kind == "label":
            prediction[target] = model.predict(x_test)
        elif kind == "top_k":
            k = int(entry["metric"]["params"]["k"])
            prediction[target] = [" ".join(np.array(classes)[row]) for row in np.argsort(-proba, axis=1)[:, :k]]
        elif kind == "prob_multi":
            for column in columns:
                prediction[column] = proba[:, classes.index(column)] if column in classes else 0.0
        else:
            positive = classes.index("1") if "1" in classes else len(classes) - 1
            prediction[columns[0]] = np.clip(proba[:, positive], 1e-6, 1 - 1e-6)
        return prediction
    for column in columns:
        y = train[column].astype(float).to_numpy()
        if kind == "prob_binary":  # multi-label: one logistic model per label
            if len(np.unique(y)) < 2:
                prediction[column] = float(y.mean())
                continue
            p = LogisticRegression(C=100.0, max_iter=100, tol=1e-3).fit(x_train, y.astype(int)).predict_proba(x_test)[:, 1]
            prediction[column] = np.clip(p, 1e-6, 1 - 1e-6)
            continue
        values = LinearRegression().fit(x_train, y).predict(x_test)
        if entry["metric"]["name"] in ("poisson_deviance", "mape", "rmsle", "msle", "mean_columnwise_rmsle"):
            values = np.clip(values, 1e-6 if entry["metric"]["name"] in ("poisson_deviance", "mape") else 0.0, None)
        prediction[column] = values
    return prediction


def pool_width(manifest: dict, train: pd.DataFrame, target: str) -> int:
    """Every pair is tried up to this many columns: LEAK_ALL_PAIRS, fewer for classification so that
    there are at most LEAK_MAX_FITS logistic fits (pairs x labels, or x classes); with more columns
    the pairs come from min(this, LEAK_PAIR_COLUMNS) columns (pair_pool)."""
    kind = metric_kind(manifest["metric"]["name"])
    columns = manifest["submission"]["target_columns"]
    if kind == "value":
        outputs = 0
    elif kind == "prob_binary" and len(columns) > 1:
        outputs = len(columns)
    else:
        classes = train[target].nunique() if target in train else 2
        outputs = classes if classes > 2 else 1
    width = LEAK_ALL_PAIRS
    while outputs and width > 4 and width * (width - 1) // 2 * outputs > LEAK_MAX_FITS:
        width -= 1
    return width


def pair_pool(entry: dict, train: pd.DataFrame, ranked: list[str], blocks: dict, size: int) -> list[str]:
    """Columns for the pairs on wide data: half the best alone, the rest by the largest standardised
    coefficient in one linear (numbers) or logistic (classes) model on every column's features."""
    from sklearn.linear_model import LogisticRegression, Ridge

    best_alone = ranked[: size // 2]
    x = np.hstack([blocks[f][0] for f in ranked])
    owner = np.concatenate([[n] * blocks[f][0].shape[1] for n, f in enumerate(ranked)])
    target = build.as_list(entry["target"])[0]
    kind = metric_kind(entry["metric"]["name"])
    try:
        if kind in ("label", "top_k", "prob_multi", "prob_binary"):
            y = train[target].astype(str)
            coefficients = np.abs(LogisticRegression(C=1.0, max_iter=300).fit(x, y).coef_).max(axis=0)
        else:
            y = train[target].astype(float).to_numpy()
            coefficients = np.abs(Ridge(alpha=1e-3).fit(x, (y - y.mean()) / (y.std() or 1.0)).coef_)
    except Exception:
        return ranked[:size]
    strength = np.zeros(len(ranked))
    np.maximum.at(strength, owner, coefficients)
    by_coefficient = [ranked[i] for i in np.argsort(-strength, kind="stable")]
    pool = list(best_alone)
    for f in by_coefficient:
        if len(pool) >= size:
            break
        if f not in pool:
            pool.append(f)
    return pool


def measure_leak(bundle: Path, entry: dict, board=None) -> dict:
    """Every public column alone (a tree; a lookup for text targets) and every pair of public columns in
    a linear / logistic model (pairs among the LEAK_PAIR_COLUMNS best single columns on wide data):
    the largest share of the gap closed on the Private rows."""
    frames = leak_frames(bundle, entry)
    if frames is None:
        return {"passed": True, "applies": False, "why": "no train.csv with the target (ranking, events)"}
    train, test, features = frames
    m = manifest_of(bundle)
    answers = read(bundle / "private" / "answers.csv")
    columns = m["submission"]["target_columns"]
    a = anchors(bundle)
    prior, perfect = a["prior"]["private"], a["perfect"]["private"]

    private = answers[answers["Usage"] == "Private"].reset_index(drop=True)
    position = pd.Series(np.arange(len(test)), index=test["id"].to_numpy())
    private_rows = position.loc[private["id"].to_numpy()].to_numpy()
    function = metrics_ref.METRICS[m["metric"]["name"]]
    params = m["metric"].get("params") or {}

    def share(prediction):  # the private score, without merging frames (ids aligned once)
        pred = prediction.iloc[private_rows].reset_index(drop=True)
        return closed(function(private[["id", *columns]], pred[["id", *columns]], columns, **params), prior, perfect)

    rows = np.sort(np.random.default_rng(0).choice(len(train), size=min(len(train), LEAK_ROWS), replace=False))
    small = train.iloc[rows].reset_index(drop=True)
    singles = {}
    for feature in features:
        try:
            singles[feature] = share(single_column_submission(entry, columns, small, test, feature))
        except Exception:  # a column the models cannot use (one value, ...) does not leak
            singles[feature] = float("nan")
    ranked = sorted((f for f in features if math.isfinite(singles[f])), key=lambda f: -singles[f])
    pairs = {}
    text_target = metric_kind(m["metric"]["name"]) == "text"
    blocks = {} if text_target else {f: column_block(small[f], test[f]) for f in ranked}
    width = pool_width(m, small, build.as_list(entry["target"])[0])
    pool = ranked if len(ranked) <= width else pair_pool(entry, small, ranked, blocks, min(width, LEAK_PAIR_COLUMNS))
    if not text_target and len(pool) >= 2:
        for i, first in enumerate(pool):
            for second in pool[i + 1:]:
                x = (np.hstack([blocks[first][0], blocks[second][0]]), np.hstack([blocks[first][1], blocks[second][1]]))
                try:
                    pairs[f"{first} + {second}"] = share(pair_submission(entry, columns, small, test, x))
                except Exception:
                    continue
    best_single = max(ranked, key=lambda f: singles[f]) if ranked else None
    best_pair = max(pairs, key=pairs.get) if pairs else None
    worst = max([singles[best_single] if best_single else -math.inf, pairs[best_pair] if best_pair else -math.inf])
    flagged = {k: v for k, v in {**singles, **pairs}.items() if math.isfinite(v) and v >= THRESHOLDS["leak_closed"]}
    return {"passed": not flagged, "applies": True, "max_closed": worst if math.isfinite(worst) else None,
            "best_single": best_single, "best_single_closed": singles.get(best_single),
            "best_pair": best_pair, "best_pair_closed": pairs.get(best_pair),
            "columns": len(features), "pairs_tried": len(pairs), "pair_pool": len(pool),
            "leaks": dict(sorted(flagged.items(), key=lambda kv: -kv[1])[:10])}


MEASURES = {"size": measure_size, "stability": measure_stability, "headroom": measure_headroom,
            "learnable": measure_learnable, "leak": measure_leak, "gap": measure_gap,
            "baseline_first": measure_baseline_first}
NEEDS_BOARD = {"stability", "headroom", "baseline_first"}


def quality(bundle: Path, entry: dict, board: Path | None = None, names=None) -> dict[str, dict]:
    """The measured quality gates of one bundle: gate -> {passed, the numbers}. Without a board
    (the builder, before the zoo has run) the gates that need one are left out and `learnable`
    checks only that the baseline beats the prior."""
    if board is not None and not board.exists():
        board = None
    out = {}
    for name, function in MEASURES.items():
        if (names and name not in names) or (board is None and name in NEEDS_BOARD):
            continue
        started = time.monotonic()
        try:
            out[name] = function(bundle, entry, board)
        except Exception as error:  # a crashing gate fails, with the reason
            out[name] = {"passed": False, "error": f"{type(error).__name__}: {str(error)[:300]}"}
        out[name]["seconds"] = round(time.monotonic() - started, 2)
    return out


def quality_problems(results: dict[str, dict]) -> list[str]:
    """One line per failed quality gate (report-only gates left out)."""
    problems = []
    for name, result in results.items():
        if result.get("passed") or name in REPORT_ONLY:
            continue
        numbers = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in result.items()
                   if k not in ("passed", "seconds", "leaks")}
        problems.append(f"{name}: {numbers}")
    return problems


def gate_leakage(bundle: Path, entry: dict) -> list[str]:
    """The leak gate as problems: every column or pair that closes THRESHOLDS["leak_closed"] or more."""
    result = measure_leak(bundle, entry)
    return [f"{name} {'alone ' if ' + ' not in name else ''}closes {share:.1%} of the gap to a perfect score"
            for name, share in result.get("leaks", {}).items()]


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


if __name__ == "__main__":  # python gates.py ID ...: the gates of built bundles (boards of Leaderboards/)
    import sys

    entries = {e["id"]: e for e in build.load_manifest()}
    for identifier in sys.argv[1:]:
        out = run_gates(build.REPO / "build" / "bundles" / identifier, entries[identifier])
        print(identifier, json.dumps({k: v for k, v in out.items() if v}) or "ok")
        measured = quality(build.REPO / "build" / "bundles" / identifier, entries[identifier],
                           build.REPO / "Leaderboards" / f"{identifier}.csv")
        print(json.dumps(measured, indent=1, default=float))
    os._exit(0)
