#!/usr/bin/env python3
"""What each anchor's grader scores the import fixtures' submissions: the reference for the import tests.

Usage: import_reference.py OUTPUT_DIR   (writes OUTPUT_DIR/grader_scores.json: {competition: score})

Each function below is a numpy / scikit-learn port, written for these tests, of what the competition's grader
computes (MLE-bench's grade.py, MLE-Dojo's utils/metric.py, Kaggle's metric): it reads the anchor's own answers
file (not the imported bundle), sorts both frames by id as the graders do, applies the grader's row filter, and
computes the metric. MLE-bench and MLE-Dojo graders score every answer row; a Kaggle solution file's final score
is its Private (or PrivateTest) rows.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import special
from sklearn import metrics as skm

FIXTURES = Path(__file__).resolve().parent.parent / "Tests/CLITests/Fixtures/import"


def frames(answers: Path, competition: str, id_column: str):
    truth = pd.read_csv(answers, dtype={id_column: str}, keep_default_na=False)
    submission = pd.read_csv(FIXTURES / "submissions" / f"{competition}.csv", dtype={id_column: str},
                             keep_default_na=False)
    truth = truth.sort_values(id_column).reset_index(drop=True)
    submission = submission.sort_values(id_column).reset_index(drop=True)
    assert (truth[id_column].values == submission[id_column].values).all()
    return truth, submission


def mle_bench(name: str, id_column: str):
    return frames(FIXTURES / f"mle-bench/data/{name}/prepared/private/test.csv", name, id_column)


def mle_dojo(name: str, id_column: str):
    return frames(FIXTURES / f"mle-dojo/data/{name}/data/private/test_answer.csv", name, id_column)


def kaggle_private(name: str, id_column: str):
    truth, submission = frames(FIXTURES / f"kaggle/{name}/solution.csv", name, id_column)
    private = truth["Usage"].str.lower().isin(["private", "privatetest"]).values
    return truth[private].reset_index(drop=True), submission[private].reset_index(drop=True)


def apk(actual: set, predicted: list, k: int) -> float:
    """MLE-bench's average_precision_at_k (answers as a set)."""
    predicted = predicted[:k]
    score, hits = 0.0, 0.0
    for i, p in enumerate(predicted):
        if p in actual and p not in predicted[:i]:
            hits += 1
            score += hits / (i + 1)
    return score / min(len(actual), k) if actual else 0.0


def rle_decode(rle: str, height: int, width: int) -> np.ndarray:
    """Kaggle's run-length decoding: 1-indexed starts, column-major pixel order."""
    mask = np.zeros(height * width, dtype=bool)
    numbers = [int(x) for x in rle.split()]
    for start, length in zip(numbers[0::2], numbers[1::2]):
        mask[start - 1:start - 1 + length] = True
    return mask.reshape((width, height)).T


def dice(predicted: np.ndarray, truth: np.ndarray) -> float:
    total = predicted.sum() + truth.sum()
    return 1.0 if total == 0 else 2 * np.logical_and(predicted, truth).sum() / total


def jaccard(a: str, b: str) -> float:
    """Kaggle's tweet-sentiment word Jaccard."""
    first, second = set(a.lower().split()), set(b.lower().split())
    both = first & second
    return len(both) / (len(first) + len(second) - len(both))


def scores() -> dict[str, float]:
    out = {}
    t, s = mle_bench("aerial-cactus-identification", "id")
    out["aerial-cactus-identification"] = skm.roc_auc_score(t["has_cactus"], s["has_cactus"])

    classes = ["Acer_Opalus", "Quercus_Rubra", "Ulmus_Bergmanniana"]
    t, s = mle_bench("leaf-classification", "id")
    assert np.all(np.isclose(s[classes].sum(axis=1), 1, atol=1e-6))
    out["leaf-classification"] = skm.log_loss(t[classes].values.argmax(axis=1), s[classes].values, labels=[0, 1, 2])

    t, s = mle_bench("denoising-dirty-documents", "id")
    out["denoising-dirty-documents"] = skm.root_mean_squared_error(t["value"], s["value"])

    t, s = mle_bench("h-and-m-personalized-fashion-recommendations", "customer_id")
    out["h-and-m-personalized-fashion-recommendations"] = float(np.mean(
        [apk(set(a.split(" ")), p.split(" "), 12) for a, p in zip(t["prediction"], s["prediction"])]))

    t, s = mle_bench("hubmap-kidney-segmentation", "id")
    out["hubmap-kidney-segmentation"] = float(np.mean([
        dice(rle_decode(p, h, w), rle_decode(a, h, w))
        for p, a, h, w in zip(s["predicted"], t["encoding"], t["height_pixels"], t["width_pixels"])]))

    t, s = mle_bench("ventilator-pressure-prediction", "id")
    scored = t["u_out"] == 0
    out["ventilator-pressure-prediction"] = skm.mean_absolute_error(t["pressure"][scored], s["pressure"][scored])

    t, s = mle_bench("tweet-sentiment-extraction", "textID")
    out["tweet-sentiment-extraction"] = float(np.mean(
        [jaccard(a, p) for a, p in zip(t["selected_text"], s["selected_text"])]))

    t, s = mle_bench("nfl-player-contact-detection", "contact_id")
    out["nfl-player-contact-detection"] = skm.matthews_corrcoef(t["contact"], s["contact"])

    t, s = mle_dojo("spaceship-titanic", "PassengerId")
    out["spaceship-titanic"] = skm.accuracy_score(t["Transported"], s["Transported"])

    votes = ["seizure_vote", "lpd_vote", "gpd_vote", "other_vote"]
    t, s = mle_dojo("hms-harmful-brain-activity-classification", "eeg_id")
    targets = t[votes].values / t[votes].values.sum(axis=1, keepdims=True)
    predicted = np.clip(s[votes].values, 1e-15, 1 - 1e-15)
    out["hms-harmful-brain-activity-classification"] = float(np.mean(special.rel_entr(targets, predicted).sum(axis=1)))

    t, s = mle_dojo("aptos2019-blindness-detection", "id_code")
    out["aptos2019-blindness-detection"] = skm.cohen_kappa_score(t["diagnosis"], s["diagnosis"], weights="quadratic")

    t, s = mle_dojo("tabular-playground-series-jan-2022", "row_id")
    actual, forecast = t["num_sold"].values, s["num_sold"].values
    denominator = np.abs(actual) + np.abs(forecast)
    out["tabular-playground-series-jan-2022"] = float(np.mean(
        np.where(denominator == 0, 0, 200 * np.abs(forecast - actual) / denominator)))

    t, s = kaggle_private("bike-sharing-demand", "datetime")
    out["bike-sharing-demand"] = skm.root_mean_squared_log_error(t["count"], s["count"])

    t, s = kaggle_private("tiny-f1", "id")
    out["tiny-f1"] = skm.f1_score(t["label"], s["label"])
    for name, value in out.items():
        assert math.isfinite(value), name
    return {name: float(value) for name, value in out.items()}


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: import_reference.py OUTPUT_DIR")
    output = Path(sys.argv[1])
    output.mkdir(parents=True, exist_ok=True)
    (output / "grader_scores.json").write_text(json.dumps(scores(), indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
