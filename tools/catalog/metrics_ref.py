"""Reference implementations (Python) of the metrics the catalog uses, for the builder's own checks.

They follow the conventions of shared/design/interfaces.md so that their numbers can be compared with
`tatami score`. The declared baseline scores of a bundle come from `tatami score` once it exists; these
functions verify outputs before then and drive the leakage gate of the test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

EPS = 1e-15

# Whether a larger score is better, for every metric a catalog entry may name (used in descriptions).
HIGHER_IS_BETTER = {
    "accuracy": True, "balanced_accuracy": True, "f1": True, "f1_macro": True, "roc_auc": True,
    "average_precision": True, "gini": True, "mean_columnwise_roc_auc": True, "map_at_k": True,
    "ndcg_at_k": True, "jaccard_word": True, "r2": True, "top_k_accuracy": True,
    "quadratic_weighted_kappa": True, "log_loss": False, "multiclass_log_loss": False,
    "mean_columnwise_log_loss": False, "rmse": False, "mse": False, "mae": False, "rmsle": False,
    "levenshtein": False, "smape": False,
}

DEFINITIONS = {
    "roc_auc": "area under the ROC curve of the predicted scores against the 0/1 answers "
               "(any monotone score works; only the ranking of the rows matters)",
    "multiclass_log_loss": "mean over rows of -ln(p of the true class), after clipping every "
                           "probability to [1e-15, 1 - 1e-15] and rescaling each row to sum to 1",
    "rmse": "square root of the mean squared difference between prediction and answer",
    "mean_columnwise_roc_auc": "the ROC AUC of each label column, averaged over the label columns",
    "map_at_k": "mean over users of the average precision of the first k predicted items "
                "(a repeated item counts once; divided by min(number of answer items, k))",
    "jaccard_word": "mean over rows of |A ∩ B| / |A ∪ B| where A and B are the sets of lower-cased "
                    "whitespace-separated words of the answer and the prediction (both empty = 1)",
}


def roc_auc(truth: pd.DataFrame, pred: pd.DataFrame, columns: list[str]) -> float:
    return float(roc_auc_score(truth[columns[0]].astype(int), pred[columns[0]].astype(float)))


def mean_columnwise_roc_auc(truth, pred, columns) -> float:
    return float(np.mean([roc_auc(truth, pred, [c]) for c in columns]))


def multiclass_log_loss(truth, pred, columns) -> float:
    p = np.clip(pred[columns].to_numpy(dtype=float), EPS, 1 - EPS)
    p = p / p.sum(axis=1, keepdims=True)
    y = truth[columns].to_numpy(dtype=float)
    return float(-np.mean(np.sum(y * np.log(p), axis=1)))


def rmse(truth, pred, columns) -> float:
    diff = truth[columns[0]].to_numpy(dtype=float) - pred[columns[0]].to_numpy(dtype=float)
    return float(np.sqrt(np.mean(diff ** 2)))


def apk(actual: list[str], predicted: list[str], k: int) -> float:
    """Kaggle's average precision at k (benhamner's ml_metrics.apk)."""
    if not actual:
        return 0.0
    predicted = predicted[:k]
    hits, score, seen = 0, 0.0, set()
    for rank, item in enumerate(predicted, start=1):
        if item in actual and item not in seen:
            hits += 1
            score += hits / rank
        seen.add(item)
    return score / min(len(actual), k)


def map_at_k(truth, pred, columns, k: int = 10) -> float:
    column = columns[0]
    pairs = zip(truth[column].fillna(""), pred[column].fillna(""))
    return float(np.mean([apk(str(a).split(), str(p).split(), k) for a, p in pairs]))


def jaccard_word(truth, pred, columns) -> float:
    column = columns[0]
    scores = []
    for a, p in zip(truth[column].fillna(""), pred[column].fillna("")):
        words_a, words_p = set(str(a).lower().split()), set(str(p).lower().split())
        union = words_a | words_p
        scores.append(1.0 if not union else len(words_a & words_p) / len(union))
    return float(np.mean(scores))


METRICS = {
    "roc_auc": roc_auc,
    "mean_columnwise_roc_auc": mean_columnwise_roc_auc,
    "multiclass_log_loss": multiclass_log_loss,
    "rmse": rmse,
    "map_at_k": map_at_k,
    "jaccard_word": jaccard_word,
}

# The best value a metric can reach: a score equal to it means the prediction is perfect.
PERFECT = {
    "roc_auc": 1.0, "mean_columnwise_roc_auc": 1.0, "multiclass_log_loss": 0.0, "rmse": 0.0,
    "map_at_k": 1.0, "jaccard_word": 1.0,
}


def score(metric: dict, answers: pd.DataFrame, submission: pd.DataFrame, columns: list[str],
          id_column: str = "id") -> dict:
    """Score a submission against answers aligned by id, as `tatami score --json` reports it:
    score = Private rows when the answers have a Usage column, else all rows."""
    merged = answers.merge(submission, on=id_column, suffixes=("", "__pred"), validate="one_to_one")
    if len(merged) != len(answers) or len(submission) != len(answers):
        raise ValueError("the submission's ids differ from the answers' ids")
    truth = merged[[id_column] + columns]
    pred = merged[[id_column] + [c + "__pred" for c in columns]].copy()
    pred.columns = [id_column] + columns
    function = METRICS[metric["name"]]
    params = metric.get("params") or {}

    def on(mask) -> float:
        return function(truth[mask].reset_index(drop=True), pred[mask].reset_index(drop=True), columns, **params)

    if "Usage" not in merged:
        everything = on(np.ones(len(merged), dtype=bool))
        return {"score": everything, "public_score": everything, "private_score": everything}
    public = on((merged["Usage"] == "Public").to_numpy())
    private = on((merged["Usage"] == "Private").to_numpy())
    return {"score": private, "public_score": public, "private_score": private}
