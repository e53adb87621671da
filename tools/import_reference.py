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

import Levenshtein
import numpy as np
import pandas as pd
from scipy import special, stats
from sklearn import metrics as skm

import metric_reference  # tools/, beside this script

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


def row_f1(answer: str, guess: str) -> float:
    """Kaggle's Mean F1-Score term for one row of label sets (both empty: 1)."""
    a, b = set(answer.split()), set(guess.split())
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def token_distance(a: list, b: list) -> int:
    """Levenshtein distance over tokens, by the textbook recurrence."""
    table = np.arange(len(b) + 1)
    for i, x in enumerate(a, 1):
        previous, table[0] = table[0], i
        for j, y in enumerate(b, 1):
            previous, table[j] = table[j], min(table[j] + 1, table[j - 1] + 1, previous + (x != y))
    return int(table[len(b)])


def angular_distance(az_true, zen_true, az_pred, zen_pred) -> float:
    """icecube's angular_dist_score."""
    az_true, zen_true, az_pred, zen_pred = (np.asarray(x, float) for x in (az_true, zen_true, az_pred, zen_pred))
    dot = (np.sin(zen_true) * np.cos(az_true) * np.sin(zen_pred) * np.cos(az_pred)
           + np.sin(zen_true) * np.sin(az_true) * np.sin(zen_pred) * np.sin(az_pred)
           + np.cos(zen_true) * np.cos(zen_pred))
    return float(np.mean(np.arccos(np.clip(dot, -1, 1))))


def iou_precision(predicted: np.ndarray, truth: np.ndarray) -> float:
    """TGS salt: share of thresholds 0.5..0.95 the IoU exceeds; empty truth scores 1 only for an empty prediction."""
    if truth.sum() == 0:
        return 1.0 if predicted.sum() == 0 else 0.0
    iou = np.logical_and(predicted, truth).sum() / np.logical_or(predicted, truth).sum()
    return float(np.mean([iou > t for t in np.arange(0.5, 1.0, 0.05)]))


def pfbeta(labels, predictions) -> float:
    """rsna-breast-cancer-detection's probabilistic F1 (beta 1)."""
    predictions = np.clip(predictions, 0, 1)
    ctp, cfp = predictions[labels == 1].sum(), predictions[labels == 0].sum()
    precision, recall = ctp / (ctp + cfp), ctp / (labels == 1).sum()
    return float(2 * precision * recall / (precision + recall)) if precision > 0 and recall > 0 else 0.0


def alaska_weighted_auc(y, s) -> float:
    """MLE-bench's alaska2 grade: TPR 0.4 inserted into sklearn's ROC curve, band areas closed at FPR 1, / 1.4."""
    fpr, tpr, _ = skm.roc_curve(y, s, pos_label=1)
    fpr, tpr = list(fpr), list(tpr)
    for threshold in [0.0, 0.4, 1.0]:
        if threshold not in tpr:
            i = next(i for i, v in enumerate(tpr) if v > threshold)
            fpr.insert(i, fpr[i - 1] + (fpr[i] - fpr[i - 1]) * (threshold - tpr[i - 1]) / (tpr[i] - tpr[i - 1]))
            tpr.insert(i, threshold)
    fpr, tpr = np.array(fpr), np.array(tpr)
    total = 0.0
    for low, high, weight in [(0.0, 0.4, 2), (0.4, 1.0, 1)]:
        mask = (low <= tpr) & (tpr <= high)
        if mask.any():
            total += weight * skm.auc(np.concatenate([fpr[mask], [1]]), np.concatenate([tpr[mask], [high]]) - low)
    return total / 1.4


def kaggle_gini(actual, pred) -> float:
    """Kaggle's Gini; ties in row order (np.lexsort)."""
    table = np.asarray(np.c_[actual, pred, np.arange(len(actual))], dtype=float)
    table = table[np.lexsort((table[:, 2], -1 * table[:, 1]))]
    return (table[:, 0].cumsum().sum() / table[:, 0].sum() - (len(actual) + 1) / 2.0) / len(actual)


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
    t, s = mle_bench("statoil-iceberg-classifier-challenge", "id")
    out["statoil-iceberg-classifier-challenge"] = skm.log_loss(t["is_iceberg"], s["is_iceberg"], labels=[0, 1])

    t, s = mle_bench("iwildcam-2019-fgvc6", "Id")
    out["iwildcam-2019-fgvc6"] = skm.f1_score(t["Predicted"].astype(str), s["Predicted"].astype(str), average="macro")

    columns = ["toxic", "obscene", "insult"]
    t, s = mle_bench("jigsaw-toxic-comment-classification-challenge", "id")
    out["jigsaw-toxic-comment-classification-challenge"] = skm.roc_auc_score(t[columns], s[columns], average="macro")

    columns = ["formation_energy_ev_natom", "bandgap_energy_ev"]
    t, s = mle_bench("nomad2018-predict-transparent-conductors", "id")
    out["nomad2018-predict-transparent-conductors"] = float(np.mean(
        [skm.root_mean_squared_log_error(t[c], s[c]) for c in columns]))

    # The fixture exists in both layouts with the same rows (and one submission).
    for layout in [mle_bench, mle_dojo]:
        t, s = layout("facebook-recruiting-iii-keyword-extraction", "Id")
        value = float(np.mean([row_f1(a, p) for a, p in zip(t["Tags"], s["Tags"])]))
        assert out.setdefault("facebook-recruiting-iii-keyword-extraction", value) == value

    t, s = mle_bench("bms-molecular-translation", "image_id")
    out["bms-molecular-translation"] = float(np.mean(
        [Levenshtein.distance(a, p) for a, p in zip(t["InChI"], s["InChI"])]))

    t, s = mle_bench("inaturalist-2019-fgvc6", "id")
    first = [int(p.split()[0]) for p in s["predicted"].astype(str)]
    out["inaturalist-2019-fgvc6"] = 1 - skm.accuracy_score([int(y) for y in t["predicted"]], first)

    t, s = mle_bench("us-patent-phrase-to-phrase-matching", "id")
    out["us-patent-phrase-to-phrase-matching"] = stats.pearsonr(t["score"], s["score"])[0]

    t, s = mle_bench("multi-modal-gesture-recognition", "Id")
    out["multi-modal-gesture-recognition"] = sum(
        token_distance(a.split(), p.split()) for a, p in zip(t["Sequence"], s["Sequence"])) / sum(
        len(a.split()) for a in t["Sequence"])

    t, s = mle_bench("imet-2020-fgvc7", "id")
    common = sum(len(set(a.split()) & set(p.split())) for a, p in zip(t["attribute_ids"], s["attribute_ids"]))
    total = sum(len(set(a.split())) + len(set(p.split())) for a, p in zip(t["attribute_ids"], s["attribute_ids"]))
    out["imet-2020-fgvc7"] = 2 * common / total

    columns = ["question_asker_intent_understanding", "answer_helpful", "answer_well_written"]
    t, s = mle_bench("google-quest-challenge", "qa_id")
    out["google-quest-challenge"] = float(np.mean([stats.spearmanr(t[c], s[c])[0] for c in columns]))

    t, s = mle_bench("icecube-neutrinos-in-deep-ice", "event_id")
    out["icecube-neutrinos-in-deep-ice"] = angular_distance(t["azimuth"], t["zenith"], s["azimuth"], s["zenith"])

    t, s = mle_bench("tgs-salt-identification-challenge", "id")
    out["tgs-salt-identification-challenge"] = float(np.mean(
        [iou_precision(rle_decode(p, 8, 6), rle_decode(a, 8, 6)) for a, p in zip(t["rle_mask"], s["rle_mask"])]))

    columns = ["Accordion", "Bark", "Bass_drum", "Buzz"]
    t, s = mle_bench("freesound-audio-tagging-2019", "fname")
    y = t[columns].values
    keep = y.sum(axis=1) > 0
    out["freesound-audio-tagging-2019"] = skm.label_ranking_average_precision_score(
        y[keep], s[columns].values[keep], sample_weight=y[keep].sum(axis=1))

    t, s = mle_bench("rsna-breast-cancer-detection", "prediction_id")
    out["rsna-breast-cancer-detection"] = pfbeta(t["cancer"].values, s["cancer"].values)

    t, s = mle_bench("google-research-identify-contrails-reduce-global-warming", "record_id")
    truths = [rle_decode(a.replace("-", ""), h, w) for a, h, w in zip(t["encoded_pixels"], t["height"], t["width"])]
    guesses = [rle_decode(p.replace("-", ""), h, w) for p, h, w in zip(s["encoded_pixels"], t["height"], t["width"])]
    out["google-research-identify-contrails-reduce-global-warming"] = dice(
        np.concatenate([g.ravel() for g in guesses]), np.concatenate([m.ravel() for m in truths]))

    t, s = mle_bench("alaska2-image-steganalysis", "Id")
    out["alaska2-image-steganalysis"] = alaska_weighted_auc(t["Label"].values, s["Label"].values)

    t, s = mle_dojo("mercedes-benz-greener-manufacturing", "ID")
    out["mercedes-benz-greener-manufacturing"] = skm.r2_score(t["y"], s["y"])

    t, s = frames(FIXTURES / "mle-dojo/data/liberty-mutual-group-property-inspection-prediction/data/private/test_answer.csv",
                  "liberty-mutual-group-property-inspection-prediction", "Id")
    out["liberty-mutual-group-property-inspection-prediction"] = kaggle_gini(t["Hazard"], s["Hazard"]) / kaggle_gini(
        t["Hazard"], t["Hazard"])

    t, s = mle_dojo("DontGetKicked", "RefId")
    out["DontGetKicked"] = 2 * skm.roc_auc_score(t["IsBadBuy"], s["IsBadBuy"]) - 1

    t, s = mle_dojo("plant-seedlings-classification", "file")
    out["plant-seedlings-classification"] = skm.f1_score(t["species"], s["species"], average="micro")

    t, s = mle_dojo("novozymes-enzyme-stability-prediction", "seq_id")
    out["novozymes-enzyme-stability-prediction"] = stats.spearmanr(t["tm"], s["tm"])[0]

    t, s = mle_dojo("rossmann-store-sales", "Id")
    valid = t["Sales"] != 0
    out["rossmann-store-sales"] = float(np.sqrt(
        (((t["Sales"][valid] - s["Sales"][valid]) / t["Sales"][valid]) ** 2).mean()))

    t, s = mle_dojo("playground-series-s3e25", "id")
    out["playground-series-s3e25"] = skm.median_absolute_error(t["Hardness"], s["Hardness"])

    columns = ["cohesion", "syntax", "vocabulary"]
    t, s = mle_dojo("feedback-prize-english-language-learning", "text_id")
    out["feedback-prize-english-language-learning"] = float(np.mean(
        [skm.root_mean_squared_error(t[c], s[c]) for c in columns]))

    # allstate: the grader's percentage of exact plans over 100, Kaggle's fraction; pandas reads the plans as
    # integers, as the grader does (the same as text on the fixture, whose submitted plans all have seven digits).
    t, s = frames(FIXTURES / "mle-dojo/data/allstate-purchase-prediction-challenge/data/private/test_answer.csv",
                  "allstate-purchase-prediction-challenge", "customer_ID")
    out["allstate-purchase-prediction-challenge"] = float(np.mean(t["plan"] == s["plan"]))

    # Box, span, point and order lists: the ports in tools/metric_reference.py of the graders (MLE-Dojo's for boxes
    # and spans, Kaggle's published code for kuzushiji and AI4Code), which are Kaggle's definitions; the VOC ones
    # leave out the graders' 1e-6 in the precision, and MLE-bench's siim grader's sklearn variant is a documented
    # departure (docs/importing.md).
    t, s = mle_bench("siim-covid19-detection", "id")
    out["siim-covid19-detection"] = metric_reference.detection_map(
        list(t["PredictionString"]), list(s["PredictionString"]), {"iou": "0.5"})
    t, s = mle_dojo("vinbigdata-chest-xray-abnormalities-detection", "image_id")
    out["vinbigdata-chest-xray-abnormalities-detection"] = metric_reference.detection_map(
        list(t["PredictionString"]), list(s["PredictionString"]), {"iou": "0.4"})
    t, s = mle_dojo("global-wheat-detection", "image_id")
    out["global-wheat-detection"] = metric_reference.detection_map(
        list(t["PredictionString"]), list(s["PredictionString"]), {"average": "image", "box": "xywh", "iou_steps": "6"})
    t, s = mle_dojo("nbme-score-clinical-patient-notes", "id")
    out["nbme-score-clinical-patient-notes"] = metric_reference.span_f1(list(t["location"]), list(s["location"]), {})
    t, s = mle_bench("kuzushiji-recognition", "image_id")
    out["kuzushiji-recognition"] = metric_reference.kuzushiji_f1(list(t["labels"]), list(s["labels"]), {})
    t, s = mle_bench("AI4Code", "id")
    out["AI4Code"] = metric_reference.order_kendall_tau(list(t["cell_order"]), list(s["cell_order"]), {})
    t, s = mle_dojo("draper-satellite-image-chronology", "setId")
    out["draper-satellite-image-chronology"] = metric_reference.mean_rowwise_spearman(list(t["day"]), list(s["day"]), {})
    # stanford-covid: MCRMSE of 3 of the 5 columns on the keep rows. MLE-Dojo's grader scores every row; Kaggle's
    # definition (and the MLE-bench grader) only the kept positions, as here for both.
    scored = ["reactivity", "deg_Mg_pH10", "deg_Mg_50C"]
    for t, s in [mle_bench("stanford-covid-vaccine", "id_seqpos"), mle_dojo("stanford-covid-vaccine", "id_seqpos")]:
        keep = t["keep"].astype(str) == "True"
        value = float(np.mean([skm.root_mean_squared_error(t[c][keep], s[c][keep]) for c in scored]))
        out.setdefault("stanford-covid-vaccine", value)
        assert abs(out["stanford-covid-vaccine"] - value) < 1e-12  # one fixture name, one score for both layouts
    # conways: Kaggle's definition, each predicted start stepped delta generations and compared with the answers'
    # stop board (MLE-Dojo's grader compares the start boards themselves, a documented departure).
    t, s = mle_dojo("conways-reverse-game-of-life-2020", "id")
    stopped = s[[f"start_{c}" for c in range(625)]].to_numpy(dtype=int).reshape(-1, 25, 25)
    for row, delta in enumerate(t["delta"].astype(int)):
        for _ in range(delta):
            stopped[row] = metric_reference.life_step(stopped[row:row + 1])[0]
    stops = t[[f"stop_{c}" for c in range(625)]].to_numpy(dtype=int).reshape(-1, 25, 25)
    out["conways-reverse-game-of-life-2020"] = float(np.mean(np.abs(stopped - stops)))
    out.update(answer_column_scores())
    for name, value in out.items():
        assert math.isfinite(value), name
    return {name: float(value) for name, value in out.items()}


def answer_column_scores() -> dict[str, float]:
    """Graders that read answer columns the submission does not have (weights, groups)."""
    out = {}
    t, s = mle_dojo("benchmark-bond-trade-price-challenge", "id")
    out["benchmark-bond-trade-price-challenge"] = np.sum(t["weight"] * np.abs(t["trade_price"] - s["trade_price"])) \
        / np.sum(t["weight"])

    # Winton: the weight is picked by the return index in the id; the sum is divided by the rows, not the weights.
    t, s = mle_dojo("the-winton-stock-market-challenge", "Id")
    returns = t["Id"].str.split("_").str[1].astype(int)
    weights = np.where(returns <= 60, t["Weight_Intraday"], t["Weight_Daily"])
    out["the-winton-stock-market-challenge"] = np.sum(weights * np.abs(t["Predicted"] - s["Predicted"])) / len(t)

    # ICR: rows rescaled to sum 1, clipped, each class's mean log loss over its own rows, averaged over 2 classes.
    t, s = mle_dojo("icr-identify-age-related-conditions", "Id")
    total = s["class_0"] + s["class_1"]
    p0 = np.clip(s["class_0"] / total, 1e-15, 1 - 1e-15)
    p1 = np.clip(s["class_1"] / total, 1e-15, 1 - 1e-15)
    y1 = (t["Class"].astype(int) == 1).values
    out["icr-identify-age-related-conditions"] = (-np.mean(np.log(p0[~y1])) - np.mean(np.log(p1[y1]))) / 2

    # champs (MLE-bench): log of each coupling type's MAE, averaged over the types.
    t, s = mle_bench("champs-scalar-coupling", "id")
    t["predicted"] = s["scalar_coupling_constant"].values
    out["champs-scalar-coupling"] = float(np.mean([
        np.log(skm.mean_absolute_error(g["scalar_coupling_constant"], g["predicted"])) for _, g in t.groupby("type")]))

    # rsna-2022 (MLE-bench): back to one row per study, weights 7/14 for patient_overall and 1/2 per vertebra.
    t, s = mle_bench("rsna-2022-cervical-spine-fracture-detection", "row_id")
    order = ["patient_overall"] + [f"C{v}" for v in range(1, 8)]
    wide = lambda frame: frame.assign(study=frame["row_id"].str.split("_", n=1).str[0],
                                      kind=frame["row_id"].str.split("_", n=1).str[1]).pivot(
        index="study", columns="kind", values="fractured").sort_index()[order].to_numpy(dtype=float)
    y, p = wide(t), np.clip(wide(s), 1e-15, 1 - 1e-15)
    loss = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    weights = y * np.array([14, 2, 2, 2, 2, 2, 2, 2]) + (1 - y) * np.array([7, 1, 1, 1, 1, 1, 1, 1])
    out["rsna-2022-cervical-spine-fracture-detection"] = float(np.mean((loss * weights).sum(1) / weights.sum(1)))

    # jigsaw-unintended-bias: Kaggle's definition (MLE-bench's grader would first turn the predictions into 0/1);
    # an empty identity cell is no member, as pandas' NaN >= 0.5 is false.
    t, s = mle_bench("jigsaw-unintended-bias-in-toxicity-classification", "id")
    y, p = t["toxicity"].astype(float).values >= 0.5, s["prediction"].astype(float).values
    identities = ["male", "female", "homosexual_gay_or_lesbian", "christian", "jewish", "muslim", "black", "white",
                  "psychiatric_or_mental_illness"]
    bias = []
    for column in identities:
        member = (pd.to_numeric(t[column], errors="coerce") >= 0.5).values
        subsets = [member, (member & ~y) | (~member & y), (member & y) | (~member & ~y)]
        bias.append([skm.roc_auc_score(y[rows], p[rows]) for rows in subsets])
    means = [np.mean(np.array(b) ** -5.0) ** (-1 / 5) for b in zip(*bias)]
    out["jigsaw-unintended-bias-in-toxicity-classification"] = 0.25 * skm.roc_auc_score(y, p) + 0.25 * sum(means)

    # osic: rows with an FVC, each patient's three latest weeks (the number after the id's last "_").
    t, s = mle_bench("osic-pulmonary-fibrosis-progression", "Patient_Week")
    t = t[t["FVC"] != ""].assign(week=lambda f: f["Patient_Week"].str.split("_").str[-1].astype(int))
    t = t.sort_values("week").groupby("Patient").tail(3).sort_values("Patient_Week")
    s = s[s["Patient_Week"].isin(t["Patient_Week"])].sort_values("Patient_Week")
    sd = np.maximum(s["Confidence"].astype(float).values, 70)
    delta = np.minimum(np.abs(t["FVC"].astype(float).values - s["FVC"].astype(float).values), 1000)
    out["osic-pulmonary-fibrosis-progression"] = float(np.mean(-np.sqrt(2) * delta / sd - np.log(np.sqrt(2) * sd)))
    return out


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: import_reference.py OUTPUT_DIR")
    output = Path(sys.argv[1])
    output.mkdir(parents=True, exist_ok=True)
    (output / "grader_scores.json").write_text(json.dumps(scores(), indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
