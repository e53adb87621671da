"""Reference implementations (Python) of the metrics the catalog uses, for the builder's own checks.

They follow the conventions of shared/design/interfaces.md so that their numbers can be compared with
`tatami score`. The declared baseline scores and the leaderboards come from `tatami score`; these
functions verify outputs without the binary and drive the leakage gate of the tests.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from sklearn import metrics as skm

EPS = 1e-15

HIGHER_IS_BETTER = {
    'accuracy': True,
    'balanced_accuracy': True,
    'precision': True,
    'recall': True,
    'f1': True,
    'fbeta': True,
    'f1_micro': True,
    'f1_macro': True,
    'f1_weighted': True,
    'mcc': True,
    'cohen_kappa': True,
    'quadratic_weighted_kappa': True,
    'roc_auc': True,
    'gini': True,
    'mean_columnwise_roc_auc': True,
    'average_precision': True,
    'log_loss': False,
    'mean_columnwise_log_loss': False,
    'multiclass_log_loss': False,
    'kl_divergence': False,
    'rmse': False,
    'mse': False,
    'mean_columnwise_rmse': False,
    'rmsle': False,
    'msle': False,
    'mean_columnwise_rmsle': False,
    'mae': False,
    'median_absolute_error': False,
    'r2': True,
    'mape': False,
    'smape': False,
    'rmspe': False,
    'poisson_deviance': False,
    'pinball': False,
    'pearson': True,
    'spearman': True,
    'kendall_tau': True,
    'map_at_k': True,
    'ndcg_at_k': True,
    'top_k_accuracy': True,
    'levenshtein': False,
    'jaccard_word': True,
    'dice': True,
    'iou': True,
    'haversine': False,
}

# One line per metric, as `tatami metrics` prints it.
DEFINITIONS = {
    'accuracy': 'share of rows whose predicted label equals the answer',
    'balanced_accuracy': 'recall of each answer label, averaged over the labels present in the answers',
    'precision': 'TP / (TP + FP) for the positive label; 0 when nothing is predicted positive (as sklearn)',
    'recall': 'TP / (TP + FN) for the positive label',
    'f1': 'F1 of the positive label: 2TP / (2TP + FP + FN)',
    'fbeta': 'F-beta of the positive label: (1 + b²)TP / ((1 + b²)TP + b²FN + FP)',
    'f1_micro': 'F1 of the pooled counts of all labels (equals accuracy)',
    'f1_macro': 'F1 of each label present in the answers or predictions, averaged',
    'f1_weighted': "F1 of each label, averaged with the labels' answer counts as weights",
    'mcc': 'Matthews correlation coefficient (multi-class form); 0 if either side is constant (as sklearn)',
    'cohen_kappa': "Cohen's kappa: (observed - chance agreement) / (1 - chance agreement)",
    'quadratic_weighted_kappa': "Cohen's kappa weighted by (i - j)² between label ranks; numeric order when every label is a number",
    'roc_auc': 'area under the ROC curve: P(score of a positive > score of a negative), ties count half',
    'gini': 'normalised Gini coefficient: 2 * roc_auc - 1',
    'mean_columnwise_roc_auc': 'ROC AUC of each binary label column, averaged over the columns',
    'average_precision': 'area under the precision-recall curve as sklearn: sum over score thresholds of ΔRecall * Precision',
    'log_loss': 'binary cross-entropy -mean(y ln p + (1 - y) ln(1 - p)), p clipped to [1e-15, 1 - 1e-15]',
    'mean_columnwise_log_loss': 'binary log loss of each label column, averaged over the columns',
    'multiclass_log_loss': '-mean over rows of sum_c y_c ln p_c; p clipped to [1e-15, 1 - 1e-15], then rows rescaled to sum 1',
    'kl_divergence': 'mean over rows of sum_c y_c ln(y_c / p_c), p clipped to [1e-15, 1 - 1e-15], y_c = 0 adds 0',
    'rmse': 'root mean squared error: sqrt(mean((y - p)^2))',
    'mse': 'mean squared error: mean((y - p)^2)',
    'mean_columnwise_rmse': 'RMSE of each target column, averaged over the columns',
    'rmsle': 'root mean squared logarithmic error: sqrt(mean((ln(1 + p) - ln(1 + y))^2))',
    'msle': 'mean squared logarithmic error: mean((ln(1 + p) - ln(1 + y))^2)',
    'mean_columnwise_rmsle': 'RMSLE of each target column, averaged over the columns',
    'mae': 'mean absolute error: mean(|y - p|)',
    'median_absolute_error': 'median of |y - p| (the mean of the two middle values for an even row count)',
    'r2': 'coefficient of determination: 1 - sum((y - p)^2) / sum((y - mean(y))^2); undefined for constant y',
    'mape': 'mean absolute percentage error as a fraction: mean(|y - p| / |y|); undefined if some y = 0',
    'smape': 'symmetric MAPE in percent: mean(200 |p - y| / (|y| + |p|)), a 0/0 term counts 0',
    'rmspe': 'root mean squared percentage error sqrt(mean(((y - p) / y)^2)) over the rows with y != 0',
    'poisson_deviance': 'mean Poisson deviance: mean(2 (y ln(y / p) - y + p)), with y ln y = 0 at y = 0',
    'pinball': 'mean pinball (quantile) loss: mean(alpha max(y - p, 0) + (1 - alpha) max(p - y, 0))',
    'pearson': 'Pearson correlation of answers and predictions (scipy.stats.pearsonr)',
    'spearman': 'Spearman rank correlation, ties get average ranks (scipy.stats.spearmanr)',
    'kendall_tau': "Kendall's tau-b, adjusted for ties (scipy.stats.kendalltau)",
    'map_at_k': 'mean average precision at k of space-separated lists (Kaggle apk: repeats count once)',
    'ndcg_at_k': 'NDCG at k of a ranked space-separated list; an item is relevant (gain 1) if in the answer list',
    'top_k_accuracy': 'share of rows whose answer label is among the up to k space-separated predicted labels',
    'levenshtein': 'mean edit distance (insertions, deletions, substitutions of Unicode scalars) per row',
    'jaccard_word': 'mean per-row |A ∩ B| / |A ∪ B| of lower-cased whitespace word sets; two empty texts score 1',
    'dice': "mean per-row Dice 2|X ∩ Y| / (|X| + |Y|) of RLE masks ('start length ...', 1-indexed); empty/empty = 1",
    'iou': 'mean per-row intersection over union |X ∩ Y| / |X ∪ Y| of RLE masks; both empty = 1',
    'haversine': 'mean great-circle distance in metres (R = 6,371,000) between (latitude, longitude) pairs in degrees',
}

# How a submission for a metric looks: probabilities of the positive class (prob_binary), one
# probability column per class (prob_multi), one label per row (label), up to k space-separated labels
# (top_k), a ranked list of items (list), one number per target column (value), text (text).
KINDS = {
    "prob_binary": ["roc_auc", "gini", "average_precision", "log_loss", "mean_columnwise_roc_auc",
                    "mean_columnwise_log_loss"],
    "prob_multi": ["multiclass_log_loss", "kl_divergence"],
    "label": ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "fbeta", "f1_micro", "f1_macro",
              "f1_weighted", "mcc", "cohen_kappa", "quadratic_weighted_kappa"],
    "top_k": ["top_k_accuracy"],
    "list": ["map_at_k", "ndcg_at_k"],
    "text": ["jaccard_word", "levenshtein"],
    "mask": ["dice", "iou"],
}


def metric_kind(name: str) -> str:
    for kind, names in KINDS.items():
        if name in names:
            return kind
    return "value"


# The best value a metric can reach (None: no finite best, e.g. kl 0 is best too).
PERFECT = {name: (1.0 if higher else 0.0) for name, higher in HIGHER_IS_BETTER.items()}


def _col(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].to_numpy(dtype=float)


def _labels(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].astype(str).str.replace(r"\.0$", "", regex=True).to_numpy()


def _clip(p: np.ndarray) -> np.ndarray:
    return np.clip(p, EPS, 1 - EPS)


def roc_auc(truth, pred, columns, **_) -> float:
    return float(skm.roc_auc_score(_col(truth, columns[0]).astype(int), _col(pred, columns[0])))


def binary_log_loss(y: np.ndarray, p: np.ndarray) -> float:
    p = _clip(p)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def multiclass_log_loss(truth, pred, columns, **_) -> float:
    p = _clip(pred[columns].to_numpy(dtype=float))
    p = p / p.sum(axis=1, keepdims=True)
    y = truth[columns].to_numpy(dtype=float)
    return float(-np.mean(np.sum(y * np.log(p), axis=1)))


def kl_divergence(truth, pred, columns, **_) -> float:
    p = _clip(pred[columns].to_numpy(dtype=float))
    y = truth[columns].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(y > 0, y * np.log(y / p), 0.0)
    return float(np.mean(terms.sum(axis=1)))


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


def _pairs(truth, pred, column):
    return zip(truth[column].fillna("").astype(str), pred[column].fillna("").astype(str))


def map_at_k(truth, pred, columns, k=10, **_) -> float:
    return float(np.mean([apk(a.split(), p.split(), int(k)) for a, p in _pairs(truth, pred, columns[0])]))


def ndcg_at_k(truth, pred, columns, k=10, **_) -> float:
    k = int(k)
    scores = []
    for a, p in _pairs(truth, pred, columns[0]):
        actual = set(a.split())
        ranked, seen = [], set()
        for item in p.split():
            if item not in seen:
                seen.add(item)
                ranked.append(item)
        dcg = sum(1 / np.log2(r + 2) for r, item in enumerate(ranked[:k]) if item in actual)
        ideal = sum(1 / np.log2(r + 2) for r in range(min(len(actual), k)))
        scores.append(dcg / ideal if ideal else 0.0)
    return float(np.mean(scores))


def top_k_accuracy(truth, pred, columns, k=3, **_) -> float:
    return float(np.mean([a in p.split()[: int(k)] for a, p in zip(_labels(truth, columns[0]),
                                                                     pred[columns[0]].astype(str))]))


def jaccard_word(truth, pred, columns, **_) -> float:
    scores = []
    for a, p in _pairs(truth, pred, columns[0]):
        words_a, words_p = set(a.lower().split()), set(p.lower().split())
        union = words_a | words_p
        scores.append(1.0 if not union else len(words_a & words_p) / len(union))
    return float(np.mean(scores))


def levenshtein(truth, pred, columns, **_) -> float:
    import Levenshtein

    return float(np.mean([Levenshtein.distance(a, p) for a, p in _pairs(truth, pred, columns[0])]))


def _label_metric(function):
    def metric(truth, pred, columns, **params):
        return float(function(_labels(truth, columns[0]), _labels(pred, columns[0]), **params))
    return metric


def _numeric_label_qwk(truth, pred, columns, **_):
    return float(skm.cohen_kappa_score(_col(truth, columns[0]), _col(pred, columns[0]), weights="quadratic"))


def _value_metric(function):
    def metric(truth, pred, columns, **params):
        return float(np.mean([function(_col(truth, c), _col(pred, c), **params) for c in columns]))
    return metric


def _pinball(y, p, alpha=0.5):
    alpha = float(alpha)
    return np.mean(alpha * np.maximum(y - p, 0) + (1 - alpha) * np.maximum(p - y, 0))


def _smape(y, p):
    denominator = np.abs(y) + np.abs(p)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(denominator == 0, 0.0, 200 * np.abs(p - y) / denominator)
    return np.mean(terms)


def _poisson(y, p):
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / p), 0.0)
    return np.mean(2 * (term - y + p))


def _positive(params):
    return str(params.get("positive", "1"))


METRICS = {
    "roc_auc": roc_auc,
    "gini": lambda t, p, c, **k: 2 * roc_auc(t, p, c) - 1,
    "average_precision": lambda t, p, c, **k: float(skm.average_precision_score(_col(t, c[0]).astype(int),
                                                                                  _col(p, c[0]))),
    "log_loss": lambda t, p, c, **k: binary_log_loss(_col(t, c[0]), _col(p, c[0])),
    "mean_columnwise_roc_auc": lambda t, p, c, **k: float(np.mean([roc_auc(t, p, [x]) for x in c])),
    "mean_columnwise_log_loss": lambda t, p, c, **k: float(np.mean([binary_log_loss(_col(t, x), _col(p, x))
                                                                    for x in c])),
    "multiclass_log_loss": multiclass_log_loss,
    "kl_divergence": kl_divergence,
    "accuracy": _label_metric(skm.accuracy_score),
    "balanced_accuracy": _label_metric(skm.balanced_accuracy_score),
    "precision": lambda t, p, c, **k: float(skm.precision_score(_labels(t, c[0]), _labels(p, c[0]),
                                                                pos_label=_positive(k), zero_division=0)),
    "recall": lambda t, p, c, **k: float(skm.recall_score(_labels(t, c[0]), _labels(p, c[0]),
                                                          pos_label=_positive(k), zero_division=0)),
    "f1": lambda t, p, c, **k: float(skm.f1_score(_labels(t, c[0]), _labels(p, c[0]), pos_label=_positive(k),
                                                  zero_division=0)),
    "fbeta": lambda t, p, c, **k: float(skm.fbeta_score(_labels(t, c[0]), _labels(p, c[0]),
                                                        beta=float(k.get("beta", 1)), pos_label=_positive(k),
                                                        zero_division=0)),
    "f1_micro": lambda t, p, c, **k: float(skm.f1_score(_labels(t, c[0]), _labels(p, c[0]), average="micro")),
    "f1_macro": lambda t, p, c, **k: float(skm.f1_score(_labels(t, c[0]), _labels(p, c[0]), average="macro",
                                                        zero_division=0)),
    "f1_weighted": lambda t, p, c, **k: float(skm.f1_score(_labels(t, c[0]), _labels(p, c[0]),
                                                           average="weighted", zero_division=0)),
    "mcc": _label_metric(skm.matthews_corrcoef),
    "cohen_kappa": _label_metric(skm.cohen_kappa_score),
    "quadratic_weighted_kappa": _numeric_label_qwk,
    "rmse": _value_metric(lambda y, p: np.sqrt(np.mean((y - p) ** 2))),
    "mse": _value_metric(lambda y, p: np.mean((y - p) ** 2)),
    "mean_columnwise_rmse": _value_metric(lambda y, p: np.sqrt(np.mean((y - p) ** 2))),
    "rmsle": _value_metric(lambda y, p: np.sqrt(np.mean((np.log1p(p) - np.log1p(y)) ** 2))),
    "msle": _value_metric(lambda y, p: np.mean((np.log1p(p) - np.log1p(y)) ** 2)),
    "mean_columnwise_rmsle": _value_metric(lambda y, p: np.sqrt(np.mean((np.log1p(p) - np.log1p(y)) ** 2))),
    "mae": _value_metric(lambda y, p: np.mean(np.abs(y - p))),
    "median_absolute_error": _value_metric(lambda y, p: np.median(np.abs(y - p))),
    "r2": _value_metric(lambda y, p: 1 - np.sum((y - p) ** 2) / np.sum((y - y.mean()) ** 2)),
    "mape": _value_metric(lambda y, p: np.mean(np.abs(y - p) / np.abs(y))),
    "smape": _value_metric(_smape),
    "rmspe": _value_metric(lambda y, p: np.sqrt(np.mean(((y[y != 0] - p[y != 0]) / y[y != 0]) ** 2))),
    "poisson_deviance": _value_metric(_poisson),
    "pinball": _value_metric(_pinball),
    "pearson": _value_metric(lambda y, p: stats.pearsonr(y, p)[0]),
    "spearman": _value_metric(lambda y, p: stats.spearmanr(y, p)[0]),
    "kendall_tau": _value_metric(lambda y, p: stats.kendalltau(y, p)[0]),
    "map_at_k": map_at_k,
    "ndcg_at_k": ndcg_at_k,
    "top_k_accuracy": top_k_accuracy,
    "jaccard_word": jaccard_word,
    "levenshtein": levenshtein,
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
