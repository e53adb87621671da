#!/usr/bin/env python3
"""Reference cases for Tatami's native metrics.

Usage: metric_reference.py OUTPUT_DIR   (writes OUTPUT_DIR/cases.json)

Every case holds a metric name, its parameters, the input kind ("numbers", "labels" or "text"), the answers and
predictions, and what the reference says: a number, or an expected failure ("invalid_prediction" when the
submission makes the metric undefined, "undefined_on_answers" when the answers do, "beyond_double" when the true
score is beyond the range of a double).

Expected values come from scikit-learn, scipy, python-Levenshtein, or, where no library implements Kaggle's
definition, from plain numpy ports of Kaggle's published code (apk, smape, rmspe, word Jaccard, RLE decode,
multi-class log loss, haversine); for huge predictions, where numpy overflows, from exact rational arithmetic
(checked against the libraries wherever their result is finite). The Swift tests compare against these numbers
at relative tolerance 1e-9.

Numbers are written as lists of target columns; labels and text as lists of cells. Random data come from a
generator seeded by the metric name, so adding a metric leaves the other metrics' cases unchanged.
"""

import decimal
import json
import math
import sys
import warnings
import zlib
from fractions import Fraction
from pathlib import Path

import Levenshtein
import numpy as np
from scipy import special, stats
from sklearn import metrics as skm

SIZES = [1, 2, 7, 100, 1000]
EPS = 1e-15


class UndefinedOnAnswers(Exception):
    """The answers make the metric undefined (one class only, constant answers, a zero actual for MAPE)."""


class InvalidPrediction(Exception):
    """The submission makes the metric undefined (constant predictions for a correlation, a malformed mask)."""


# ---------------------------------------------------------------------------------------------------------------
# Reference definitions. Each takes (truth, predicted, params) in the case's layout and returns a float or raises.
# ---------------------------------------------------------------------------------------------------------------

def single(columns):
    assert len(columns) == 1, "a single-column metric got several columns"
    return np.asarray(columns[0], dtype=float)


def check_finite(value):
    if not math.isfinite(value):
        raise AssertionError(f"reference returned {value} without declaring a failure")
    return float(value)


# Labels ----------------------------------------------------------------------------------------------------------

def label_arrays(truth, predicted):
    return np.asarray(truth, dtype=object).astype(str), np.asarray(predicted, dtype=object).astype(str)


def one_vs_rest(function, zero_division, **extra):
    """precision/recall/F of the `positive` label, every other label negative."""
    def reference(truth, predicted, params):
        y, p = label_arrays(truth, predicted)
        positive = params.get("positive", "1")
        value = function(y, p, labels=[positive], average="micro", zero_division=zero_division,
                         **{k: float(params[v]) for k, v in extra.items()})
        if len(set(y) | set(p)) == 2 and positive in set(y):
            # On binary labels this is sklearn's ordinary binary score.
            binary = function(y, p, pos_label=positive, average="binary", zero_division=zero_division,
                              **{k: float(params[v]) for k, v in extra.items()})
            assert (math.isnan(value) and math.isnan(binary)) or math.isclose(value, binary, rel_tol=1e-12)
        if math.isnan(value):
            raise UndefinedOnAnswers("no positive answer")
        return float(value)
    return reference


def kappa_label_order(values):
    """Labels as sklearn orders them: integer arrays numerically, str arrays by code point.

    sklearn rejects non-integer floats ("continuous"), so decimal labels are passed as strings with an explicit
    numeric `labels=` order, which sklearn uses as the rank order of the quadratic weights.
    """
    try:
        numbers = np.asarray([float(v) for v in values])
    except ValueError:
        return np.asarray(values, dtype=str), None
    if not np.all(np.isfinite(numbers)):
        return np.asarray(values, dtype=str), None
    if np.all(numbers == np.round(numbers)):
        return numbers.astype(np.int64), None
    distinct = sorted(set(values), key=float)
    return np.asarray(values, dtype=str), distinct


def kappa(weights):
    def reference(truth, predicted, params):
        both, order = kappa_label_order(list(truth) + list(predicted))
        y, p = both[:len(truth)], both[len(truth):]
        value = skm.cohen_kappa_score(y, p, weights=weights, labels=order)
        if math.isnan(value):
            raise UndefinedOnAnswers("every answer and prediction is one label")
        return check_finite(value)
    return reference


def labels_reference(function, **kwargs):
    def reference(truth, predicted, params):
        y, p = label_arrays(truth, predicted)
        return check_finite(function(y, p, **kwargs))
    return reference


# Binary scores and probabilities ---------------------------------------------------------------------------------

def roc_auc(truth, predicted, params):
    y, s = single(truth), single(predicted)
    if len(set(y)) < 2:
        raise UndefinedOnAnswers("one class")
    return float(skm.roc_auc_score(y, s))


def gini(truth, predicted, params):
    return 2 * roc_auc(truth, predicted, params) - 1


def mean_columnwise_roc_auc(truth, predicted, params):
    y, s = np.asarray(truth, dtype=float).T, np.asarray(predicted, dtype=float).T
    if any(len(set(column)) < 2 for column in y.T):
        raise UndefinedOnAnswers("one class in a column")
    return float(skm.roc_auc_score(y, s, average="macro"))


def average_precision(truth, predicted, params):
    y, s = single(truth), single(predicted)
    if not np.any(y == 1):
        raise UndefinedOnAnswers("no positive")
    return float(skm.average_precision_score(y, s))


def binary_log_loss(y, p):
    return float(skm.log_loss(y, np.clip(p, EPS, 1 - EPS), labels=[0, 1]))


def log_loss(truth, predicted, params):
    eps = float(params.get("eps", EPS))
    y, p = single(truth), single(predicted)
    value = float(skm.log_loss(y, np.clip(p, eps, 1 - eps), labels=[0, 1]))
    if eps == np.finfo(float).eps:
        # scikit-learn >= 1.5 clips at the float64 epsilon itself: what MLE-bench's graders compute.
        assert math.isclose(value, skm.log_loss(y, p, labels=[0, 1]), rel_tol=1e-12)
    return value


def mean_columnwise_log_loss(truth, predicted, params):
    return float(np.mean([binary_log_loss(np.asarray(y), np.asarray(p)) for y, p in zip(truth, predicted)]))


def multiclass_log_loss(truth, predicted, params):
    """Kaggle's multi-class log loss: clip, rescale rows to sum 1, mean cross-entropy.

    With renormalize=false the rows are clipped only, as scikit-learn >= 1.5 does (MLE-bench's graders, eps at
    the float64 epsilon); with sum_tolerance > 0 a row whose given sum is further from 1 is refused first.
    """
    eps = float(params.get("eps", EPS))
    tolerance = float(params.get("sum_tolerance", 0))
    given = np.asarray(predicted, dtype=float).T
    if tolerance > 0 and np.any(np.abs(given.sum(axis=1) - 1) > tolerance):
        raise InvalidPrediction("a row does not sum to 1")
    actual = np.asarray(truth, dtype=float).T
    probabilities = np.clip(given, eps, 1 - eps)
    if params.get("renormalize", "true") == "false":
        value = -np.sum(actual * np.log(probabilities)) / actual.shape[0]
        if np.all(actual.sum(axis=1) == 1) and eps == np.finfo(float).eps:
            labels = actual.argmax(axis=1)
            check = skm.log_loss(labels, given, labels=list(range(actual.shape[1])))
            assert math.isclose(value, check, rel_tol=1e-9), (value, check)
        return float(value)
    probabilities /= probabilities.sum(axis=1)[:, np.newaxis]
    value = -np.sum(actual * np.log(probabilities)) / actual.shape[0]
    # sklearn agrees once the rows are normalised (its own clip at float eps is below Kaggle's bound here).
    if probabilities.shape[1] <= 4 and np.all(actual.sum(axis=1) == 1):
        labels = actual.argmax(axis=1)
        check = skm.log_loss(labels, probabilities, labels=list(range(actual.shape[1])))
        assert math.isclose(value, check, rel_tol=1e-9), (value, check)
    return float(value)


def kl_divergence(truth, predicted, params):
    y = np.asarray(truth, dtype=float).T
    y = y / y.sum(axis=1, keepdims=True)  # HMS answers are vote counts: MLE-bench divides by the row total
    p = np.clip(np.asarray(predicted, dtype=float).T, EPS, 1 - EPS)
    return float(np.mean(special.rel_entr(y, p).sum(axis=1)))


# Regression --------------------------------------------------------------------------------------------------------

def regression(function, **kwargs):
    def reference(truth, predicted, params):
        return check_finite(function(single(truth), single(predicted), **kwargs))
    return reference


def log_error(root):
    def reference(truth, predicted, params):
        y, p = single(truth), single(predicted)
        if np.any(y < 0):
            raise UndefinedOnAnswers("negative answer")
        function = skm.root_mean_squared_log_error if root else skm.mean_squared_log_error
        return float(function(y, p))
    return reference


def columnwise(function):
    def reference(truth, predicted, params):
        return float(np.mean([function([t], [p], params) for t, p in zip(truth, predicted)]))
    return reference


def r2(truth, predicted, params):
    y, p = single(truth), single(predicted)
    if np.all(y == y[0]):
        raise UndefinedOnAnswers("constant answers")
    return float(skm.r2_score(y, p, force_finite=False))


def mape(truth, predicted, params):
    y, p = single(truth), single(predicted)
    if np.any(y == 0):
        raise UndefinedOnAnswers("zero answer")
    return float(skm.mean_absolute_percentage_error(y, p))


def smape(truth, predicted, params):
    """Kaggle's SMAPE in percent, a 0/0 term counting 0."""
    a, f = single(truth), single(predicted)
    denominator = np.abs(a) + np.abs(f)
    terms = np.divide(2 * np.abs(f - a), denominator, out=np.zeros_like(a), where=denominator != 0)
    return float(100 * np.mean(terms))


def rmspe(truth, predicted, params):
    """Kaggle Rossmann: rows whose answer is 0 are ignored."""
    y, p = single(truth), single(predicted)
    keep = y != 0
    if not np.any(keep):
        raise UndefinedOnAnswers("every answer is 0")
    return float(np.sqrt(np.mean(((y[keep] - p[keep]) / y[keep]) ** 2)))


def poisson_deviance(truth, predicted, params):
    y, p = single(truth), single(predicted)
    if np.any(y < 0):
        raise UndefinedOnAnswers("negative answer")
    return float(skm.mean_poisson_deviance(y, p))


def pinball(truth, predicted, params):
    return float(skm.mean_pinball_loss(single(truth), single(predicted), alpha=float(params["alpha"])))


# Correlation --------------------------------------------------------------------------------------------------------

def correlation(function):
    def reference(truth, predicted, params):
        y, p = single(truth), single(predicted)
        constant_truth, constant_prediction = np.all(y == y[0]), np.all(p == p[0])
        if constant_truth or constant_prediction:
            if len(y) >= 2:
                value = function(y, p)[0]
                assert math.isnan(value), "scipy should say a constant input is undefined"
            if constant_truth:
                raise UndefinedOnAnswers("constant answers")
            raise InvalidPrediction("constant predictions")
        return check_finite(function(y, p)[0])
    return reference


# Retrieval --------------------------------------------------------------------------------------------------------

def apk(actual, predicted, k=10):
    """benhamner/Metrics ml_metrics.average_precision.apk, verbatim."""
    if len(predicted) > k:
        predicted = predicted[:k]
    score = 0.0
    num_hits = 0.0
    for i, p in enumerate(predicted):
        if p in actual and p not in predicted[:i]:
            num_hits += 1.0
            score += num_hits / (i + 1.0)
    if not actual:
        return 0.0
    return score / min(len(actual), k)


def map_at_k(truth, predicted, params):
    """MLE-bench's mean_average_precision_at_k: apk with the answer items as a set (repeats counted once)."""
    k = int(params["k"])
    return float(np.mean([apk(set(t.split()), p.split(), k) for t, p in zip(truth, predicted)]))


def ndcg_row(actual, predicted, k):
    """Binary-relevance NDCG@k: gain 1/log2(rank + 1) for a first occurrence of an answer item."""
    relevant = set(actual)
    if not relevant:
        return 0.0
    gains = np.zeros(min(len(predicted), k))
    for i, item in enumerate(predicted[:k]):
        if item in relevant and item not in predicted[:i]:
            gains[i] = 1.0
    dcg = np.sum(gains / np.log2(np.arange(2, gains.size + 2)))
    ideal = np.sum(1.0 / np.log2(np.arange(2, min(len(relevant), k) + 2)))
    return dcg / ideal


def ndcg_at_k(truth, predicted, params):
    k = int(params["k"])
    value = float(np.mean([ndcg_row(t.split(), p.split(), k) for t, p in zip(truth, predicted)]))
    # With one answer item and k distinct predictions this is sklearn's ndcg_score on one-hot relevance.
    rows = [(t.split(), p.split()) for t, p in zip(truth, predicted)]
    items = sorted({x for t, p in rows for x in t + p})
    if all(len(t) == 1 and len(p) == k == len(set(p)) for t, p in rows) and len(items) > 1:
        relevance = np.array([[1.0 if x in t else 0.0 for x in items] for t, _ in rows])
        scores = np.array([[float(k - p.index(x)) if x in p else 0.0 for x in items] for _, p in rows])
        check = skm.ndcg_score(relevance, scores, k=k)
        assert math.isclose(value, check, rel_tol=1e-9, abs_tol=1e-12), (value, check)
    return value


def top_k_accuracy(truth, predicted, params):
    k = int(params["k"])
    hits = []
    for t, p in zip(truth, predicted):
        answer, guesses = t.split(), p.split()
        if len(answer) != 1:
            raise UndefinedOnAnswers("one answer label per row")
        if len(guesses) > k:
            raise InvalidPrediction("more than k labels")
        hits.append(answer[0] in guesses)
    return float(np.mean(hits))


# Text -----------------------------------------------------------------------------------------------------------

def levenshtein(truth, predicted, params):
    return float(np.mean([Levenshtein.distance(t, p) for t, p in zip(truth, predicted)]))


def jaccard(str1, str2):
    """The tweet-sentiment-extraction evaluation snippet, with 1 for two empty texts."""
    a = set(str1.lower().split())
    b = set(str2.lower().split())
    if not a and not b:
        return 1.0
    c = a.intersection(b)
    return float(len(c)) / (len(a) + len(b) - len(c))


def jaccard_word(truth, predicted, params):
    return float(np.mean([jaccard(t, p) for t, p in zip(truth, predicted)]))


# Masks ------------------------------------------------------------------------------------------------------------

def rle_runs(mask_rle, error):
    """Validates a Kaggle RLE string ('start length ...', 1-indexed) and returns its (start, end) runs, 0-based."""
    s = mask_rle.split()
    if len(s) % 2:
        raise error("odd count")
    if not all(x.lstrip("+-").isascii() and x.lstrip("+-").isdigit() and x.count("-") + x.count("+") <= 1 for x in s):
        raise error("not an integer")
    starts, lengths = [np.asarray(x, dtype=np.int64) for x in (s[0:][::2], s[1:][::2])]
    if np.any(starts < 1) or np.any(lengths < 1):
        raise error("non-positive")
    starts -= 1
    ends = starts + lengths
    if np.any(starts[1:] < ends[:-1]):
        raise error("unsorted or overlapping")
    return starts, ends


def rle_decode(starts, ends, size):
    """Kaggle's rle_decode on a flat image of `size` pixels."""
    img = np.zeros(size, dtype=np.uint8)
    for lo, hi in zip(starts, ends):
        img[lo:hi] = 1
    return img


def mask_pairs(truth, predicted):
    for t, p in zip(truth, predicted):
        truth_runs = rle_runs(t, UndefinedOnAnswers)
        predicted_runs = rle_runs(p, InvalidPrediction)
        size = int(max([0, *truth_runs[1], *predicted_runs[1]]))
        yield rle_decode(*truth_runs, size).astype(bool), rle_decode(*predicted_runs, size).astype(bool)


def dice(truth, predicted, params):
    pairs = list(mask_pairs(truth, predicted))
    scores = [1.0 if a.sum() + b.sum() == 0 else 2 * np.sum(a & b) / (a.sum() + b.sum()) for a, b in pairs]
    return float(np.mean(scores))


def iou(truth, predicted, params):
    pairs = list(mask_pairs(truth, predicted))
    scores = [1.0 if np.sum(a | b) == 0 else np.sum(a & b) / np.sum(a | b) for a, b in pairs]
    return float(np.mean(scores))


# Geo --------------------------------------------------------------------------------------------------------------

def haversine(truth, predicted, params):
    """The smartphone-decimeter-2022 distance, R = 6,371,000 m, averaged over rows."""
    lat1, lon1 = np.radians(truth[0]), np.radians(truth[1])
    lat2, lon2 = np.radians(predicted[0]), np.radians(predicted[1])
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    distances = 2 * 6_371_000 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    check = [skm.pairwise.haversine_distances([[a, b]], [[c, d]])[0, 0] * 6_371_000
             for a, b, c, d in zip(lat1[:5], lon1[:5], lat2[:5], lon2[:5])]
    assert np.allclose(distances[:5], check, rtol=1e-9, atol=1e-6), (distances[:5], check)
    return float(np.mean(distances))


# Anchor metrics (Sources/Scoring/Metrics/Anchors): scikit-learn where it has the metric, else numpy ports of the
# competitions' definitions (docs/importing.md).

def label_sets(cells):
    return [set(cell.split()) for cell in cells]


def mean_f1_sets(truth, predicted, params):
    """Row-wise F1 of label sets; sklearn's samples-average F1 with zero_division=1 (both empty = 1)."""
    t, p = label_sets(truth), label_sets(predicted)
    if not set().union(*t, *p):
        return 1.0  # every row has two empty sets (sklearn refuses a label matrix without labels)
    from sklearn.preprocessing import MultiLabelBinarizer
    binarizer = MultiLabelBinarizer(classes=sorted(set().union(*t, *p)))
    y, q = binarizer.fit_transform(t), binarizer.transform(p)
    return float(skm.f1_score(y, q, average="samples", zero_division=1))


def micro_f1_sets(truth, predicted, params):
    t, p = label_sets(truth), label_sets(predicted)
    classes = sorted(set().union(*t, *p))
    if not classes:
        raise UndefinedOnAnswers("no labels")
    from sklearn.preprocessing import MultiLabelBinarizer
    binarizer = MultiLabelBinarizer(classes=classes)
    y, q = binarizer.fit_transform(t), binarizer.transform(p)
    if y.sum() + q.sum() == 0:
        raise UndefinedOnAnswers("no labels")
    return float(skm.f1_score(y, q, average="micro", zero_division=0))


def top_1_error(truth, predicted, params):
    """MLE-bench's inaturalist-2019 grader: 1 - accuracy of the first predicted label of each row."""
    if any(len(t.split()) != 1 for t in truth):
        raise UndefinedOnAnswers("an answer without exactly one label")
    first = [p.split()[0] if p.split() else "" for p in predicted]
    return 1.0 - float(skm.accuracy_score(truth, first))


def mean_columnwise_spearman(truth, predicted, params):
    values = []
    for y, p in zip(truth, predicted):
        if len(set(y)) == 1:
            raise UndefinedOnAnswers("constant answers")
        if len(set(p)) == 1:
            raise InvalidPrediction("constant predictions")
        values.append(stats.spearmanr(y, p)[0])
    return float(np.mean(values))


def lwlrap(truth, predicted, params):
    y = np.asarray(truth, dtype=float).T
    s = np.asarray(predicted, dtype=float).T
    keep = y.sum(axis=1) > 0
    if not keep.any():
        raise UndefinedOnAnswers("no labels")
    return float(skm.label_ranking_average_precision_score(y[keep], s[keep], sample_weight=y[keep].sum(axis=1)))


def normalized_edit_distance(truth, predicted, params):
    """Token Levenshtein (tokens mapped to one character each for python-Levenshtein), summed / true tokens."""
    alphabet = {}
    def encode(cell):
        return "".join(chr(0x4E00 + alphabet.setdefault(token, len(alphabet))) for token in cell.split())
    total = sum(len(t.split()) for t in truth)
    if total == 0:
        raise UndefinedOnAnswers("no answer tokens")
    return sum(Levenshtein.distance(encode(t), encode(p)) for t, p in zip(truth, predicted)) / total


def mask_precision_iou(truth, predicted, params):
    scores = []
    for (a, b) in mask_pairs(truth, predicted):
        if a.sum() == 0:
            scores.append(1.0 if b.sum() == 0 else 0.0)
            continue
        iou = np.logical_and(a, b).sum() / np.logical_or(a, b).sum()
        scores.append(np.mean([iou > t for t in np.arange(10, 20) / 20]))
    return float(np.mean(scores))


def global_dice(truth, predicted, params):
    """MLE-bench's contrails grader: '-' is an empty mask, then one Dice over all pixels."""
    dash = lambda cells: ["" if c.strip(" -") == "" else c for c in cells]
    pairs = list(mask_pairs(dash(truth), dash(predicted)))
    intersection = sum(np.logical_and(a, b).sum() for a, b in pairs)
    total = sum(a.sum() + b.sum() for a, b in pairs)
    return 1.0 if total == 0 else float(2 * intersection / total)


def mean_angular_error(truth, predicted, params):
    """icecube's angular_dist_score, written again in numpy."""
    az, zen = np.asarray(truth[0], float), np.asarray(truth[1], float)
    paz, pzen = np.asarray(predicted[0], float), np.asarray(predicted[1], float)
    u = np.stack([np.sin(zen) * np.cos(az), np.sin(zen) * np.sin(az), np.cos(zen)])
    v = np.stack([np.sin(pzen) * np.cos(paz), np.sin(pzen) * np.sin(paz), np.cos(pzen)])
    return float(np.mean(np.arccos(np.clip((u * v).sum(axis=0), -1, 1))))


def probabilistic_f1(truth, predicted, params):
    y, p = single(truth), np.clip(single(predicted), 0, 1)
    positives = y.sum()
    if positives == 0:
        raise UndefinedOnAnswers("no positive")
    tp, fp = (p * y).sum(), (p * (1 - y)).sum()
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / positives
    return float(2 * precision * recall / (precision + recall)) if precision + recall > 0 else 0.0


def weighted_auc(truth, predicted, params):
    """MLE-bench's alaska2 grader (insert TPR 0.4 by interpolation, then band areas closed at FPR 1), ported."""
    y, s = single(truth), single(predicted)
    if len(set(y)) < 2:
        raise UndefinedOnAnswers("one class")
    fpr, tpr, _ = skm.roc_curve(y, s, pos_label=1)
    fpr, tpr = list(fpr), list(tpr)
    if 0.4 not in tpr:
        i = next(i for i, v in enumerate(tpr) if v > 0.4)
        fpr.insert(i, fpr[i - 1] + (fpr[i] - fpr[i - 1]) * (0.4 - tpr[i - 1]) / (tpr[i] - tpr[i - 1]))
        tpr.insert(i, 0.4)
    fpr, tpr = np.array(fpr), np.array(tpr)
    total = 0.0
    for low, high, weight in [(0.0, 0.4, 2), (0.4, 1.0, 1)]:
        mask = (low <= tpr) & (tpr <= high)
        if mask.sum() == 0:
            continue
        xs = np.concatenate([fpr[mask], [1]])
        ys = np.concatenate([tpr[mask], [high]]) - low
        total += weight * skm.auc(xs, ys)
    return float(total / (2 * 0.4 + 1 * 0.6))


def kaggle_gini(actual, pred):
    """Kaggle's published Gini (ties broken by row order through np.lexsort)."""
    table = np.asarray(np.c_[actual, pred, np.arange(len(actual))], dtype=float)
    table = table[np.lexsort((table[:, 2], -1 * table[:, 1]))]
    total = table[:, 0].sum()
    return (table[:, 0].cumsum().sum() / total - (len(actual) + 1) / 2.0) / len(actual)


def normalized_gini(truth, predicted, params):
    y, p = single(truth), single(predicted)
    if y.sum() == 0 or kaggle_gini(y, y) == 0:
        raise UndefinedOnAnswers("degenerate answers")
    value = kaggle_gini(y, p) / kaggle_gini(y, y)
    if set(np.unique(y)) <= {0, 1} and len(set(p)) == len(p) and 0 < y.sum() < len(y):
        assert math.isclose(value, 2 * skm.roc_auc_score(y, p) - 1, rel_tol=1e-9, abs_tol=1e-12)
    return float(value)


REFERENCES = {
    "accuracy": ("labels", labels_reference(skm.accuracy_score)),
    "balanced_accuracy": ("labels", labels_reference(skm.balanced_accuracy_score)),
    "precision": ("labels", one_vs_rest(skm.precision_score, 0.0)),
    "recall": ("labels", one_vs_rest(skm.recall_score, np.nan)),
    "f1": ("labels", one_vs_rest(skm.f1_score, np.nan)),
    "fbeta": ("labels", one_vs_rest(skm.fbeta_score, np.nan, beta="beta")),
    "f1_micro": ("labels", labels_reference(skm.f1_score, average="micro")),
    "f1_macro": ("labels", labels_reference(skm.f1_score, average="macro")),
    "f1_weighted": ("labels", labels_reference(skm.f1_score, average="weighted")),
    "mcc": ("labels", labels_reference(skm.matthews_corrcoef)),
    "cohen_kappa": ("labels", kappa(None)),
    "quadratic_weighted_kappa": ("labels", kappa("quadratic")),
    "roc_auc": ("numbers", roc_auc),
    "gini": ("numbers", gini),
    "mean_columnwise_roc_auc": ("numbers", mean_columnwise_roc_auc),
    "average_precision": ("numbers", average_precision),
    "log_loss": ("numbers", log_loss),
    "mean_columnwise_log_loss": ("numbers", mean_columnwise_log_loss),
    "multiclass_log_loss": ("numbers", multiclass_log_loss),
    "kl_divergence": ("numbers", kl_divergence),
    "rmse": ("numbers", regression(skm.root_mean_squared_error)),
    "mse": ("numbers", regression(skm.mean_squared_error)),
    "mean_columnwise_rmse": ("numbers", columnwise(regression(skm.root_mean_squared_error))),
    "rmsle": ("numbers", log_error(root=True)),
    "msle": ("numbers", log_error(root=False)),
    "mean_columnwise_rmsle": ("numbers", columnwise(log_error(root=True))),
    "mae": ("numbers", regression(skm.mean_absolute_error)),
    "median_absolute_error": ("numbers", regression(skm.median_absolute_error)),
    "r2": ("numbers", r2),
    "mape": ("numbers", mape),
    "smape": ("numbers", smape),
    "rmspe": ("numbers", rmspe),
    "poisson_deviance": ("numbers", poisson_deviance),
    "pinball": ("numbers", pinball),
    "pearson": ("numbers", correlation(stats.pearsonr)),
    "spearman": ("numbers", correlation(stats.spearmanr)),
    "kendall_tau": ("numbers", correlation(stats.kendalltau)),
    "map_at_k": ("text", map_at_k),
    "ndcg_at_k": ("text", ndcg_at_k),
    "top_k_accuracy": ("text", top_k_accuracy),
    "levenshtein": ("text", levenshtein),
    "jaccard_word": ("text", jaccard_word),
    "dice": ("text", dice),
    "iou": ("text", iou),
    "haversine": ("numbers", haversine),
    "mean_f1_sets": ("text", mean_f1_sets),
    "micro_f1_sets": ("text", micro_f1_sets),
    "top_1_error": ("text", top_1_error),
    "mean_columnwise_spearman": ("numbers", mean_columnwise_spearman),
    "lwlrap": ("numbers", lwlrap),
    "normalized_edit_distance": ("text", normalized_edit_distance),
    "mask_precision_iou": ("text", mask_precision_iou),
    "global_dice": ("text", global_dice),
    "mean_angular_error": ("numbers", mean_angular_error),
    "probabilistic_f1": ("numbers", probabilistic_f1),
    "weighted_auc": ("numbers", weighted_auc),
    "normalized_gini": ("numbers", normalized_gini),
}


# Huge predictions ------------------------------------------------------------------------------------------------
# Finite predictions up to the largest double overflow numpy's squares and sums (sklearn then returns inf or nan),
# while the true score often still fits in a double. These references compute the definitions exactly, in
# rationals (fractions) and 60-digit decimals (square roots, logarithms); a score whose true value is beyond a
# double is the case "beyond_double" (docs/errors.md: such a submission is invalid).

DECIMAL = decimal.Context(prec=60, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def exact_columns(truth, predicted):
    return ([[Fraction(x) for x in column] for column in truth],
            [[Fraction(x) for x in column] for column in predicted])


def to_decimal(value):
    return DECIMAL.divide(decimal.Decimal(value.numerator), decimal.Decimal(value.denominator))


def exact_sqrt(value):
    return Fraction(DECIMAL.sqrt(to_decimal(value)))


def exact_mean(terms):
    terms = list(terms)
    return sum(terms, Fraction(0)) / len(terms)


def exact_mse(y, p):
    return exact_mean((a - b) ** 2 for a, b in zip(y, p))


def exact_median(values):
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def exact_r2(y, p):
    mean = exact_mean(y)
    return 1 - sum((a - b) ** 2 for a, b in zip(y, p)) / sum((a - mean) ** 2 for a in y)


def exact_smape(y, p):
    return exact_mean(Fraction(0) if a == b == 0 else 200 * abs(b - a) / (abs(a) + abs(b)) for a, b in zip(y, p))


def exact_poisson(y, p):
    def term(a, b):
        log_ratio = Fraction(DECIMAL.ln(to_decimal(a / b))) if a != 0 else Fraction(0)
        return 2 * (a * log_ratio - a + b)
    return exact_mean(term(a, b) for a, b in zip(y, p))


def exact_pinball(y, p, alpha):
    return exact_mean(alpha * (a - b) if a >= b else (alpha - 1) * (a - b) for a, b in zip(y, p))


def exact_pearson(y, p):
    my, mp = exact_mean(y), exact_mean(p)
    cross = sum((a - my) * (b - mp) for a, b in zip(y, p))
    return cross / exact_sqrt(sum((a - my) ** 2 for a in y) * sum((b - mp) ** 2 for b in p))


EXACT = {
    "mse": lambda t, p, params: exact_mse(t[0], p[0]),
    "rmse": lambda t, p, params: exact_sqrt(exact_mse(t[0], p[0])),
    "mean_columnwise_rmse": lambda t, p, params: exact_mean(exact_sqrt(exact_mse(a, b)) for a, b in zip(t, p)),
    "mae": lambda t, p, params: exact_mean(abs(a - b) for a, b in zip(t[0], p[0])),
    "median_absolute_error": lambda t, p, params: exact_median(abs(a - b) for a, b in zip(t[0], p[0])),
    "r2": lambda t, p, params: exact_r2(t[0], p[0]),
    "mape": lambda t, p, params: exact_mean(abs(a - b) / abs(a) for a, b in zip(t[0], p[0])),
    "smape": lambda t, p, params: exact_smape(t[0], p[0]),
    "rmspe": lambda t, p, params: exact_sqrt(exact_mean(((a - b) / a) ** 2 for a, b in zip(t[0], p[0]) if a != 0)),
    "poisson_deviance": lambda t, p, params: exact_poisson(t[0], p[0]),
    "pinball": lambda t, p, params: exact_pinball(t[0], p[0], Fraction(params["alpha"])),
    "pearson": lambda t, p, params: exact_pearson(t[0], p[0]),
}

# The libraries' results are finite on some of these cases; where they are, they must agree with the exact value
# (smape has no library implementation: numpy's port of Kaggle's code overflows |y| + |p| into a wrong 0).
LIBRARY_CHECKED = set(EXACT) - {"smape"}
LARGEST = np.finfo(float).max
ROUNDS_TO_INFINITY = Fraction(2) ** 1024 - Fraction(2) ** 970  # the largest double plus half an ulp


def huge_cases(cases):
    rng = rng_for("huge predictions")
    for metric in EXACT:
        params = {"alpha": 0.9} if metric == "pinball" else {}
        positive = metric == "poisson_deviance"
        for scale in [1e154, 1e200, 1e300, LARGEST / 4, LARGEST]:
            for n in [1, 2, 7, 100]:
                if n == 1 and metric in ("r2", "pearson"):
                    continue  # undefined on one row
                y = rng.exponential(10, n) + 1 if positive else rng.normal(50, 20, n)
                p = y.copy()
                p[rng.integers(0, n)] = scale  # one huge row among ordinary ones
                if not positive and n > 1:
                    p[0] = -scale  # and one hugely negative, so differences of opposite signs overflow
                rows = 3 if metric == "mean_columnwise_rmse" else 1
                cases.add_exact(metric, f"huge {scale:.3g} n={n}", [y] * rows, [p] * rows, **params)
            big = rng.uniform(-1, 1, 7) * scale
            cases.add_exact(metric, f"huge answers and predictions {scale:.3g}", [np.abs(big) + 1 if positive else big],
                            [np.abs(big[::-1]) + 1 if positive else big[::-1]], **params)


# Structured predictions in one text column (Sources/Scoring/Metrics/Anchors/DetectionMAP.swift, SpanF1.swift):
# numpy ports of the competitions' definitions, written from MLE-Dojo's graders (global-wheat-detection,
# siim-covid19-detection: PASCAL VOC's matching, no 1e-6 in the precision) and nbme's span F1. Unlike the graders,
# which skip what they cannot parse, a malformed list is an invalid prediction.

def parse_box_list(cell, labelled, corners, error):
    """[(label, confidence, (x_min, y_min, x_max, y_max), area)] of a cell; raises `error` on a malformed list."""
    tokens = cell.split()
    fields = 6 if labelled else 5
    if len(tokens) % fields:
        raise error("odd count")
    boxes = []
    for start in range(0, len(tokens), fields):
        label = tokens[start] if labelled else ""
        numbers = tokens[start + labelled:start + fields]
        try:
            values = [float(x) for x in numbers]
        except ValueError:
            raise error("not a number")
        if not all(math.isfinite(v) for v in values) or any(x.lower().startswith(("0x", "-0x", "+0x")) or "_" in x
                                                           for x in numbers):
            raise error("not a finite decimal")
        confidence, a, b, c, d = values
        if max(abs(a), abs(b), abs(c), abs(d)) > 1e15:
            raise error("huge coordinate")
        if corners:
            if c < a or d < b:
                raise error("negative size")
            boxes.append((label, confidence, (a, b, c, d), (c - a) * (d - b)))
        else:
            if c < 0 or d < 0:
                raise error("negative size")
            boxes.append((label, confidence, (a, b, a + c, b + d), c * d))
    return boxes


def box_iou(first, second):
    (a, _, box_a, area_a), (b, _, box_b, area_b) = first, second
    width = max(0, min(box_a[2], box_b[2]) - max(box_a[0], box_b[0]))
    height = max(0, min(box_a[3], box_b[3]) - max(box_a[1], box_b[1]))
    inter = width * height
    if inter == 0:
        return 0.0
    union = area_a + area_b - inter
    return inter / union if union > 0 else 0.0


def detection_thresholds(params):
    start, step, count = float(params.get("iou", 0.5)), float(params.get("iou_step", 0.05)), int(params.get("iou_steps", 1))
    return [round(start + k * step, 9) for k in range(count)]


def wheat_image_precision(answers, guesses, thresholds):
    """global-wheat-detection (MLE-Dojo's compute_image_ap): TP / (TP + FP + FN) per threshold, greedy by confidence."""
    if not answers:
        return 0.0
    guesses = sorted(guesses, key=lambda g: g[1], reverse=True)
    scores = []
    for threshold in thresholds:
        matched = [False] * len(answers)
        tp = 0
        for guess in guesses:
            best, best_index = 0.0, -1
            for index, answer in enumerate(answers):
                if not matched[index]:
                    value = box_iou(guess, answer)
                    if value >= threshold and value > best:
                        best, best_index = value, index
            if best_index >= 0:
                tp += 1
                matched[best_index] = True
        scores.append(tp / (len(guesses) + len(answers) - tp))
    return float(np.mean(scores))


def voc_ap(recalls, precisions):
    mrec = np.concatenate(([0.0], recalls, [1.0]))
    mpre = np.concatenate(([0.0], precisions, [0.0]))
    for i in range(len(mpre) - 1, 0, -1):
        mpre[i - 1] = max(mpre[i - 1], mpre[i])
    changes = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[changes + 1] - mrec[changes]) * mpre[changes + 1]))


def voc_map(answers, guesses, threshold):
    """PASCAL VOC mAP as MLE-Dojo's siim grader: per label, predictions by confidence over all rows, each matched to
    the most overlapping answer box of its row; a box matched before makes it a false positive."""
    aps = []
    labels = sorted({a[0] for row in answers for a in row})
    for label in labels:
        truth = {row: [a for a in boxes if a[0] == label] for row, boxes in enumerate(answers)}
        positives = sum(len(v) for v in truth.values())
        flat = [(row, g) for row, boxes in enumerate(guesses) for g in boxes if g[0] == label]
        flat = sorted(flat, key=lambda x: x[1][1], reverse=True)
        detected = {row: [False] * len(v) for row, v in truth.items()}
        tp, fp = np.zeros(len(flat)), np.zeros(len(flat))
        for k, (row, guess) in enumerate(flat):
            best, best_index = 0.0, -1
            for index, answer in enumerate(truth[row]):
                value = box_iou(guess, answer)
                if value > best:
                    best, best_index = value, index
            if best >= threshold and not detected[row][best_index]:
                tp[k] = 1
                detected[row][best_index] = True
            else:
                fp[k] = 1
        cum_tp, cum_fp = np.cumsum(tp), np.cumsum(fp)
        aps.append(voc_ap(cum_tp / positives, cum_tp / np.maximum(cum_tp + cum_fp, 1)))
    return float(np.mean(aps))


def detection_map(truth, predicted, params):
    labelled, corners = params.get("average", "class") == "class", params.get("box", "xyxy") == "xyxy"
    answers = [parse_box_list(c, labelled, corners, UndefinedOnAnswers) for c in truth]
    guesses = [parse_box_list(c, labelled, corners, InvalidPrediction) for c in predicted]
    thresholds = detection_thresholds(params)
    if not labelled:
        return float(np.mean([wheat_image_precision(a, g, thresholds) for a, g in zip(answers, guesses)]))
    if not any(answers):
        raise UndefinedOnAnswers("no answer box")
    return float(np.mean([voc_map(answers, guesses, t) for t in thresholds]))


def span_positions(cell, error):
    """nbme's character positions of a span list ('0 5;10 12' or "['0 5', '10 12']") as a set."""
    cell = cell.strip()
    segments = [cell]
    if cell.startswith("[") and cell.endswith("]"):
        import ast
        try:
            segments = ast.literal_eval(cell)
        except (ValueError, SyntaxError):
            raise error("not a list")
        if not isinstance(segments, list) or not all(isinstance(s, str) for s in segments):
            raise error("not a list of strings")
    positions = set()
    for segment in segments:
        for span in segment.split(";"):
            if not span.strip():
                continue
            parts = span.split()
            if len(parts) != 2 or not all(p.isascii() and p.lstrip("+").isdigit() for p in parts):
                raise error("not a pair of integers")
            start, end = int(parts[0]), int(parts[1])
            if start > end or end > 2 ** 32:
                raise error("bad span")
            positions.update(range(start, end))
    return positions


def span_f1(truth, predicted, params):
    tp = fp = fn = 0
    for a, p in zip(truth, predicted):
        t, q = span_positions(a, UndefinedOnAnswers), span_positions(p, InvalidPrediction)
        tp, fp, fn = tp + len(t & q), fp + len(q - t), fn + len(t - q)
    denominator = 2 * tp + fp + fn
    return 1.0 if denominator == 0 else 2 * tp / denominator


REFERENCES.update({"detection_map": ("text", detection_map), "span_f1": ("text", span_f1)})


def random_boxes(rng, count, labels, corners, jitter=None):
    """Boxes on a 100-pixel grid; with `jitter`, the given boxes moved a little, some dropped, some added."""
    rows = []
    for _ in range(count):
        x, y = rng.integers(0, 80, 2)
        w, h = rng.integers(1, 30, 2)
        rows.append((str(rng.choice(labels)), x, y, w, h))
    if jitter is not None:
        rows = [(l, x + rng.integers(-3, 4), y + rng.integers(-3, 4), max(0, w + rng.integers(-3, 4)), h)
                for l, x, y, w, h in jitter if rng.random() < 0.8] + rows
    return rows


def box_cell(rows, rng, labelled, corners, confidences=True):
    parts = []
    for label, x, y, w, h in rows:
        confidence = round(float(rng.random()), 1) if confidences else 1.0  # ties across and within rows
        numbers = [x, y, x + w, y + h] if corners else [x, y, w, h]
        parts.append(" ".join(([label] if labelled else []) + [repr(confidence)] + [str(n) for n in numbers]))
    return " ".join(parts)


def structured_cases(cases):
    rng = rng_for("detection_map")
    labels = np.array(["opacity", "none", "14", "3"])
    settings = [({}, True, True), ({"iou": 0.4}, True, True), ({"average": "image", "box": "xywh", "iou_steps": 6},
                                                               False, False),
                ({"average": "image", "iou": 0.5, "iou_steps": 10}, False, True),
                ({"iou": 0.5, "iou_steps": 10, "box": "xywh"}, True, False)]
    for params, labelled, corners in settings:
        for n in SIZES[:4]:
            truth, predicted = [], []
            for _ in range(n):
                answer = random_boxes(rng, int(rng.integers(0, 4)), labels, corners)
                guess = random_boxes(rng, int(rng.integers(0, 3)), labels, corners, jitter=answer)
                truth.append(box_cell(answer, rng, labelled, corners, confidences=False))
                predicted.append(box_cell(guess, rng, labelled, corners))
            if labelled and not any(truth):
                truth[0] = box_cell(random_boxes(rng, 1, labels, corners), rng, True, corners, confidences=False)
            cases.add("detection_map", f"random {params} n={n}", truth, predicted, **params)
    image = {"average": "image", "box": "xywh", "iou_steps": 6}
    cases.add("detection_map", "IoU exactly at the thresholds 0.5 and 0.6", ["x 1 0 0 10 10", "x 1 0 0 100 100"],
              ["x 0.9 0 0 10 5", "x 0.9 0 0 100 60"])
    cases.add("detection_map", "IoU exactly 0.55 per image", ["1 0 0 100 100"], ["0.3 0 0 100 55"], **image)
    cases.add("detection_map", "duplicate of a matched box is a false positive",
              ["a 1 0 0 10 10 a 1 0 0 10 9"], ["a 0.9 0 0 10 10 a 0.8 0 0 10 10"])
    cases.add("detection_map", "rows without answers score 0 per image", ["", "1 0 0 5 5"], ["", "0.5 0 0 5 5"], **image)
    cases.add("detection_map", "a label without answers is left out", ["a 1 0 0 5 5"], ["a 0.5 0 0 5 5 b 0.9 0 0 5 5"])
    cases.add("detection_map", "no answer box", ["", ""], ["a 0.5 0 0 5 5", ""])
    cases.add("detection_map", "zero-size boxes", ["none 1 0 0 1 1", "none 1 0 0 0 0"], ["none 1 0 0 1 1", "none 1 0 0 0 0"])
    for label, cell in [("odd count", "a 0.5 0 0 5"), ("not a number", "a 0.5 0 0 x 5"), ("nan", "a nan 0 0 5 5"),
                        ("inf", "a 0.5 0 0 inf 5"), ("hex", "a 0.5 0 0 0x10 5"), ("negative size", "a 0.5 5 0 4 5"),
                        ("huge", "a 0.5 0 0 1e300 5"), ("overflow", "a 0.5 0 0 1e400 5")]:
        cases.add("detection_map", f"invalid: {label}", ["a 1 0 0 5 5"], [cell])
    cases.add("detection_map", "invalid: negative width", ["1 0 0 5 5"], ["0.5 0 0 -1 5"], **image)
    cases.add("detection_map", "invalid answers", ["a 1 0 0 5"], ["a 0.5 0 0 5 5"])

    rng = rng_for("span_f1")
    for n in SIZES:
        truth, predicted = [], []
        for _ in range(n):
            spans = sorted((int(s), int(s + rng.integers(0, 12))) for s in rng.integers(0, 200, rng.integers(0, 3)))
            guess = [(max(0, a + int(rng.integers(-3, 4))), b + int(rng.integers(-3, 4))) for a, b in spans
                     if rng.random() < 0.8] + [(int(s), int(s) + 5) for s in rng.integers(0, 200, rng.integers(0, 2))]
            guess = [(a, max(a, b)) for a, b in guess]
            truth.append(";".join(f"{a} {b}" for a, b in spans))
            predicted.append(";".join(f"{a} {b}" for a, b in guess))
        if n > 2:  # Kaggle's training-file form for some answers
            truth[1] = repr([f"{a} {b}" for a, b in (tuple(map(int, s.split())) for s in truth[1].split(";") if s)])
        cases.add("span_f1", f"random n={n}", truth, predicted)
    cases.add("span_f1", "overlapping and repeated spans count once", ["0 10", "5 8"], ["2 6;4 12;4 12", "5 8; 5 8"])
    cases.add("span_f1", "list literals", ["['0 5', '10 12;14 20']", "[]"], ['["0 5;10 12"]', ""])
    cases.add("span_f1", "no span anywhere", ["", "[]"], ["", ""])
    cases.add("span_f1", "empty spans and trailing separators", ["3 3;0 4;"], ["0 4;;"])
    for label, cell in [("one number", "0 5;7"), ("three numbers", "0 5 6"), ("start after end", "9 5"),
                        ("negative", "-1 5"), ("not a number", "a b"), ("decimal", "0 5.5"), ("huge", "0 99999999999"),
                        ("bad list", "['0 5' '6 7']"), ("unquoted list", "[0 5]")]:
        cases.add("span_f1", f"invalid: {label}", ["0 5"], [cell])
    cases.add("span_f1", "invalid answers", ["0 x"], ["0 5"])


def kuzushiji_f1(truth, predicted, params):
    """Kaggle's kuzushiji metric (its published Python equivalent, score_page + kuzushiji_f1), with the strict
    checks Tatami adds: malformed lists are refused instead of raising or being skipped."""
    tp = fp = fn = 0
    for answer, guess in zip(truth, predicted):
        a, g = answer.split(), guess.split()
        if len(a) % 5:
            raise UndefinedOnAnswers("malformed answer")
        if len(g) % 3:
            raise InvalidPrediction("malformed prediction")
        try:
            numbers = [float(x) for i, x in enumerate(g) if i % 3]
        except ValueError:
            raise InvalidPrediction("not a number")
        if not all(math.isfinite(x) for x in numbers):
            raise InvalidPrediction("not finite")
        labels, xs, ys = np.array(g[0::3]), np.array(g[1::3], dtype=float), np.array(g[2::3], dtype=float)
        unused = np.ones(len(labels), dtype=bool)
        for label, x, y, w, h in zip(a[0::5], *(np.array(a[k::5], dtype=float) for k in range(1, 5))):
            matching = (x < xs) & (x + w > xs) & (y < ys) & (y + h > ys) & (labels == label) & unused
            if matching.sum() == 0:
                fn += 1
            else:
                tp += 1
                unused[np.argmax(matching)] = False
        fp += int(unused.sum())
    if tp + fp == 0 or tp + fn == 0:
        return 0.0
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall) if precision > 0 and recall > 0 else 0.0


def order_kendall_tau(truth, predicted, params):
    """AI4Code's Kendall tau (Kaggle's published code: bisect inversion counts, pooled over notebooks)."""
    from bisect import bisect
    inversions = pairs = 0
    for answer, guess in zip(truth, predicted):
        a, g = answer.split(), guess.split()
        if len(set(a)) != len(a):
            raise UndefinedOnAnswers("repeated item")
        if sorted(a) != sorted(g):
            raise InvalidPrediction("not a permutation")
        ranks, seen = [a.index(x) for x in g], []
        for i, rank in enumerate(ranks):
            j = bisect(seen, rank)
            inversions += i - j
            seen.insert(j, rank)
        pairs += len(a) * (len(a) - 1)
    if pairs == 0:
        raise UndefinedOnAnswers("no pair")
    return 1 - 4 * inversions / pairs


REFERENCES.update({"point_in_box_f1": ("text", kuzushiji_f1), "order_kendall_tau": ("text", order_kendall_tau)})


def point_cases(cases):
    rng = rng_for("point_in_box_f1")
    characters = np.array(["U+306F", "U+304C", "U+3044", "U+FF2F"])
    for n in SIZES[:4]:
        truth, predicted = [], []
        for _ in range(n):
            boxes, points = [], []
            for _ in range(int(rng.integers(0, 5))):
                label = str(rng.choice(characters))
                x, y, w, h = (int(v) for v in rng.integers(0, 100, 4))
                boxes.append(f"{label} {x} {y} {w} {h}")
                if rng.random() < 0.7:  # inside, on the edge, or outside; sometimes the wrong label or twice
                    px, py = x + int(rng.integers(-2, w + 3)), y + int(rng.integers(-2, h + 3))
                    name = label if rng.random() < 0.8 else str(rng.choice(characters))
                    points += [f"{name} {px} {py}"] * (2 if rng.random() < 0.2 else 1)
            if rng.random() < 0.3:
                points.append(f"{rng.choice(characters)} {float(rng.random() * 100)} {float(rng.random() * 100)}")
            truth.append(" ".join(boxes))
            predicted.append(" ".join(points))
        cases.add("point_in_box_f1", f"random n={n}", truth, predicted)
    cases.add("point_in_box_f1", "edges are outside", ["a 0 0 10 10"], ["a 0 5 a 10 5 a 5 0 a 5 10"])
    cases.add("point_in_box_f1", "first free point, boxes in order", ["a 0 0 10 10 a 4 4 2 2"], ["a 5 5 a 1 1"])
    cases.add("point_in_box_f1", "nothing anywhere", ["", ""], ["", ""])
    cases.add("point_in_box_f1", "no hit", ["a 0 0 10 10"], ["b 5 5"])
    for label, cell in [("odd count", "a 5"), ("not a number", "a x 5"), ("nan", "a nan 5"), ("inf", "a 5 inf")]:
        cases.add("point_in_box_f1", f"invalid: {label}", ["a 0 0 10 10"], [cell])
    cases.add("point_in_box_f1", "invalid answers", ["a 0 0 10"], ["a 5 5"])

    rng = rng_for("order_kendall_tau")
    for n in SIZES[:4]:
        truth, predicted = [], []
        for _ in range(n):
            cells = [f"{int(c):08x}" for c in rng.choice(2 ** 32, int(rng.integers(1, 30)), replace=False)]
            guess = list(cells)
            for _ in range(int(rng.integers(0, 6))):  # a few swaps of a near-right order, or a shuffle
                i, j = rng.integers(0, len(cells), 2)
                guess[i], guess[j] = guess[j], guess[i]
            if rng.random() < 0.3:
                rng.shuffle(guess)
            truth.append(" ".join(cells))
            predicted.append(" ".join(guess))
        if n == 1 and len(truth[0].split()) < 2:
            truth, predicted = ["a b c"], ["c a b"]
        cases.add("order_kendall_tau", f"random n={n}", truth, predicted)
    cases.add("order_kendall_tau", "reversed", ["a b c d"], ["d c b a"])
    cases.add("order_kendall_tau", "one-cell rows only", ["a", "b"], ["a", "b"])
    cases.add("order_kendall_tau", "one-cell rows count no pairs", ["a", "b c"], ["a", "c b"])
    for label, cell in [("missing", "a b"), ("unknown", "a b x"), ("repeated", "a b b"), ("extra", "a b c c")]:
        cases.add("order_kendall_tau", f"invalid: {label}", ["a b c"], [cell])
    cases.add("order_kendall_tau", "repeated answer item", ["a a"], ["a a"])


def mean_rowwise_spearman(truth, predicted, params):
    """draper-satellite-image-chronology (MLE-Dojo's grader): scipy's spearmanr of each row's lists, averaged."""
    rhos = []
    for answer, guess in zip(truth, predicted):
        try:
            a, g = [float(x) for x in answer.split()], [float(x) for x in guess.split()]
        except ValueError:
            raise InvalidPrediction("not a number")
        if not a or len(set(a)) == 1:
            raise UndefinedOnAnswers("constant answer")
        if len(g) != len(a) or len(set(g)) == 1 or not all(math.isfinite(x) for x in g):
            raise InvalidPrediction("length or constant")
        rhos.append(stats.spearmanr(a, g)[0])
    return float(np.mean(rhos))


REFERENCES["mean_rowwise_spearman"] = ("text", mean_rowwise_spearman)


def rowwise_spearman_cases(cases):
    rng = rng_for("mean_rowwise_spearman")
    for n in SIZES[:4]:
        truth, predicted = [], []
        for _ in range(n):
            days = rng.permutation(5) + 1
            guess = days.copy()
            i, j = rng.integers(0, 5, 2)
            guess[i], guess[j] = guess[j], guess[i]
            truth.append(" ".join(str(d) for d in days))
            predicted.append(" ".join(str(d) for d in (guess if rng.random() < 0.7 else rng.permutation(5) + 1)))
        cases.add("mean_rowwise_spearman", f"day orders n={n}", truth, predicted)
    cases.add("mean_rowwise_spearman", "ties and reals", ["1 2 2 3", "0.5 0.1 9"], ["4 4 1 2", "1e-3 2 2"])
    cases.add("mean_rowwise_spearman", "constant answer", ["3 3 3"], ["1 2 3"])
    for label, cell in [("constant", "2 2 2"), ("short", "1 2"), ("long", "1 2 3 4"), ("word", "1 x 3"),
                        ("nan", "1 nan 3"), ("empty", "")]:
        cases.add("mean_rowwise_spearman", f"invalid: {label}", ["1 2 3"], [cell])


# ---------------------------------------------------------------------------------------------------------------
# Case generation.
# ---------------------------------------------------------------------------------------------------------------

class Cases:
    def __init__(self):
        self.cases = []
        self.library_agreements = 0

    def add(self, metric, label, truth, predicted, **params):
        kind, reference = REFERENCES[metric]
        params = {key: str(value) for key, value in params.items()}
        if kind == "numbers":
            truth = [[float(x) for x in column] for column in truth]
            predicted = [[float(x) for x in column] for column in predicted]
        else:
            truth, predicted = [str(x) for x in truth], [str(x) for x in predicted]
        expected, failure = None, None
        try:
            expected = reference(truth, predicted, params)
        except UndefinedOnAnswers:
            failure = "undefined_on_answers"
        except InvalidPrediction:
            failure = "invalid_prediction"
        self.cases.append({
            "id": f"{metric}/{label}/{len(self.cases)}", "metric": metric, "params": params, "kind": kind,
            "truth": truth, "predicted": predicted, "expected": expected, "expect_failure": failure,
        })

    def add_exact(self, metric, label, truth, predicted, **params):
        """A case whose expected value is EXACT's, checked against the library's where that one is finite."""
        params = {key: str(value) for key, value in params.items()}
        truth = [[float(x) for x in column] for column in truth]
        predicted = [[float(x) for x in column] for column in predicted]
        value = EXACT[metric](*exact_columns(truth, predicted), params)
        expected, failure = None, None
        if abs(value) >= ROUNDS_TO_INFINITY:
            failure = "beyond_double"
        else:
            expected = float(value)
        # scipy's pearsonr rescales by the largest magnitude and then returns a wrong 0 when it is the largest double.
        scipy_wrong = metric == "pearson" and max(abs(x) for x in predicted[0]) == LARGEST
        if metric in LIBRARY_CHECKED and expected is not None and not scipy_wrong:
            try:
                with np.errstate(all="ignore"):
                    library = REFERENCES[metric][1](truth, predicted, params)
            except (AssertionError, ValueError):  # non-finite, or sklearn refusing an infinite intermediate
                library = math.nan
            if math.isfinite(library):
                assert abs(library - expected) <= 1e-9 * abs(expected), f"{metric} {label}: {library} != {expected}"
                self.library_agreements += 1
        self.cases.append({
            "id": f"{metric}/{label}/{len(self.cases)}", "metric": metric, "params": params, "kind": "numbers",
            "truth": truth, "predicted": predicted, "expected": expected, "expect_failure": failure,
        })


def rng_for(name):
    return np.random.default_rng(zlib.crc32(name.encode()))


def label_cases(cases):
    binary = ["precision", "recall", "f1", "fbeta"]
    multiclass = ["accuracy", "balanced_accuracy", "f1_micro", "f1_macro", "f1_weighted", "mcc", "cohen_kappa",
                  "quadratic_weighted_kappa"]
    for metric in binary + multiclass:
        rng = rng_for(metric)
        extra = {"beta": 0.5} if metric == "fbeta" else {}
        for n in SIZES:
            y = rng.integers(0, 2, n)
            p = np.where(rng.random(n) < 0.7, y, 1 - y)
            cases.add(metric, f"binary n={n}", y, p, **extra)
            pets = np.array(["cat", "dog"])
            cases.add(metric, f"cat/dog n={n}", pets[y], pets[p], **({"positive": "cat"} if metric in binary else {}),
                      **extra)
            classes = rng.integers(0, 5, n)
            guesses = np.where(rng.random(n) < 0.5, classes, rng.integers(0, 6, n))
            cases.add(metric, f"5 classes n={n}", classes, guesses, **extra)
        y = rng.integers(0, 2, 50)
        cases.add(metric, "perfect", y, y, **extra)
        cases.add(metric, "one class in answers", np.ones(20, int), rng.integers(0, 2, 20), **extra)
        cases.add(metric, "constant predictions", rng.integers(0, 2, 20), np.zeros(20, int), **extra)
        cases.add(metric, "all zero both", np.zeros(10, int), np.zeros(10, int), **extra)
        cases.add(metric, "unicode labels", ["猫", "犬", "🐟", "猫", "犬"], ["猫", "猫", "🐟", "犬", "犬"],
                  **({"positive": "猫"} if metric in binary else {}), **extra)
    for beta in [0.25, 2, 3.5]:
        rng = rng_for(f"fbeta{beta}")
        y = rng.integers(0, 2, 300)
        cases.add("fbeta", f"beta={beta}", y, np.where(rng.random(300) < 0.6, y, 1 - y), beta=beta)
    rng = rng_for("qwk")
    for n in [7, 100, 1000]:
        y = rng.integers(1, 6, n)
        noisy = np.clip(y + rng.integers(-2, 3, n), 1, 5)
        cases.add("quadratic_weighted_kappa", f"grades n={n}", y, noisy)
        cases.add("cohen_kappa", f"grades n={n}", y, noisy)
        # 9 < 10 numerically but "10" < "9" as text: the rank order must be numeric.
        y, p = rng.integers(7, 12, n), rng.integers(7, 12, n)
        cases.add("quadratic_weighted_kappa", f"7..11 numeric order n={n}", y, p)
        letters = np.array(["a", "b", "c", "d", "B"])
        cases.add("quadratic_weighted_kappa", f"letters n={n}", letters[rng.integers(0, 5, n)],
                  letters[rng.integers(0, 5, n)])
    cases.add("quadratic_weighted_kappa", "decimals", ["0.5", "1.5", "10", "2", "-1"], ["1.5", "10", "10", "-1", "2"])
    cases.add("quadratic_weighted_kappa", "mixed numbers and text", ["1", "x", "10", "9"], ["9", "10", "x", "1"])
    cases.add("precision", "nothing predicted positive", [1, 0, 1, 0], [0, 0, 0, 0])
    cases.add("precision", "positive label absent", ["a", "b"], ["b", "a"], positive="z")
    cases.add("recall", "positive label absent", ["a", "b"], ["b", "a"], positive="z")
    cases.add("f1", "three labels one-vs-rest", ["a", "b", "c", "a", "c"], ["a", "c", "c", "b", "a"], positive="a")


def binary_score_cases(cases):
    for metric in ["roc_auc", "gini", "average_precision", "log_loss"]:
        rng = rng_for(metric)
        probability = metric == "log_loss"
        for n in SIZES:
            y = (rng.random(n) < 0.3).astype(int)
            if probability:
                s = np.clip(0.3 * y + 0.7 * rng.random(n), 0, 1)
            else:
                s = y + rng.normal(0, 1.5, n)
            cases.add(metric, f"random n={n}", [y], [s])
            cases.add(metric, f"ties n={n}", [y], [np.round(s, 1)])
        y = (rng.random(200) < 0.4).astype(int)
        cases.add(metric, "perfect", [y], [y.astype(float)])
        cases.add(metric, "reversed", [y], [1.0 - y])
        cases.add(metric, "constant predictions", [y], [np.full(200, 0.5)])
        cases.add(metric, "one class (all 0)", [np.zeros(30)], [rng.random(30)])
        cases.add(metric, "one class (all 1)", [np.ones(30)], [rng.random(30)])
        if probability:
            hard = np.where(rng.random(200) < 0.8, y, 1 - y)
            cases.add(metric, "hard 0 and 1 predictions", [y], [hard])
            cases.add(metric, "hard predictions, sklearn eps", [y], [hard], eps=repr(float(np.finfo(float).eps)))
    for metric in ["mean_columnwise_roc_auc", "mean_columnwise_log_loss"]:
        rng = rng_for(metric)
        for n in [2, 7, 100, 1000]:
            y = (rng.random((3, n)) < 0.5).astype(int)
            y[:, 0], y[:, 1] = 0, 1  # every column holds both classes
            s = np.clip(0.4 * y + 0.6 * rng.random((3, n)), 0, 1)
            cases.add(metric, f"3 labels n={n}", y, s)
            cases.add(metric, f"3 labels ties n={n}", y, np.round(s, 1))
        cases.add(metric, "one column with one class", [[0, 1, 0, 1], [1, 1, 1, 1]],
                  [[.1, .9, .2, .8], [.5, .5, .4, .6]])
        cases.add(metric, "one column", [[0, 1, 1, 0, 1]], [[.3, .6, .9, .4, .1]])


def probability_cases(cases):
    rng = rng_for("multiclass_log_loss")
    for k in [2, 3, 5, 12]:
        for n in SIZES:
            labels = rng.integers(0, k, n)
            truth = np.eye(k)[labels].T
            raw = rng.dirichlet(np.ones(k), n)
            cases.add("multiclass_log_loss", f"k={k} n={n}", truth, raw.T)
        unnormalised = rng.random((100, k)) * 3
        unnormalised[rng.random((100, k)) < 0.2] = 0
        cases.add("multiclass_log_loss", f"k={k} unnormalised rows with zeros", np.eye(k)[rng.integers(0, k, 100)].T,
                  np.clip(unnormalised, 0, 1).T)
    cases.add("multiclass_log_loss", "perfect one-hot", np.eye(3)[[0, 1, 2, 1]].T, np.eye(3)[[0, 1, 2, 1]].T)
    sklearn_eps = repr(float(np.finfo(float).eps))
    for k in [2, 4]:
        labels = rng.integers(0, k, 200)
        raw = rng.dirichlet(np.ones(k) * 0.3, 200)
        raw[rng.random((200, k)) < 0.05] = 0
        raw[:, 0] += 1e-3  # no row is all zeros
        raw /= raw.sum(axis=1, keepdims=True)
        for renormalize in ["true", "false"]:
            cases.add("multiclass_log_loss", f"k={k} sklearn eps, renormalize={renormalize}", np.eye(k)[labels].T,
                      raw.T, eps=sklearn_eps, renormalize=renormalize)
        off = raw * 1.01
        cases.add("multiclass_log_loss", f"k={k} rows off by 1% without rescaling", np.eye(k)[labels].T, off.T,
                  renormalize="false")
        cases.add("multiclass_log_loss", f"k={k} rows off by 1% refused", np.eye(k)[labels].T, off.T,
                  renormalize="false", sum_tolerance="1e-6")
        cases.add("multiclass_log_loss", f"k={k} rows within tolerance", np.eye(k)[labels].T, (raw * (1 + 1e-8)).T,
                  renormalize="false", sum_tolerance="1e-6")
    cases.add("multiclass_log_loss", "confident miss", np.eye(3)[[0, 1]].T, np.eye(3)[[1, 1]].T)
    rng = rng_for("kl_divergence")
    for k in [2, 6]:
        for n in SIZES:
            votes = rng.integers(0, 4, (n, k)).astype(float)
            votes[:, 0] += 1
            truth = votes / votes.sum(axis=1, keepdims=True)
            predicted = rng.dirichlet(np.ones(k), n)
            predicted[rng.random((n, k)) < 0.1] = 0
            cases.add("kl_divergence", f"k={k} n={n}", truth.T, predicted.T)
    cases.add("kl_divergence", "perfect", [[0.5, 1, 0], [0.5, 0, 1]], [[0.5, 1, 0], [0.5, 0, 1]])
    votes = rng.integers(0, 9, (100, 6)).astype(float)
    votes[:, 2] += 1
    cases.add("kl_divergence", "answers as vote counts", votes.T, rng.dirichlet(np.ones(6), 100).T)
    cases.add("kl_divergence", "predicted 1 and 0", [[0.2, 0.7], [0.8, 0.3]], [[1, 0], [0, 1]])


def regression_cases(cases):
    plain = ["rmse", "mse", "mae", "median_absolute_error", "r2", "mape", "smape", "rmspe", "pinball", "pearson",
             "spearman", "kendall_tau"]
    non_negative = ["rmsle", "msle", "poisson_deviance"]
    for metric in plain + non_negative:
        rng = rng_for(metric)
        params = {"alpha": 0.9} if metric == "pinball" else {}
        for n in SIZES:
            if metric in non_negative:
                y = rng.exponential(10, n)
                p = y * rng.lognormal(0, 0.5, n)
            else:
                y = rng.normal(50, 20, n)
                p = y + rng.normal(0, 10, n)
            cases.add(metric, f"random n={n}", [y], [p], **params)
            shift = 1.0 if metric in non_negative else 0.0  # keeps Poisson predictions > 0
            cases.add(metric, f"integers with ties n={n}", [np.round(y / 10)], [np.round(p / 10) + shift], **params)
        y = rng.exponential(5, 100) + 0.5
        cases.add(metric, "perfect", [y], [y.copy()], **params)
        cases.add(metric, "constant predictions", [y], [np.full(100, 3.0)], **params)
        cases.add(metric, "constant answers", [np.full(50, 0.1)], [rng.random(50) + 0.1], **params)
        cases.add(metric, "large values", [y * 1e9], [y * 1e9 + rng.normal(0, 1e7, 100).clip(-1e8, 1e8)], **params)
        if metric in non_negative:
            cases.add(metric, "zeros in answers", [np.r_[np.zeros(5), y[:20]]], [np.r_[rng.random(5) + 0.1, y[:20]]],
                      **params)
        else:
            cases.add(metric, "zeros in answers and predictions", [np.r_[np.zeros(5), y[:20], [0, 3]]],
                      [np.r_[np.zeros(5), y[:20] * 1.1, [2, 0]]], **params)
            cases.add(metric, "negative values", [-y], [-y * 0.9 + 1], **params)
    for alpha in [0.1, 0.5, 0.25]:
        rng = rng_for(f"pinball{alpha}")
        y = rng.normal(0, 1, 500)
        cases.add("pinball", f"alpha={alpha}", [y], [y + rng.normal(0.2, 1, 500)], alpha=alpha)
    cases.add("rmsle", "negative answer", [[1.0, -0.5]], [[1.0, 2.0]])
    cases.add("poisson_deviance", "zero answers", [[0.0, 0.0, 3.0]], [[0.5, 2.0, 3.0]])
    for metric in ["mean_columnwise_rmse", "mean_columnwise_rmsle"]:
        rng = rng_for(metric)
        for n in SIZES:
            y = rng.exponential(3, (3, n))
            cases.add(metric, f"3 columns n={n}", y, y * rng.lognormal(0, 0.3, (3, n)))
        cases.add(metric, "one column", [[1, 2, 3]], [[1.5, 2, 2]])
        cases.add(metric, "perfect", [[1, 2], [3, 4]], [[1, 2], [3, 4]])
    rng = rng_for("correlation ties")
    for metric in ["spearman", "kendall_tau", "pearson"]:
        x = rng.integers(0, 5, 2000)
        cases.add(metric, "heavy ties n=2000", [x], [x + rng.integers(0, 3, 2000)])
        cases.add(metric, "both constant", [[2, 2, 2]], [[1, 1, 1]])
        cases.add(metric, "perfectly reversed", [[1, 2, 3, 4]], [[4, 3, 2, 1]])


def words(rng, vocabulary, n):
    return " ".join(rng.choice(vocabulary, n))


def retrieval_cases(cases):
    items = np.array([f"item{i}" for i in range(12)] + ["Ωmega", "日本"])
    for metric in ["map_at_k", "ndcg_at_k"]:
        rng = rng_for(metric)
        for k in [1, 3, 5, 12]:
            for n in SIZES:
                truth = [words(rng, items, rng.integers(0, 4)) for _ in range(n)]
                predicted = [words(rng, items, rng.integers(0, k + 3)) for _ in range(n)]
                cases.add(metric, f"k={k} n={n}", truth, predicted, k=k)
        cases.add(metric, "one answer, rank 2", ["b"], ["a b c"], k=3)
        cases.add(metric, "duplicates in prediction", ["a b", "a"], ["a a b", "a a a"], k=3)
        cases.add(metric, "empty answers and predictions", ["", "a", ""], ["a", "", ""], k=3)
        cases.add(metric, "perfect", ["a b c", "d"], ["a b c", "d"], k=3)
        cases.add(metric, "repeated answer items, perfect list", ["a a b", "c c"], ["a b", "c"], k=3)
        cases.add(metric, "extra whitespace", ["  a\tb ", "c"], ["b  a", " c\n"], k=2)
        truth = [str(x) for x in rng.choice(items, 100)]
        predicted = [" ".join(rng.choice(items, 5, replace=False)) for _ in range(100)]
        cases.add(metric, "one answer, 5 distinct guesses", truth, predicted, k=5)
    rng = rng_for("top_k_accuracy")
    labels = np.array(["cat", "dog", "bird", "fish", "ant", "蛇"])
    for k in [1, 3, 5]:
        for n in SIZES:
            truth = list(rng.choice(labels, n))
            predicted = [" ".join(rng.choice(labels, rng.integers(0, k + 1), replace=False)) for _ in range(n)]
            cases.add("top_k_accuracy", f"k={k} n={n}", truth, predicted, k=k)
    cases.add("top_k_accuracy", "too many guesses", ["cat", "dog"], ["cat", "dog cat fish"], k=2)
    cases.add("top_k_accuracy", "empty answer", ["", "dog"], ["cat", "dog"], k=2)
    cases.add("top_k_accuracy", "empty prediction", ["cat", "dog"], ["", "dog"], k=2)


def text_cases(cases):
    rng = rng_for("levenshtein")
    alphabet = list("abcde ") + ["é", "ß", "日", "本", "😀", "e\u0301"]
    for n in SIZES:
        truth = ["".join(rng.choice(alphabet, rng.integers(0, 15))) for _ in range(n)]
        predicted = [t[: rng.integers(0, len(t) + 1)] + "".join(rng.choice(alphabet, rng.integers(0, 4)))
                     for t in truth]
        cases.add("levenshtein", f"random n={n}", truth, predicted)
    inchi = "InChI=1S/C16H14N2O3/c1-11-13(17)6-4-8-15(11)18-16(20)12-5-3-7-14(9-12)21-10-19-2/h3-9H,10,17H2,1-2H3"
    cases.add("levenshtein", "InChI", [inchi, inchi], [inchi.replace("C16", "C15"), "InChI=1S/H2O/h1H2"])
    cases.add("levenshtein", "empty strings", ["", "abc", ""], ["", "", "xyz"])
    cases.add("levenshtein", "perfect", ["kitten", "日本語"], ["kitten", "日本語"])
    cases.add("levenshtein", "kitten sitting", ["kitten"], ["sitting"])
    cases.add("levenshtein", "combining accent vs precomposed", ["caf\u00e9"], ["cafe\u0301"])
    rng = rng_for("jaccard_word")
    vocabulary = np.array(["the", "The", "THE", "cat", "Cat", "sat", "on", "mat", "Ça", "ÉCOLE", "école", "naïve",
                           "Straße", "日本", "😀", "don't", "well,", "well"])
    for n in SIZES:
        truth = [words(rng, vocabulary, rng.integers(0, 8)) for _ in range(n)]
        predicted = [words(rng, vocabulary, rng.integers(0, 8)) for _ in range(n)]
        cases.add("jaccard_word", f"random n={n}", truth, predicted)
    cases.add("jaccard_word", "both empty", ["", "  "], ["", ""])
    cases.add("jaccard_word", "one empty", ["a b", ""], ["", "a"])
    cases.add("jaccard_word", "case and repeats", ["The the CAT", "sat"], ["the cat cat", "Sat on"])


def rle_encode(mask):
    """Kaggle's rle_encode: 1-indexed starts and lengths of the runs of ones."""
    pixels = np.concatenate([[0], mask.astype(int), [0]])
    runs = np.where(pixels[1:] != pixels[:-1])[0] + 1
    runs[1::2] -= runs[::2]
    return " ".join(str(x) for x in runs)


def mask_cases(cases):
    for metric in ["dice", "iou"]:
        rng = rng_for(metric)
        for n in SIZES:
            truth, predicted = [], []
            for _ in range(n):
                size = int(rng.integers(1, 400))
                a = rng.random(size) < rng.random()
                b = np.where(rng.random(size) < 0.8, a, ~a) if rng.random() < 0.8 else rng.random(size) < 0.3
                truth.append(rle_encode(a))
                predicted.append(rle_encode(b))
            cases.add(metric, f"random n={n}", truth, predicted)
        cases.add(metric, "both empty", ["", ""], ["", " "])
        cases.add(metric, "one empty", ["1 5", ""], ["", "3 2"])
        cases.add(metric, "perfect", ["1 3 10 2", "5 1"], ["1 3 10 2", "5 1"])
        cases.add(metric, "touching runs", ["1 3 4 2"], ["2 4"])
        for label, bad in [("odd count", "1 2 5"), ("non-numeric", "1 x"), ("zero length", "1 0"),
                           ("start 0", "0 3"), ("negative", "3 -1"), ("unsorted", "10 2 1 2"),
                           ("overlapping", "1 5 3 2"), ("decimal", "1.5 2")]:
            cases.add(metric, f"invalid prediction: {label}", ["1 3", "2 2"], ["1 3", bad])
        cases.add(metric, "invalid answer", ["1 3 2"], ["1 3"])


def geo_cases(cases):
    rng = rng_for("haversine")
    for n in SIZES:
        lat, lon = rng.uniform(-89, 89, n), rng.uniform(-180, 180, n)
        cases.add("haversine", f"metres off n={n}", [lat, lon],
                  [lat + rng.normal(0, 1e-4, n), lon + rng.normal(0, 1e-4, n)])
        cases.add("haversine", f"far apart n={n}", [lat, lon], [rng.uniform(-89, 89, n), rng.uniform(-180, 180, n)])
    cases.add("haversine", "same points", [[37.4, -33.9], [-122.1, 151.2]], [[37.4, -33.9], [-122.1, 151.2]])
    cases.add("haversine", "antipodes and date line", [[0, 10, 45], [0, 179.9, 90]],
              [[0, -10, -45], [180, -179.9, -90]])


def large_cases(cases):
    """Above 50,000 rows the Swift ranking code switches from the standard sort to radix sorts."""
    rng = rng_for("large")
    n = 60_000
    y = (rng.random(n) < 0.3).astype(int)
    scores = np.round(y + rng.normal(0, 1.5, n), 2)  # rounded, so there are many ties
    for metric in ["roc_auc", "average_precision"]:
        cases.add(metric, f"large with ties n={n}", [y], [scores])
    truth = rng.normal(0, 1, n)
    predicted = np.round(truth + rng.normal(0, 1, n), 2)
    for metric in ["spearman", "kendall_tau", "median_absolute_error"]:
        cases.add(metric, f"large with ties n={n}", [np.round(truth, 1)], [predicted])
    cases.add("kendall_tau", f"large distinct n={n}", [truth], [truth + rng.normal(0, 1, n)])


def anchor_cases(cases):
    tags = np.array(["a", "b", "c", "d", "e", "f", "日本"])
    for metric in ["mean_f1_sets", "micro_f1_sets"]:
        rng = rng_for(metric)
        for n in SIZES:
            truth = [words(rng, tags, rng.integers(0, 4)) for _ in range(n)]
            predicted = [words(rng, tags, rng.integers(0, 4)) for _ in range(n)]
            cases.add(metric, f"random n={n}", truth, predicted)
        cases.add(metric, "both empty rows", ["", "a"], ["", "a b"])
        cases.add(metric, "repeats and order", ["a a b", "c"], ["b a", "c c d"])
        cases.add(metric, "all empty", ["", ""], ["", ""])
    rng = rng_for("top_1_error")
    for n in SIZES:
        y = rng.choice(np.array(["12", "7", "cat", "dog"]), n)
        cases.add("top_1_error", f"random n={n}", y, np.where(rng.random(n) < 0.6, y, rng.choice(y, n)))
        ranked = [" ".join(rng.choice(np.array(["12", "7", "cat", "dog"]), 3)) for _ in range(n)]
        cases.add("top_1_error", f"ranked lists n={n}", y, ranked)
    cases.add("top_1_error", "empty prediction", ["7", "cat"], ["", "cat dog"])
    rng = rng_for("mean_columnwise_spearman")
    for n in [2, 7, 100, 1000]:
        truth = rng.normal(0, 1, (3, n))
        cases.add("mean_columnwise_spearman", f"three columns n={n}", truth, truth + rng.normal(0, 1, (3, n)))
        cases.add("mean_columnwise_spearman", f"ties n={n}", np.round(truth, 0), np.round(truth + rng.normal(0, 1, (3, n)), 1))
    cases.add("mean_columnwise_spearman", "constant answer column", [[1, 1, 1], [1, 2, 3]], [[1, 2, 3], [3, 2, 1]])
    cases.add("mean_columnwise_spearman", "constant prediction column", [[1, 2, 3], [1, 2, 3]], [[1, 2, 3], [5, 5, 5]])
    rng = rng_for("lwlrap")
    for n in SIZES:
        y = (rng.random((5, n)) < 0.3).astype(int)
        cases.add("lwlrap", f"random n={n}", y, rng.random((5, n)))
        cases.add("lwlrap", f"ties n={n}", y, np.round(rng.random((5, n)), 1))
    cases.add("lwlrap", "no labels at all", [[0, 0], [0, 0]], [[0.1, 0.2], [0.3, 0.4]])
    cases.add("lwlrap", "perfect", [[1, 0], [0, 1]], [[0.9, 0.1], [0.2, 0.8]])
    rng = rng_for("normalized_edit_distance")
    gestures = np.array([str(i) for i in range(1, 21)])
    for n in SIZES:
        truth = [words(rng, gestures, rng.integers(1, 8)) for _ in range(n)]
        predicted = [words(rng, gestures, rng.integers(0, 9)) for _ in range(n)]
        cases.add("normalized_edit_distance", f"random n={n}", truth, predicted)
    cases.add("normalized_edit_distance", "perfect", ["1 2 3", "4"], ["1 2 3", "4"])
    cases.add("normalized_edit_distance", "tokens, not characters", ["12 3"], ["1 23"])
    cases.add("normalized_edit_distance", "no answer tokens", ["", " "], ["1", ""])
    for metric in ["mask_precision_iou", "global_dice"]:
        rng = rng_for(metric)
        for n in SIZES:
            truth, predicted = [], []
            for _ in range(n):
                size = int(rng.integers(1, 400))
                a = rng.random(size) < rng.random() * (rng.random() < 0.8)
                b = np.where(rng.random(size) < 0.9, a, ~a) if rng.random() < 0.8 else rng.random(size) < 0.2
                truth.append(rle_encode(a))
                predicted.append(rle_encode(b))
            cases.add(metric, f"random n={n}", truth, predicted)
        cases.add(metric, "empty answers", ["", ""], ["", "1 2"])
        cases.add(metric, "IoU exactly at a threshold", ["1 20"], ["1 14"])
        cases.add(metric, "invalid prediction", ["1 3"], ["1 x"])
    cases.add("global_dice", "dashes are empty masks", ["-", "1 4"], ["-", "2 2"])
    rng = rng_for("mean_angular_error")
    for n in SIZES:
        az, zen = rng.uniform(0, 2 * np.pi, n), rng.uniform(0, np.pi, n)
        cases.add("mean_angular_error", f"random n={n}", [az, zen],
                  [az + rng.normal(0, 0.3, n), zen + rng.normal(0, 0.3, n)])
    cases.add("mean_angular_error", "same and opposite", [[0, 0], [0, np.pi / 2]], [[0, np.pi], [0, np.pi / 2]])
    rng = rng_for("probabilistic_f1")
    for n in SIZES:
        y = (rng.random(n) < 0.3).astype(int)
        cases.add("probabilistic_f1", f"random n={n}", [y], [np.clip(0.4 * y + rng.random(n) * 0.8 - 0.1, -0.2, 1.2)])
    cases.add("probabilistic_f1", "no positive", [[0, 0, 0]], [[0.1, 0.5, 0.2]])
    cases.add("probabilistic_f1", "all zero predictions", [[1, 0, 1]], [[0, 0, 0]])
    rng = rng_for("weighted_auc")
    for n in SIZES[1:]:
        y = (rng.random(n) < 0.5).astype(int)
        y[0], y[-1] = 0, 1
        s = y + rng.normal(0, 1.2, n)
        cases.add("weighted_auc", f"random n={n}", [y], [s])
        cases.add("weighted_auc", f"ties n={n}", [y], [np.round(s, 0)])
    y = (rng.random(200) < 0.4).astype(int)
    cases.add("weighted_auc", "perfect", [y], [y.astype(float)])
    cases.add("weighted_auc", "reversed", [y], [1.0 - y])
    cases.add("weighted_auc", "constant", [y], [np.full(200, 0.3)])
    cases.add("weighted_auc", "one class", [np.ones(10)], [rng.random(10)])
    rng = rng_for("normalized_gini")
    for n in SIZES[1:]:
        y = rng.exponential(3, n)
        cases.add("normalized_gini", f"continuous n={n}", [y], [y + rng.normal(0, 3, n)])
        cases.add("normalized_gini", f"ties n={n}", [np.round(y)], [np.round(y + rng.normal(0, 3, n))])
        b = (rng.random(n) < 0.3).astype(int)
        b[0], b[-1] = 0, 1
        cases.add("normalized_gini", f"binary, distinct scores n={n}", [b], [b + rng.normal(0, 1, n)])
    cases.add("normalized_gini", "constant answers", [[2, 2, 2]], [[1, 2, 3]])
    cases.add("normalized_gini", "answers summing to 0", [[1, -1, 0]], [[1, 2, 3]])
    cases.add("normalized_gini", "constant predictions: row order decides", [[0, 1, 0, 1, 1]], [[5, 5, 5, 5, 5]])
    cases.add("weighted_auc", "five positives, TPR 0.4 on the curve", [[1, 1, 1, 1, 1, 0, 0, 0]],
              [[0.9, 0.8, 0.3, 0.7, 0.2, 0.6, 0.1, 0.5]])


# Metrics that read answer columns the submission does not have: each case carries them in "answer_columns"
# ({"numbers": {name: values}, "groups": {name: labels}}), as the engine hands them to the metric.

def weighted_mae(truth, predicted, columns, params):
    y, p = single(truth), single(predicted)
    w = np.sum([columns["numbers"][c] for c in params["weight_columns"].split(",")], axis=0)
    if np.any(w < 0):
        raise UndefinedOnAnswers
    if params.get("divide_by_rows") == "true":
        return float(np.sum(w * np.abs(y - p)) / len(y))
    if np.sum(w) <= 0:
        raise UndefinedOnAnswers
    return skm.mean_absolute_error(y, p, sample_weight=w)


def mean_log_mae_by_group(truth, predicted, columns, params):
    y, p = single(truth), single(predicted)
    groups = np.array(columns["groups"][params["group_column"]])
    floor = float(params.get("floor", "1e-9"))
    return float(np.mean([np.log(max(np.mean(np.abs(y[groups == g] - p[groups == g])), floor))
                          for g in np.unique(groups)]))


def balanced_log_loss(truth, predicted, columns, params):
    """ICR's balanced log loss, for any number of classes: rows rescaled to sum 1 (a zero sum becomes 1e-15), clipped."""
    y, p = np.array(truth).T, np.array(predicted).T
    eps = float(params.get("eps", "1e-15"))
    sums = p.sum(axis=1, keepdims=True)
    p = np.clip(p / np.where(sums == 0, 1e-15, sums), eps, 1 - eps)
    losses = [-np.sum(y[:, c] * np.log(p[:, c])) / y[:, c].sum() if y[:, c].sum() > 0 else 0.0
              for c in range(y.shape[1])]
    return float(np.mean(losses))


def weighted_multilabel_log_loss(truth, predicted, columns, params):
    """rsna-2022's competition weights: label weight (label_weights, else 1), times positive_factor when y = 1."""
    label_weight = {k: float(v) for k, v in (pair.split(":") for pair in params.get("label_weights", "").split(",") if pair)}
    y, p = single(truth), np.clip(single(predicted), 1e-15, 1 - 1e-15)
    groups = np.array(columns["groups"][params["group_column"]])
    kinds = columns["groups"][params["label_column"]]
    w = np.array([label_weight.get(k, 1.0) for k in kinds]) * np.where(y == 1, float(params.get("positive_factor", "2")), 1)
    loss = -(y * np.log(p) + (1 - y) * np.log(1 - p)) * w
    return float(np.mean([loss[groups == g].sum() / w[groups == g].sum() for g in np.unique(groups)]))


def bias_auc(truth, predicted, columns, params):
    """Kaggle's jigsaw-unintended-bias final metric (its benchmark kernel), identities and answers from 0.5."""
    y, p = single(truth) >= 0.5, single(predicted)

    def auc(rows):
        if len(set(y[rows])) < 2:
            raise UndefinedOnAnswers
        return skm.roc_auc_score(y[rows], p[rows])

    bias = [[], [], []]
    for column in params["identity_columns"].split(","):
        member = np.array(columns["numbers"][column]) >= 0.5
        bias[0].append(auc(member))
        bias[1].append(auc((member & ~y) | (~member & y)))
        bias[2].append(auc((member & y) | (~member & ~y)))
    overall = auc(np.ones(len(y), dtype=bool))
    return float(0.25 * overall + sum(0.25 * np.power(np.mean(np.power(b, -5.0)), -1 / 5) for b in bias))


def laplace_log_likelihood(truth, predicted, columns, params):
    """OSIC's metric (Rohan Rao's notebook the competition points to): Confidence clipped at 70, error at 1000."""
    sd = np.maximum(np.array(predicted[1]), 70)
    delta = np.minimum(np.abs(np.array(truth[0]) - np.array(predicted[0])), 1000)
    return float(np.mean(-np.sqrt(2) * delta / sd - np.log(np.sqrt(2) * sd)))


def life_step(boards):
    """One generation of Life on a torus, for boards of shape (rows, side, side), with np.roll (Kaggle's article)."""
    neighbours = sum(np.roll(np.roll(boards, dy, axis=1), dx, axis=2)
                     for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dy, dx) != (0, 0))
    return ((neighbours == 3) | ((neighbours == 2) & (boards == 1))).astype(int)


def game_of_life_mae(truth, predicted, columns, params):
    """Kaggle's conways-reverse-game-of-life-2020: both start boards stepped delta generations, then cell MAE."""
    y, p = np.array(truth).T, np.array(predicted).T
    if not np.isin(p, [0, 1]).all():
        raise InvalidPrediction("a cell is not 0 or 1")
    side = math.isqrt(y.shape[1])
    y, p = y.reshape(-1, side, side).astype(int), p.reshape(-1, side, side).astype(int)
    deltas = np.array(columns["numbers"][params.get("delta_column", "delta")])
    if not ((deltas >= 0) & (deltas <= 1000) & (deltas == np.round(deltas))).all():
        raise UndefinedOnAnswers("delta out of range")
    for row, delta in enumerate(deltas.astype(int)):
        for _ in range(delta):
            y[row], p[row] = life_step(y[row:row + 1])[0], life_step(p[row:row + 1])[0]
    return float(np.mean(np.abs(y - p)))


ANSWER_COLUMN_REFERENCES = {
    "game_of_life_mae": game_of_life_mae,
    "weighted_mae": weighted_mae,
    "mean_log_mae_by_group": mean_log_mae_by_group,
    "balanced_log_loss": balanced_log_loss,
    "weighted_multilabel_log_loss": weighted_multilabel_log_loss,
    "bias_auc": bias_auc,
    "laplace_log_likelihood": laplace_log_likelihood,
}


def add_with_answer_columns(cases, metric, label, truth, predicted, numbers=None, groups=None, **params):
    params = {key: str(value) for key, value in params.items()}
    truth = [[float(x) for x in column] for column in truth]
    predicted = [[float(x) for x in column] for column in predicted]
    columns = {"numbers": {k: [float(x) for x in v] for k, v in (numbers or {}).items()},
               "groups": {k: [str(x) for x in v] for k, v in (groups or {}).items()}}
    expected, failure = None, None
    try:
        expected = ANSWER_COLUMN_REFERENCES[metric](truth, predicted, columns, params)
    except UndefinedOnAnswers:
        failure = "undefined_on_answers"
    except InvalidPrediction:
        failure = "invalid_prediction"
    cases.cases.append({
        "id": f"{metric}/{label}/{len(cases.cases)}", "metric": metric, "params": params, "kind": "numbers",
        "truth": truth, "predicted": predicted, "expected": expected, "expect_failure": failure,
        "answer_columns": columns,
    })


def answer_column_cases(cases):
    add = lambda *args, **kwargs: add_with_answer_columns(cases, *args, **kwargs)
    rng = rng_for("weighted_mae")
    for n in SIZES:
        y = rng.uniform(50, 150, n)
        p, w = y + rng.normal(0, 5, n), rng.uniform(0.1, 5, n)
        add("weighted_mae", f"weights n={n}", [y], [p], numbers={"weight": w}, weight_columns="weight")
        daily = rng.random(n) < 0.1
        intraday, per_day = np.where(daily, 0, w * 1000), np.where(daily, w * 1000, 0)
        add("weighted_mae", f"two columns over rows n={n}", [y / 1000], [p / 1000],
            numbers={"Weight_Intraday": intraday, "Weight_Daily": per_day},
            weight_columns="Weight_Intraday,Weight_Daily", divide_by_rows="true")
        holiday = (rng.random(n) < 0.2).astype(float)
        add("weighted_mae", f"holiday flags n={n}", [y], [p], numbers={"IsHoliday": 1 + 4 * holiday},
            weight_columns="IsHoliday")
    add("weighted_mae", "zero weights", [[1, 2]], [[2, 2]], numbers={"weight": [0, 0]}, weight_columns="weight")
    add("weighted_mae", "a negative weight", [[1, 2]], [[2, 2]], numbers={"weight": [1, -1]}, weight_columns="weight")
    rng = rng_for("mean_log_mae_by_group")
    types = np.array(["1JHC", "2JHH", "3JHN", "1JHN", "2JHC"])
    for n in SIZES:
        y = rng.normal(0, 30, n)
        g = rng.choice(types, n)
        add("mean_log_mae_by_group", f"types n={n}", [y], [y + rng.normal(0, 1, n) * (1 + (g == "1JHC"))],
            groups={"type": g}, group_column="type")
    add("mean_log_mae_by_group", "a perfect group hits the floor", [[1, 2, 3, 4]], [[1, 2, 3.5, 3]],
        groups={"type": ["a", "a", "b", "b"]}, group_column="type")
    add("mean_log_mae_by_group", "floor parameter", [[1, 2, 3, 4]], [[1, 2, 3.5, 3]],
        groups={"type": ["a", "a", "b", "b"]}, group_column="type", floor=0.01)
    rng = rng_for("balanced_log_loss")
    for n in SIZES[1:]:
        labels = (rng.random(n) < 0.2).astype(int)
        labels[0], labels[-1] = 0, 1
        p1 = np.clip(0.5 * labels + 0.5 * rng.random(n), 0, 1)
        scale = rng.uniform(0.5, 2, n)
        add("balanced_log_loss", f"two classes n={n}", [1 - labels, labels], [(1 - p1) * scale, p1 * scale])
        three = rng.integers(0, 3, n)
        probabilities = rng.dirichlet(np.ones(3), n) + np.eye(3)[three]
        add("balanced_log_loss", f"three classes n={n}", np.eye(3)[three].T, probabilities.T)
    add("balanced_log_loss", "a class without rows adds 0", [[1, 1], [0, 0]], [[0.7, 0.4], [0.3, 0.6]])
    add("balanced_log_loss", "a row summing to 0 and certain misses", [[1, 0, 1], [0, 1, 0]], [[0, 1, 0], [0, 0, 1]])
    rng = rng_for("weighted_multilabel_log_loss")
    kinds = ["patient_overall"] + [f"C{v}" for v in range(1, 8)]
    for studies in [1, 3, 20, 150]:
        n = 8 * studies
        y = (rng.random(n) < 0.3).astype(int)
        p = np.clip(0.4 * y + 0.6 * rng.random(n), 0, 1)
        p[rng.random(n) < 0.05] = 0  # certain misses hit the clipping
        study = np.repeat([f"1.2.{k}" for k in range(studies)], 8)
        order = rng.permutation(n)  # rows of a study need not be adjacent
        add("weighted_multilabel_log_loss", f"studies={studies}", [y[order]], [p[order]],
            groups={"StudyInstanceUID": study[order], "prediction_type": np.tile(kinds, studies)[order]},
            group_column="StudyInstanceUID", label_column="prediction_type", label_weights="patient_overall:7")
    rng = rng_for("bias_auc")
    identities = ["male", "female", "christian", "muslim"]
    for n in [50, 200, 1000]:
        toxicity = rng.beta(0.5, 1.5, n)
        flags = {c: (rng.random(n) < 0.25).astype(float) for c in identities}
        for c in identities:  # every subgroup has toxic and non-toxic rows
            flags[c][:4] = [1, 1, 0, 0]
        toxicity[:4] = [0.9, 0.1, 0.8, 0.2]
        score = toxicity + rng.normal(0, 0.3, n) + 0.3 * flags["muslim"]
        add("bias_auc", f"identities n={n}", [toxicity], [score], numbers=flags, identity_columns=",".join(identities))
        add("bias_auc", f"ties n={n}", [toxicity], [np.round(score, 1)], numbers=flags, identity_columns="male,female")
    add("bias_auc", "a subgroup with one class", [[0.9, 0.1, 0.8, 0.2]], [[0.5, 0.4, 0.3, 0.2]],
        numbers={"male": [1, 0, 1, 0]}, identity_columns="male")
    rng = rng_for("laplace_log_likelihood")
    for n in SIZES:
        fvc = rng.uniform(1500, 4000, n)
        guess = fvc + rng.normal(0, 400, n) * (1 + 3 * (rng.random(n) < 0.1))  # some errors past the 1000 clip
        confidence = rng.uniform(20, 600, n)  # some below the 70 clip
        add("laplace_log_likelihood", f"random n={n}", [fvc, np.full(n, 100)], [guess, confidence])
    add("laplace_log_likelihood", "negative confidence, exact guess", [[2000, 3000], [100, 100]],
        [[2000, 4500], [-5, 1e6]])
    rng = rng_for("game_of_life_mae")
    for rows, side in [(1, 25), (7, 25), (40, 25), (5, 4), (3, 1), (4, 2)]:
        start = (rng.random((rows, side * side)) < rng.uniform(0.1, 0.9, (rows, 1))).astype(int)
        guess = np.where(rng.random(start.shape) < 0.15, 1 - start, start)
        guess[0] = start[0]  # one exact start
        deltas = rng.integers(0, 6, rows)
        add("game_of_life_mae", f"boards={rows} side={side}", start.T, guess.T, numbers={"delta": deltas})
    # A start that is not the true one but reaches the same stop board scores 0: a lone cell dies in one step.
    lone, empty = np.zeros(625, dtype=int), np.zeros(625, dtype=int)
    lone[312] = 1
    add("game_of_life_mae", "another start reaching the stop board", np.array([empty]).T, np.array([lone]).T,
        numbers={"delta": [1]})
    add("game_of_life_mae", "the same starts compared unstepped", np.array([empty]).T, np.array([lone]).T,
        numbers={"steps": [0]}, delta_column="steps")
    add("game_of_life_mae", "a cell of 0.5", [[0], [1], [1], [0]], [[0], [0.5], [1], [0]], numbers={"delta": [1]})
    add("game_of_life_mae", "a delta of 1e9", [[0], [1], [1], [0]], [[0], [1], [1], [0]], numbers={"delta": [1e9]})
    add("game_of_life_mae", "a delta of 2.5", [[0], [1], [1], [0]], [[0], [1], [1], [0]], numbers={"delta": [2.5]})
    add("weighted_multilabel_log_loss", "other weights", [[1, 0, 0, 1]], [[0.8, 0.3, 0.1, 0.4]],
        groups={"g": ["a", "a", "b", "b"], "k": ["x", "y", "x", "y"]}, group_column="g", label_column="k",
        label_weights="x:3,y:0.5", positive_factor=4)


# Metrics that pick target columns by name: each case carries the submission's column names in "target_columns".

def scored_columns_rmse(truth, predicted, names, params):
    """MCRMSE over the named columns only (stanford-covid-vaccine: 3 of the 5 required columns)."""
    picked = [names.index(name) for name in params["scored_columns"].split(",")]
    return float(np.mean([skm.root_mean_squared_error(truth[c], predicted[c]) for c in picked]))


def scored_column_cases(cases):
    names = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]
    scored = "reactivity,deg_Mg_pH10,deg_Mg_50C"
    rng = rng_for("scored_columns")
    for n in SIZES:
        truth = rng.gamma(1.5, 0.4, (5, n))
        predicted = truth + rng.normal(0, 0.3, (5, n)) * np.array([[1], [2], [50], [3], [80]])  # unscored: way off
        for label, chosen in [("three of five", scored), ("one", "deg_Mg_50C"), ("reordered", "deg_50C,reactivity")]:
            cases.cases.append({
                "id": f"mean_columnwise_rmse/{label} n={n}/{len(cases.cases)}", "metric": "mean_columnwise_rmse",
                "params": {"scored_columns": chosen}, "kind": "numbers", "truth": truth.tolist(),
                "predicted": predicted.tolist(), "target_columns": names,
                "expected": scored_columns_rmse(truth, predicted, names, {"scored_columns": chosen}),
                "expect_failure": None,
            })
    for label, columns in [("a name that is no target column", names), ("no column names given", [])]:
        cases.cases.append({
            "id": f"mean_columnwise_rmse/{label}/{len(cases.cases)}", "metric": "mean_columnwise_rmse",
            "params": {"scored_columns": "reactivity,deg_Mg_pH7"}, "kind": "numbers", "truth": [[1, 2]] * 5,
            "predicted": [[1, 3]] * 5, "target_columns": columns, "expected": None, "expect_failure": "wrong_input",
        })


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: metric_reference.py OUTPUT_DIR")
    warnings.simplefilter("ignore")
    cases = Cases()
    for generate in [label_cases, binary_score_cases, probability_cases, regression_cases, retrieval_cases,
                     text_cases, mask_cases, geo_cases, large_cases, huge_cases, anchor_cases]:
        generate(cases)
    structured_cases(cases)
    point_cases(cases)
    rowwise_spearman_cases(cases)
    answer_column_cases(cases)
    scored_column_cases(cases)
    missing = set(REFERENCES) - {case["metric"] for case in cases.cases}
    assert not missing, f"metrics without cases: {sorted(missing)}"
    output = Path(sys.argv[1])
    output.mkdir(parents=True, exist_ok=True)
    (output / "cases.json").write_text(json.dumps(cases.cases, ensure_ascii=False))
    print(f"{len(cases.cases)} cases for {len(REFERENCES)} metrics; on huge predictions the libraries agree with "
          f"the exact values in the {cases.library_agreements} cases where their result is finite")


if __name__ == "__main__":
    main()
