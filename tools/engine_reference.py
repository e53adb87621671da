#!/usr/bin/env python3
"""End-to-end reference cases for Tatami's scoring engine: CSV files in, Public and Private scores out.

Usage: engine_reference.py OUTPUT_DIR   (writes OUTPUT_DIR/cases.json and one folder of CSV files per case)

Where tools/metric_reference.py checks each metric on aligned arrays, these cases check the whole path a
user takes: answers with a Usage column (Public, Private, Ignored), submissions with rows shuffled, string
ids that need quoting, CRLF line ends, a UTF-8 BOM, columns in another order, class probabilities against a
label column. Expected scores are computed the way a user would otherwise do it: pandas read_csv, a merge on
the id column, then scikit-learn (or numpy ports of Kaggle's code) on the Public and the Private rows.
"""

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn import metrics as skm

EPS = 1e-15


def string_ids(rng, count):
    """Ids a CSV writer must quote now and then: commas, quotes, spaces and non-ASCII letters."""
    stems = ["row", "a,b", 'say "x"', "naïve", "space d"]
    return [f"{stems[i % len(stems)]}-{number}" for i, number in enumerate(rng.permutation(count * 3)[:count])]


def usage_column(rng, count):
    return rng.choice(["Public", "Private", "Ignored"], size=count, p=[0.3, 0.6, 0.1])


def apk(actual, predicted, k):
    """Kaggle's average precision at k (benhamner's ml_metrics), duplicates counted once."""
    predicted = predicted[:k]
    score, hits = 0.0, 0
    for i, p in enumerate(predicted):
        if p in actual and p not in predicted[:i]:
            hits += 1
            score += hits / (i + 1.0)
    return score / min(len(actual), k) if actual else 0.0


def kaggle_multiclass_log_loss(truth_labels, probabilities, classes):
    clipped = np.clip(probabilities, EPS, 1 - EPS)
    clipped = clipped / clipped.sum(axis=1, keepdims=True)
    return skm.log_loss(truth_labels, clipped, labels=classes)


def score_sets(answers, submission, id_column, compute):
    """Merges like a user would and scores each Usage set; returns (public, private)."""
    merged = answers.merge(submission, on=id_column, how="inner", suffixes=("", "_pred"), validate="one_to_one")
    assert len(merged) == len(answers) == len(submission)
    return tuple(float(compute(merged[merged["Usage"] == usage])) for usage in ("Public", "Private"))


def read(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def case_roc_auc(rng, n):
    ids = string_ids(rng, n)
    truth = rng.integers(0, 2, n)
    scores = np.round(rng.random(n) * 0.6 + truth * 0.3, 2)  # rounding makes ties
    answers = pd.DataFrame({"id": ids, "target": truth, "Usage": usage_column(rng, n)})
    submission = pd.DataFrame({"id": ids, "target": scores}).sample(frac=1, random_state=1)
    return "roc_auc", {}, answers, submission, dict(lineterminator="\r\n", encoding="utf-8-sig"), \
        lambda rows: skm.roc_auc_score(rows["target"].astype(int), rows["target_pred"].astype(float))


def case_rmse(rng, n):
    ids = rng.choice(10**9, n, replace=False)
    truth = rng.normal(50, 10, n)
    answers = pd.DataFrame({"id": ids, "target": truth, "Usage": usage_column(rng, n)})
    submission = pd.DataFrame({"id": ids, "target": truth + rng.normal(0, 3, n)}).sample(frac=1, random_state=2)
    return "rmse", {}, answers, submission, {}, \
        lambda rows: skm.root_mean_squared_error(rows["target"].astype(float), rows["target_pred"].astype(float))


def case_multiclass(rng, n):
    classes = ["Adelie", "Chin strap", "Gentoo"]
    ids = np.arange(1000, 1000 + n)
    labels = rng.choice(classes, n)
    raw = rng.random((n, 3)) + 0.8 * (labels[:, None] == np.array(classes))
    raw[rng.random((n, 3)) < 0.05] = 0.0  # zeros exercise the clipping
    answers = pd.DataFrame({"id": ids, "species": labels, "Usage": usage_column(rng, n)})
    submission = pd.DataFrame(raw, columns=classes).assign(id=ids)[["Gentoo", "id", "Adelie", "Chin strap"]]
    submission = submission.sample(frac=1, random_state=3)

    def compute(rows):
        probabilities = rows[classes].astype(float).to_numpy()
        return kaggle_multiclass_log_loss(rows["species"], probabilities, classes)
    return "multiclass_log_loss", {}, answers, submission, {}, compute


def case_f1_macro(rng, n):
    labels = ["cat", "dog", "émeu", "a,b"]
    ids = string_ids(rng, n)
    truth = rng.choice(labels, n)
    predicted = np.where(rng.random(n) < 0.6, truth, rng.choice(labels, n))
    answers = pd.DataFrame({"id": ids, "animal": truth, "Usage": usage_column(rng, n)})
    submission = pd.DataFrame({"animal": predicted, "id": ids}).sample(frac=1, random_state=4)
    return "f1_macro", {}, answers, submission, {}, \
        lambda rows: skm.f1_score(rows["animal"], rows["animal_pred"], average="macro")


def case_map_at_k(rng, n):
    items = [f"m{i}" for i in range(30)]
    ids = np.arange(n)
    actual = [" ".join(rng.choice(items, rng.integers(0, 4), replace=False)) for _ in range(n)]
    predicted = [" ".join(rng.choice(items, rng.integers(1, 6))) for _ in range(n)]
    answers = pd.DataFrame({"user": ids, "movies": actual, "Usage": usage_column(rng, n)})
    submission = pd.DataFrame({"user": ids, "movies": predicted}).sample(frac=1, random_state=5)

    def compute(rows):
        return np.mean([apk(a.split(), p.split(), 3) for a, p in zip(rows["movies"], rows["movies_pred"])])
    return "map_at_k", {"k": "3"}, answers, submission, {}, compute


def case_columnwise_rmse(rng, n):
    targets = ["reactivity", "deg_Mg_pH10", "deg_50C"]
    ids = string_ids(rng, n)
    truth = rng.normal(0, 1, (n, 3))
    answers = pd.DataFrame(truth, columns=targets).assign(id=ids, Usage=usage_column(rng, n))
    predicted = pd.DataFrame(truth + rng.normal(0, 0.5, (n, 3)), columns=targets).assign(id=ids)
    submission = predicted[["deg_50C", "id", "reactivity", "deg_Mg_pH10"]].sample(frac=1, random_state=6)

    def compute(rows):
        return np.mean([skm.root_mean_squared_error(rows[t].astype(float), rows[t + "_pred"].astype(float))
                        for t in targets])
    return "mean_columnwise_rmse", {}, answers, submission, {}, compute


CASES = [case_roc_auc, case_rmse, case_multiclass, case_f1_macro, case_map_at_k, case_columnwise_rmse]


def main(output):
    output = Path(output)
    rng = np.random.default_rng(20261122)
    cases = []
    for make in CASES:
        for n in (50, 2000):
            metric, params, answers, submission, write_options, compute = make(rng, n)
            folder = output / f"{metric}-{n}"
            folder.mkdir(parents=True)
            answers.to_csv(folder / "answers.csv", index=False)
            submission.to_csv(folder / "submission.csv", index=False, **write_options)
            id_column = answers.columns[0] if metric == "map_at_k" else "id"
            public, private = score_sets(read(folder / "answers.csv"), read(folder / "submission.csv"),
                                         id_column, compute)
            cases.append({"name": folder.name, "metric": metric, "params": params, "id_column": id_column,
                          "public": public, "private": private})
    (output / "cases.json").write_text(json.dumps(cases, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
