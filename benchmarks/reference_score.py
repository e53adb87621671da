"""What a user would otherwise run: pandas read_csv + alignment by id + scikit-learn, on Public and Private rows.

Usage: python benchmarks/reference_score.py ANSWERS SUBMISSION METRIC   (METRIC: roc_auc | rmse)
Prints the public and private scores as JSON, like `tatami score --json`.
"""

import json
import sys

import pandas as pd
from sklearn.metrics import roc_auc_score, root_mean_squared_error

METRICS = {"roc_auc": roc_auc_score, "rmse": root_mean_squared_error}


def score(answers_path, submission_path, metric_name):
    metric = METRICS[metric_name]
    answers = pd.read_csv(answers_path)
    submission = pd.read_csv(submission_path)
    if submission["id"].duplicated().any() or len(submission) != len(answers):
        raise SystemExit("invalid submission: duplicate or missing ids")
    merged = answers.merge(submission, on="id", how="left", suffixes=("", "_pred"), validate="one_to_one")
    if merged["target_pred"].isna().any():
        raise SystemExit("invalid submission: missing ids")
    scores = {}
    for usage in ("Public", "Private"):
        rows = merged[merged["Usage"] == usage]
        scores[f"{usage.lower()}_score"] = float(metric(rows["target"], rows["target_pred"]))
    return scores


if __name__ == "__main__":
    print(json.dumps(score(*sys.argv[1:4])))
