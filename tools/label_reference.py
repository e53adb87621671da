#!/usr/bin/env python3
"""Label spellings scored the way graders that read CSV files with pandas score them.

Usage: label_reference.py OUTPUT_DIR   (writes OUTPUT_DIR/cases.json and one folder of CSV files per case)

MLE-bench's and MLE-Dojo's graders read answers and submissions with pandas' `read_csv`, which turns
`True`/`true`/`TRUE` into booleans and `2.0` into a float, so a submission of `True`/`False` against 0/1
answers, or of `5.0` against the label `5`, scores what it means. Each case here writes answers with a Usage
column and a submission with such spellings, and records the Public and Private scores of that grader:
read_csv with its default type inference, a merge on the id, then scikit-learn. Cases whose cells are not
labels at all (probabilities in a label column, `True` against labels 1 and 2) expect `unknown_label`.
"""

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn import metrics as skm

METRICS = {
    "accuracy": skm.accuracy_score,
    "quadratic_weighted_kappa": lambda truth, predicted: skm.cohen_kappa_score(truth, predicted, weights="quadratic"),
    "f1": skm.f1_score,
}


def usage_column(rng, count):
    return rng.choice(["Public", "Private"], size=count, p=[0.3, 0.7])


def pandas_grader(folder, target, metric):
    """What a pandas-based grader computes: default read_csv, merge on id, the metric per Usage set."""
    answers = pd.read_csv(folder / "answers.csv")
    submission = pd.read_csv(folder / "submission.csv")
    merged = answers.merge(submission, on="id", suffixes=("", "_pred"), validate="one_to_one")
    assert len(merged) == len(answers)
    score = METRICS[metric]
    return [float(score(rows[target], rows[target + "_pred"]))
            for rows in (merged[merged["Usage"] == usage] for usage in ("Public", "Private"))]


def titanic(rng, n, spell):
    """Survived 0/1, a classifier right about 80 % of the time; `spell` writes its 0/1 predictions."""
    truth = rng.integers(0, 2, n)
    predicted = np.where(rng.random(n) < 0.8, truth, 1 - truth)
    answers = pd.DataFrame({"id": np.arange(n), "survived": truth, "Usage": usage_column(rng, n)})
    submission = pd.DataFrame({"id": np.arange(n), "survived": [spell(value) for value in predicted]})
    return answers, submission, "survived"


def soup(rng, n, labels, spell):
    """Sureness on a 1-6 scale, predictions off by one now and then; answers written as `labels` spells them."""
    truth = rng.integers(1, 7, n)
    predicted = np.clip(truth + rng.choice([-1, 0, 0, 1], n), 1, 6)
    answers = pd.DataFrame({"id": np.arange(n), "SURENESS": [labels(v) for v in truth], "Usage": usage_column(rng, n)})
    submission = pd.DataFrame({"id": np.arange(n), "SURENESS": [spell(v) for v in predicted]})
    return answers, submission, "SURENESS"


def boolean_answers(rng, n):
    """Answers True/False, a submission of 1/0."""
    truth = rng.random(n) < 0.4
    predicted = np.where(rng.random(n) < 0.75, truth, ~truth)
    answers = pd.DataFrame({"id": np.arange(n), "spam": truth, "Usage": usage_column(rng, n)})
    submission = pd.DataFrame({"id": np.arange(n), "spam": predicted.astype(int)})
    return answers, submission, "spam"


def probabilities(rng, n):
    """Probabilities of survival where the 0/1 label belongs: not a label; the grader must refuse it."""
    answers, _, target = titanic(rng, n, str)
    submission = pd.DataFrame({"id": np.arange(n), target: np.round(0.01 + 0.98 * rng.random(n), 3)})
    return answers, submission, target


def true_for_labels(rng, n):
    """`True` where the labels are 1 and 2: a boolean means neither."""
    truth = rng.integers(1, 3, n)
    answers = pd.DataFrame({"id": np.arange(n), "class": truth, "Usage": usage_column(rng, n)})
    submission = pd.DataFrame({"id": np.arange(n), "class": ["True"] * n})
    return answers, submission, "class"


CASES = [
    ("titanic-True-False", "accuracy", {}, lambda rng, n: titanic(rng, n, lambda v: "True" if v else "False")),
    ("titanic-true-false", "accuracy", {}, lambda rng, n: titanic(rng, n, lambda v: "true" if v else "false")),
    ("titanic-TRUE-FALSE", "accuracy", {}, lambda rng, n: titanic(rng, n, lambda v: "TRUE" if v else "FALSE")),
    ("titanic-floats", "accuracy", {}, lambda rng, n: titanic(rng, n, lambda v: f"{float(v)}")),
    ("titanic-f1-booleans", "f1", {}, lambda rng, n: titanic(rng, n, lambda v: "True" if v else "False")),
    ("soup-floats", "quadratic_weighted_kappa", {}, lambda rng, n: soup(rng, n, str, lambda v: f"{float(v)}")),
    ("soup-accuracy-floats", "accuracy", {}, lambda rng, n: soup(rng, n, str, lambda v: f"{float(v)}")),
    ("qwk-float-labels", "quadratic_weighted_kappa", {},
     lambda rng, n: soup(rng, n, lambda v: f"{float(v)}", str)),
    ("qwk-exponent-spelling", "quadratic_weighted_kappa", {},
     lambda rng, n: soup(rng, n, lambda v: f"{float(v)}", lambda v: f"{v}e0")),
    ("boolean-answers-ints", "accuracy", {}, boolean_answers),
    ("probabilities", "accuracy", {}, probabilities),
    ("true-for-labels", "accuracy", {}, true_for_labels),
]
REFUSED = {"probabilities", "true-for-labels"}


def main(output):
    output = Path(output)
    rng = np.random.default_rng(20261201)
    cases = []
    for name, metric, params, make in CASES:
        answers, submission, target = make(rng, 400)
        folder = output / name
        folder.mkdir(parents=True)
        answers.to_csv(folder / "answers.csv", index=False)
        submission.to_csv(folder / "submission.csv", index=False)
        case = {"name": name, "metric": metric, "params": params}
        if name in REFUSED:
            case["error"] = "unknown_label"
        else:
            case["public"], case["private"] = pandas_grader(folder, target, metric)
        cases.append(case)
    (output / "cases.json").write_text(json.dumps(cases, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
