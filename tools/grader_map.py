#!/usr/bin/env python3
"""Builds the grader map: one row per MLE-bench and MLE-Dojo competition, from its grader to a Tatami metric.

Reads the anchors' repositories on the developer's machine (git object stores or checkouts) and writes
  Sources/Importers/GraderMap+Generated.swift   the table the product reads (nothing else is read at run time)
  docs/grader-map.csv                            the same table for people
The mapping itself is decided here, per family of grader, from what each grader's code computes (read by
hand; see docs/importing.md). The script checks that every competition of both anchors gets a row, that
each supported row names a metric Tatami registers, and that the grader's direction (MLE-Dojo's
`higher_is_better`) agrees with the metric's.

  .venv/bin/python tools/grader_map.py --mle-bench /path/to/mle-bench --mle-dojo /path/to/MLE-Dojo
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    source: str          # mle-bench | mle-dojo
    competition: str
    grader: str          # MLE-bench grade_fn (grader.name); MLE-Dojo metric class
    metric: str = ""     # Tatami metric; empty when unsupported
    params: dict = field(default_factory=dict)
    higher_is_better: bool | None = None
    scored_rows: str = ""  # column=value: only those answer rows are scored, the rest become Usage Ignored
    reason: str = ""     # why unsupported, or the grader deviation Tatami does not reproduce
    target: str = ""     # MLE-Dojo's `value` (the target column), when the grader names one
    answer_columns: dict = field(default_factory=dict)  # submission column -> the answers' column of the same values


class Repo:
    """Reads files at HEAD of a git directory (bare mirror or checkout)."""

    def __init__(self, path: str):
        self.path = path

    def read(self, name: str) -> str | None:
        result = subprocess.run(["git", "--git-dir", self.git_dir(), "show", f"HEAD:{name}"],
                                capture_output=True, text=True)
        return result.stdout if result.returncode == 0 else None

    def listing(self, folder: str) -> list[str]:
        result = subprocess.run(["git", "--git-dir", self.git_dir(), "ls-tree", "--name-only", f"HEAD:{folder}"],
                                capture_output=True, text=True, check=True)
        return result.stdout.split()

    def git_dir(self) -> str:
        return self.path + "/.git" if Path(self.path, ".git").exists() else self.path


# Graders whose metric Tatami does not compute, with the reason. Shared by both anchors (same Kaggle metric).
BESPOKE = {
    "airbnb-recruiting-new-user-bookings": "NDCG@5 of up to 5 rows per user (the id repeats); Tatami needs one row "
                                           "per id with a space-separated list",
    "3d-object-detection-for-autonomous-vehicles": "Lyft 3-D box mAP over IoU 0.5-0.95 (the Lyft devkit)",
    "AI4Code": "corpus Kendall tau over predicted cell orders (inversions per notebook)",
    "airbus-ship-detection": "mean F2 over IoU 0.5-0.95 of instance masks, one RLE mask per row and several rows per "
                             "ImageId (one per ship; an empty image has one empty row), in the answers and the "
                             "submission; a Tatami id names one row (a repeated id is duplicate_id), so an image's "
                             "rows would first have to become one list of masks",
    "champs-scalar-coupling": "mean over coupling types of log MAE (a per-group metric)",
    "flavours-of-physics-kernels-only": "weighted AUC with agreement and correlation gates on extra files",
    "global-wheat-detection": "detection precision over IoU 0.5-0.75 of box lists",
    "jigsaw-unintended-bias-in-toxicity-classification": "bias AUC over identity subgroups of extra answer columns",
    "kuzushiji-recognition": "point-in-box F1 of label x y lists",
    "siim-covid19-detection": "PASCAL VOC mAP at IoU 0.5 of study and image box lists",
    "vinbigdata-chest-xray-abnormalities-detection": "mAP at IoU 0.4 of box lists",
    "uw-madison-gi-tract-image-segmentation": "0.4 Dice + 0.6 3-D Hausdorff over case volumes",
    "vesuvius-challenge-ink-detection": "pixel F0.5 of row-major masks that need the fragment's image size",
    "tensorflow2-question-answering": "micro F1 of long and short answer spans with Kaggle's per-kind rules",
    "nbme-score-clinical-patient-notes": "character-span micro F1 of 'start end;start end' lists",
    "icecube-neutrinos-in-deep-ice": "mean angular error from (azimuth, zenith) pairs",
    "smartphone-decimeter-2022": "mean over phones of (P50 + P95) / 2 haversine error; rows are keyed by two columns "
                                 "(tripId, UnixTimeMillis), and a Tatami bundle has one id column",
    "osic-pulmonary-fibrosis-progression": "Laplace log-likelihood of (FVC, Confidence) pairs on each patient's last visits",
    "rsna-2022-cervical-spine-fracture-detection": "weighted multi-label log loss over patient_overall and C1-C7",
    "google-research-identify-contrails-reduce-global-warming": "one global Dice over every pixel of every mask",
    "tgs-salt-identification-challenge": "mean precision over IoU thresholds 0.5-0.95 per image mask",
    "multi-modal-gesture-recognition": "token edit distance summed and divided by the number of true gestures",
    "alaska2-image-steganalysis": "weighted AUC over TPR bands [0, 0.4] x2 and [0.4, 1] x1",
    "rsna-breast-cancer-detection": "probabilistic F1 of per-patient-laterality probabilities",
    "bengaliai-cv19": "weighted macro recall over three components (2:1:1) of one long answer file: the component "
                      "is the row_id's suffix (Test_0_grapheme_root), which no answer column holds, and sklearn's "
                      "macro recall counts a predicted label absent from a component's answers as a class of "
                      "recall 0, where Tatami's label reading refuses labels the answers lack",
    "walmart-recruiting-store-sales-forecasting": "Kaggle's WMAE weighs holiday weeks 5, but MLE-Dojo's prepared answers "
                                                  "lack IsHoliday (it is in public/test.csv), so its grader computes "
                                                  "plain MAE; the weight would have to be joined into the answers",
    "the-winton-stock-market-challenge": "weighted MAE with per-row and per-horizon weights",
    "benchmark-bond-trade-price-challenge": "weighted MAE with a weight column in the answers",
    "icr-identify-age-related-conditions": "balanced log loss (each class weighted by its inverse frequency)",
    "imaterialist-challenge-furniture-2018": "top-1 error",
    "inaturalist-2019-fgvc6": "top-1 error",
    "google-quest-challenge": "mean column-wise Spearman over 30 targets",
    "draper-satellite-image-chronology": "mean Spearman between predicted and true image orders",
    "freesound-audio-tagging-2019": "label-weighted label-ranking average precision (lwlrap)",
    "facebook-recruiting-iii-keyword-extraction": "mean F1 of predicted and true tag sets",
    "plant-pathology-2021-fgvc8": "F1 of predicted and true label sets",
    "imet-2020-fgvc7": "micro F1 of predicted and true attribute sets",
    "shopee-product-matching": "mean F1 of predicted and true posting-id sets",
}

# New metrics, by the family above, once Tatami registers them (a row becomes supported by itself).
NEW_METRICS = {
    "inaturalist-2019-fgvc6": ("top_1_error", {}),
    "imaterialist-challenge-furniture-2018": ("top_1_error", {}),
    "google-quest-challenge": ("mean_columnwise_spearman", {}),
    "freesound-audio-tagging-2019": ("lwlrap", {}),
    "facebook-recruiting-iii-keyword-extraction": ("mean_f1_sets", {}),
    "shopee-product-matching": ("mean_f1_sets", {}),
    "imet-2020-fgvc7": ("micro_f1_sets", {}),
    "plant-pathology-2021-fgvc8": ("mean_f1_sets", {}),
    "google-research-identify-contrails-reduce-global-warming": ("global_dice", {}),
    "rsna-breast-cancer-detection": ("probabilistic_f1", {}),
    "icecube-neutrinos-in-deep-ice": ("mean_angular_error", {}),
    "multi-modal-gesture-recognition": ("normalized_edit_distance", {}),
    "alaska2-image-steganalysis": ("weighted_auc", {}),
    "tgs-salt-identification-challenge": ("mask_precision_iou", {}),
    "osic-pulmonary-fibrosis-progression": ("laplace_log_likelihood", {}),
}

# Metrics that read answer columns the submission does not have (weights, groups), named by their parameters.
ANSWER_COLUMN_METRICS = {
    "benchmark-bond-trade-price-challenge": ("weighted_mae", {"weight_columns": "weight"}),
    "the-winton-stock-market-challenge": ("weighted_mae", {"weight_columns": "Weight_Intraday,Weight_Daily",
                                                           "divide_by_rows": "true"}),
    "champs-scalar-coupling": ("mean_log_mae_by_group", {"group_column": "type"}),
    "rsna-2022-cervical-spine-fracture-detection": (
        "weighted_multilabel_log_loss", {"group_column": "StudyInstanceUID", "label_column": "prediction_type",
                                         "label_weights": "patient_overall:7"}),
    "icr-identify-age-related-conditions": ("balanced_log_loss", {}),
    # Kaggle's nine identities (its evaluation page and benchmark kernel); MLE-Dojo's grader lists 24.
    "jigsaw-unintended-bias-in-toxicity-classification": ("bias_auc", {"identity_columns": ",".join([
        "male", "female", "homosexual_gay_or_lesbian", "christian", "jewish", "muslim", "black", "white",
        "psychiatric_or_mental_illness"])}),
    "osic-pulmonary-fibrosis-progression": ("laplace_log_likelihood", {}),
}
NEW_METRICS.update(ANSWER_COLUMN_METRICS)
# Kaggle's MCRMSE: the submission must carry all five degradation columns, three of which are scored.
NEW_METRICS["stanford-covid-vaccine"] = ("mean_columnwise_rmse",
                                         {"scored_columns": "reactivity,deg_Mg_pH10,deg_Mg_50C"})

# MLE-bench: every grader, read by hand (grade.py), in the order of experiments/splits/split75.txt.
MLE_BENCH = {
    "aerial-cactus-identification": ("roc_auc", {}),
    "aptos2019-blindness-detection": ("quadratic_weighted_kappa", {}),
    "billion-word-imputation": ("levenshtein", {}),
    "bms-molecular-translation": ("levenshtein", {}),
    "cassava-leaf-disease-classification": ("accuracy", {}),
    "cdiscount-image-classification-challenge": ("accuracy", {}),
    "chaii-hindi-and-tamil-question-answering": ("jaccard_word", {}),
    "denoising-dirty-documents": ("rmse", {}),
    "detecting-insults-in-social-commentary": ("roc_auc", {}),
    "dog-breed-identification": ("multiclass_log_loss", {"eps": "2.220446049250313e-16", "renormalize": "false", "sum_tolerance": "1e-6"}),
    "dogs-vs-cats-redux-kernels-edition": ("log_loss", {"eps": "2.220446049250313e-16"}),
    "h-and-m-personalized-fashion-recommendations": ("map_at_k", {"k": "12"}),
    "herbarium-2020-fgvc7": ("f1_macro", {}),
    "herbarium-2021-fgvc8": ("f1_macro", {}),
    "herbarium-2022-fgvc9": ("f1_macro", {}),
    "histopathologic-cancer-detection": ("roc_auc", {}),
    "hms-harmful-brain-activity-classification": ("kl_divergence", {}),
    "hotel-id-2021-fgvc8": ("map_at_k", {"k": "5"}),
    "hubmap-kidney-segmentation": ("dice", {}),
    "iwildcam-2019-fgvc6": ("f1_macro", {}),
    "iwildcam-2020-fgvc7": ("accuracy", {}),
    "jigsaw-toxic-comment-classification-challenge": ("mean_columnwise_roc_auc", {}),
    "leaf-classification": ("multiclass_log_loss", {"eps": "2.220446049250313e-16", "renormalize": "false", "sum_tolerance": "1e-6"}),
    "learning-agency-lab-automated-essay-scoring-2": ("quadratic_weighted_kappa", {}),
    "lmsys-chatbot-arena": ("multiclass_log_loss", {"eps": "2.220446049250313e-16", "renormalize": "false",
                                                    "sum_tolerance": "5e-7"}),
    "mlsp-2013-birds": ("roc_auc", {}),
    "new-york-city-taxi-fare-prediction": ("rmse", {}),
    "nfl-player-contact-detection": ("mcc", {}),
    "nomad2018-predict-transparent-conductors": ("mean_columnwise_rmsle", {}),
    "petfinder-pawpularity-score": ("rmse", {}),
    "plant-pathology-2020-fgvc7": ("mean_columnwise_roc_auc", {}),
    "predict-volcanic-eruptions-ingv-oe": ("mae", {}),
    "random-acts-of-pizza": ("roc_auc", {}),
    "ranzcr-clip-catheter-line-classification": ("mean_columnwise_roc_auc", {}),
    "rsna-miccai-brain-tumor-radiogenomic-classification": ("roc_auc", {}),
    "seti-breakthrough-listen": ("roc_auc", {}),
    "siim-isic-melanoma-classification": ("roc_auc", {}),
    "spooky-author-identification": ("multiclass_log_loss", {"eps": "2.220446049250313e-16", "renormalize": "false", "sum_tolerance": "1e-6"}),
    "statoil-iceberg-classifier-challenge": ("log_loss", {"eps": "2.220446049250313e-16"}),
    "tabular-playground-series-dec-2021": ("accuracy", {}),
    "tabular-playground-series-may-2022": ("roc_auc", {}),
    "tensorflow-speech-recognition-challenge": ("accuracy", {}),
    "text-normalization-challenge-english-language": ("accuracy", {}),
    "text-normalization-challenge-russian-language": ("accuracy", {}),
    "the-icml-2013-whale-challenge-right-whale-redux": ("roc_auc", {}),
    "tweet-sentiment-extraction": ("jaccard_word", {}),
    "us-patent-phrase-to-phrase-matching": ("pearson", {}),
    "ventilator-pressure-prediction": ("mae", {}),
    "whale-categorization-playground": ("map_at_k", {"k": "5"}),
}

# Rows only some of which a grader scores: the others are imported with Usage Ignored.
SCORED_ROWS = {
    ("mle-bench", "ventilator-pressure-prediction"): "u_out=0",
    # osic: each patient's last three measured visits (the other weeks of the sample have no FVC).
    ("mle-bench", "osic-pulmonary-fibrosis-progression"): "latest 3 per Patient with FVC",
    # stanford-covid: the first seq_scored positions of each sequence, flagged keep by the prepare script.
    ("mle-bench", "stanford-covid-vaccine"): "keep=True",
}

# Answers whose column is named differently from the submission's (read in each grade.py).
ANSWER_COLUMNS = {
    ("mle-bench", "hubmap-kidney-segmentation"): {"predicted": "encoding"},
    ("mle-bench", "jigsaw-unintended-bias-in-toxicity-classification"): {"prediction": "toxicity"},
    ("mle-dojo", "jigsaw-unintended-bias-in-toxicity-classification"): {"prediction": "toxicity"},
}

# Grader deviations from Kaggle that Tatami does not reproduce (Tatami follows Kaggle's definition).
DEVIATIONS = {
    ("mle-bench", "ranzcr-clip-catheter-line-classification"):
        "grader averages 9 of the 11 columns (mle-bench issue #30); Tatami averages every target column",
    ("mle-bench", "nomad2018-predict-transparent-conductors"): "grader aligns rows by position; Tatami by id",
    ("mle-bench", "google-quest-challenge"): "grader never compares ids; Tatami aligns by id",
    ("mle-bench", "facebook-recruiting-iii-keyword-extraction"):
        "grader computes micro F1 although Kaggle's page (and its leaderboard) use Mean F1; Tatami uses Mean F1",
    ("mle-bench", "plant-pathology-2021-fgvc8"):
        "grader computes micro F1 although Kaggle's page (and its leaderboard) use Mean F1; Tatami uses Mean F1",
    ("mle-bench", "predict-volcanic-eruptions-ingv-oe"): "grader returns int(round(MAE)); Tatami the exact MAE",
    ("mle-bench", "us-patent-phrase-to-phrase-matching"):
        "grader reports NaN for constant predictions as a valid score; Tatami refuses them",
    ("mle-bench", "ventilator-pressure-prediction"): "grader.name says dice-hausdorff-combo; the code is MAE",
    ("mle-bench", "h-and-m-personalized-fashion-recommendations"): "grader accepts a superset of ids",
    ("mle-dojo", "h-and-m-personalized-fashion-recommendations"):
        "grader counts repeated predictions (AP can exceed 1); Tatami counts each item once (Kaggle's apk)",
    ("mle-dojo", "ventilator-pressure-prediction"): "grader scores every row; Kaggle and Tatami only u_out == 0",
    ("mle-dojo", "allstate-purchase-prediction-challenge"):
        "grader returns the percentage (accuracy x 100) against boards that hold the fraction; Tatami the fraction, as "
        "Kaggle; grader compares the plans pandas parsed as integers, so 0111111 and 111111 match; Tatami compares text",
    ("mle-dojo", "integer-sequence-learning"):
        "grader compares the integers pandas parsed; Tatami compares the text, so 007 is not 7",
    ("mle-dojo", "home-data-for-ml-course"):
        "grader computes RMSE in dollars although Kaggle and its leaderboard use MAE in dollars; Tatami uses MAE",
    ("mle-dojo", "freesound-audio-tagging-2019"): "grader computes macro per-class AP, not lwlrap",
    ("mle-dojo", "alaska2-image-steganalysis"): "grader divides by 3 instead of 1.4",
    ("mle-dojo", "porto-seguro-safe-driver-prediction"):
        "grader breaks tied predictions arbitrarily (unstable argsort after sorting by id); Tatami keeps answer-file "
        "order, as Kaggle's stable lexsort",
}
DEVIATIONS[("mle-bench", "champs-scalar-coupling")] = \
    "grader takes the log of each type's MAE without Kaggle's 1e-9 floor (a perfect type scores -inf); Tatami floors it"
DEVIATIONS[("mle-bench", "jigsaw-unintended-bias-in-toxicity-classification")] = \
    "grader turns the predictions into 0/1 at 0.5 before every AUC; Kaggle (and Tatami) rank them as given"
DEVIATIONS[("mle-dojo", "jigsaw-unintended-bias-in-toxicity-classification")] = \
    "grader averages 24 identity columns and skips undefined AUCs; Kaggle (and Tatami) use its 9 identities"
DEVIATIONS[("mle-bench", "osic-pulmonary-fibrosis-progression")] = \
    "grader reads an empty Confidence as 0 and accepts a subset of the weeks; Tatami wants every week filled in"
DEVIATIONS[("mle-bench", "stanford-covid-vaccine")] = "grader.name says multi-class-log-loss; the code is MCRMSE"
DEVIATIONS[("mle-dojo", "stanford-covid-vaccine")] = \
    "grader scores every row, also the keep=False positions past seq_scored (zeros in the answers); Kaggle (and " \
    "Tatami) score only the keep rows"
DEVIATIONS[("mle-dojo", "the-winton-stock-market-challenge")] = \
    "grader picks Weight_Intraday or Weight_Daily by the id's return index; Tatami sums the two, one of which is 0 " \
    "on every row of the prepared answers"
for key in [("mle-bench", "dog-breed-identification"), ("mle-bench", "leaf-classification"),
            ("mle-bench", "spooky-author-identification")]:
    DEVIATIONS[key] = ("grader refuses rows whose probabilities do not sum to 1 (np.isclose, atol 1e-6, plus rtol "
                       "1e-5 that Tatami's sum_tolerance leaves out) and never rescales them")
DEVIATIONS[("mle-bench", "lmsys-chatbot-arena")] = \
    "grader refuses rows whose sum rounded to 6 places is not 1 (sum_tolerance 5e-7 is the same up to rounding)"

# MLE-Dojo: rules on the evaluate() code of utils/metric.py, first match wins; then per-competition overrides.
DOJO_OVERRIDES = {
    "DontGetKicked": ("gini", {}),
    "porto-seguro-safe-driver-prediction": ("normalized_gini", {}),
    "liberty-mutual-group-property-inspection-prediction": ("normalized_gini", {}),
    "tabular-playground-series-jul-2021": ("mean_columnwise_rmsle", {}),
    "kaggle-llm-science-exam": ("map_at_k", {"k": "3"}),
    "playground-series-s3e13": ("map_at_k", {"k": "3"}),
    "whale-categorization-playground": ("map_at_k", {"k": "5"}),
    "h-and-m-personalized-fashion-recommendations": ("map_at_k", {"k": "12"}),
    "hotel-id-2021-fgvc8": ("map_at_k", {"k": "5"}),
    "novozymes-enzyme-stability-prediction": ("spearman", {}),
    "hms-harmful-brain-activity-classification": ("kl_divergence", {}),
    "hubmap-kidney-segmentation": ("dice", {}),
    "rossmann-store-sales": ("rmspe", {}),
    "mercedes-benz-greener-manufacturing": ("r2", {}),
    "playground-series-s4e5": ("r2", {}),
    "playground-series-s3e25": ("median_absolute_error", {}),
    "allstate-claims-severity": ("mae", {}),
    "chaii-hindi-and-tamil-question-answering": ("jaccard_word", {}),
    "tweet-sentiment-extraction": ("jaccard_word", {}),
    "billion-word-imputation": ("levenshtein", {}),
    "bms-molecular-translation": ("levenshtein", {}),
    "us-patent-phrase-to-phrase-matching": ("pearson", {}),
    "nfl-player-contact-detection": ("mcc", {}),
    "quora-insincere-questions-classification": ("f1", {}),
    "nlp-getting-started": ("f1", {}),
    "20-newsgroups-ciphertext-challenge": ("f1_macro", {}),
    "herbarium-2020-fgvc7": ("f1_macro", {}),
    "herbarium-2021-fgvc8": ("f1_macro", {}),
    "herbarium-2022-fgvc9": ("f1_macro", {}),
    "iwildcam-2019-fgvc6": ("f1_macro", {}),
    "liverpool-ion-switching": ("f1_macro", {}),
    "plant-seedlings-classification": ("f1_micro", {}),
    "playground-series-s3e22": ("f1_micro", {}),
    "text-normalization-challenge-english-language": ("accuracy", {}),
    "text-normalization-challenge-russian-language": ("accuracy", {}),
    "titanic": ("accuracy", {}),
    "paddy-disease-classification": ("accuracy", {}),
    "cdiscount-image-classification-challenge": ("accuracy", {}),
    "iwildcam-2020-fgvc7": ("accuracy", {}),
    "wsdm-cup-multilingual-chatbot-arena": ("accuracy", {}),
    "integer-sequence-learning": ("accuracy", {}),
    # Kaggle's all-or-none accuracy; its boards hold the fraction (0.53743), the grader returns it times 100. As
    # text (top-1 exact match), since `accuracy` refuses a plan no test customer bought (2304 plans are possible).
    "allstate-purchase-prediction-challenge": ("top_k_accuracy", {"k": "1"}),
    "mlsp-2013-birds": ("roc_auc", {}),
    "the-icml-2013-whale-challenge-right-whale-redux": ("roc_auc", {}),
    "ventilator-pressure-prediction": ("mae", {}),
    "home-data-for-ml-course": ("mae", {}),
    "nomad2018-predict-transparent-conductors": ("mean_columnwise_rmsle", {}),
    "covid19-global-forecasting-week-1": ("mean_columnwise_rmsle", {}),
    "covid19-global-forecasting-week-2": ("mean_columnwise_rmsle", {}),
    "covid19-global-forecasting-week-3": ("mean_columnwise_rmsle", {}),
    "covid19-global-forecasting-week-4": ("mean_columnwise_rmsle", {}),
    "afsis-soil-properties": ("mean_columnwise_rmse", {}),
    "feedback-prize-english-language-learning": ("mean_columnwise_rmse", {}),
    "jigsaw-toxic-comment-classification-challenge": ("mean_columnwise_roc_auc", {}),
    "plant-pathology-2020-fgvc7": ("mean_columnwise_roc_auc", {}),
    "ranzcr-clip-catheter-line-classification": ("mean_columnwise_roc_auc", {}),
    "playground-series-s3e18": ("mean_columnwise_roc_auc", {}),
    "playground-series-s4e3": ("mean_columnwise_roc_auc", {}),
    "leaf-classification": ("multiclass_log_loss", {}),
    "dog-breed-identification": ("multiclass_log_loss", {}),
    "the-nature-conservancy-fisheries-monitoring": ("multiclass_log_loss", {}),
    "sf-crime": ("multiclass_log_loss", {}),
    "spooky-author-identification": ("multiclass_log_loss", {"renormalize": "false"}),
    "lmsys-chatbot-arena": ("multiclass_log_loss", {"renormalize": "false"}),
    "llm-classification-finetuning": ("multiclass_log_loss", {}),
    "demand-forecasting-kernels-only": ("smape", {}),
    "playground-series-s3e19": ("smape", {}),
    "tabular-playground-series-jan-2022": ("smape", {}),
    "tabular-playground-series-sep-2022": ("smape", {}),
    "aptos2019-blindness-detection": ("quadratic_weighted_kappa", {}),
    "learning-agency-lab-automated-essay-scoring-2": ("quadratic_weighted_kappa", {}),
    "playground-series-s3e5": ("quadratic_weighted_kappa", {}),
    "prudential-life-insurance-assessment": ("quadratic_weighted_kappa", {}),
}

DOJO_OVERRIDES["stanford-covid-vaccine"] = NEW_METRICS["stanford-covid-vaccine"]  # its code says RMSE, of 3 columns
# Kaggle steps each predicted start board delta generations and compares it with the stop board.
DOJO_OVERRIDES["conways-reverse-game-of-life-2020"] = ("game_of_life_mae", {})
DEVIATIONS[("mle-dojo", "conways-reverse-game-of-life-2020")] = \
    "grader compares the predicted start boards with the true ones; Kaggle (and Tatami) step each predicted start " \
    "delta generations and compare it with the stop board, so any start reaching it scores 0; the answers need delta"

DOJO_RULES = [
    (r"roc_auc_score", "roc_auc"),
    (r"\bAUC\b|Area Under", "roc_auc"),
    (r"mean_squared_log_error|RMSLE|Root Mean Squared Log", "rmsle"),
    (r"log\(1 ?\+|log1p", "rmsle"),
    (r"mean_squared_error|RMSE|Root[- ]Mean[- ]Squared", "rmse"),
    (r"mean_absolute_error|Mean Absolute Error|\bMAE\b", "mae"),
    (r"log_loss|Log Loss|Logarithmic Loss", "log_loss"),
    (r"accuracy_score|[Aa]ccuracy", "accuracy"),
    (r"cohen_kappa_score", "quadratic_weighted_kappa"),
]

DOJO_SCORED_ROWS = {"ventilator-pressure-prediction": "u_out=0"}
DOJO_SCORED_ROWS["osic-pulmonary-fibrosis-progression"] = SCORED_ROWS[("mle-bench", "osic-pulmonary-fibrosis-progression")]
DOJO_SCORED_ROWS["stanford-covid-vaccine"] = SCORED_ROWS[("mle-bench", "stanford-covid-vaccine")]

# Structured predictions in one text column (boxes, spans, points, cell orders), read in each grader; both anchors
# alike unless a row of STRUCTURED_UNSUPPORTED says otherwise.
STRUCTURED_METRICS = {
    "global-wheat-detection": ("detection_map", {"average": "image", "box": "xywh", "iou_steps": "6"}),
    "siim-covid19-detection": ("detection_map", {"iou": "0.5"}),
    "vinbigdata-chest-xray-abnormalities-detection": ("detection_map", {"iou": "0.4"}),
    "nbme-score-clinical-patient-notes": ("span_f1", {}),
    "kuzushiji-recognition": ("point_in_box_f1", {}),
    "AI4Code": ("order_kendall_tau", {}),
    "draper-satellite-image-chronology": ("mean_rowwise_spearman", {}),
}
NEW_METRICS.update(STRUCTURED_METRICS)
STRUCTURED_UNSUPPORTED = {
    ("mle-bench", "vinbigdata-chest-xray-abnormalities-detection"):
        "answers hold one row per box (not one box list per image), and the grader is pycocotools' 101-point COCO AP, "
        "which reads x_max and y_max as width and height",
    ("mle-bench", "tensorflow2-question-answering"):
        "answers are Natural Questions JSONL annotations (long and short answer candidates per example), not a CSV; "
        "the grader's micro F1 over both classes is accuracy",
}
VOC_EPSILON = "grader adds 1e-6 to the precision's denominator (scores up to ~1e-6 lower); Tatami computes Kaggle's VOC AP"
DEVIATIONS.update({
    ("mle-dojo", "global-wheat-detection"): "grader skips boxes it cannot parse; Tatami refuses the submission",
    ("mle-dojo", "siim-covid19-detection"): VOC_EPSILON,
    ("mle-dojo", "vinbigdata-chest-xray-abnormalities-detection"):
        VOC_EPSILON + "; grader matches the most overlapping unmatched box, VOC the most overlapping box (the same "
        "with one answer box per image and label, as MLE-Dojo's answers)",
    ("mle-bench", "siim-covid19-detection"):
        "grader computes sklearn's average precision over per-image pairs with pseudo false negatives (score 0) and "
        "true negatives, and IoU > 0.5; Tatami computes Kaggle's PASCAL VOC mAP at IoU >= 0.5",
    ("mle-dojo", "nbme-score-clinical-patient-notes"): "grader skips spans it cannot parse; Tatami refuses the submission",
    ("mle-dojo", "kuzushiji-recognition"):
        "grader matches each point to the first free box (edges half-open) and scores 1 when nothing is anywhere; "
        "Tatami follows Kaggle's published metric: each box takes the first free point strictly inside it",
    ("mle-bench", "AI4Code"): "grader divides by zero when no notebook has two cells; Tatami reports the score undefined",
    ("mle-dojo", "AI4Code"):
        "grader scores 1 when no notebook has two cells, and raises on unknown cell ids; Tatami reports the score "
        "undefined, and refuses predictions that are not a permutation of the notebook's cells",
    ("mle-dojo", "draper-satellite-image-chronology"):
        "grader averages scipy's NaN into the score when a row's predicted days are all equal; Tatami refuses the row",
})


def registered_metrics() -> set[str]:
    names = set()
    for path in (ROOT / "Sources/Scoring/Metrics").rglob("*.swift"):
        text = path.read_text()
        names.update(re.findall(r'"([a-z0-9_]+)", higherIsBetter:', text))
        names.update(re.findall(r'labelMetric\(\s*"([a-z0-9_]+)"', text))
    return names


def metric_directions() -> dict[str, bool]:
    directions = {}
    for path in (ROOT / "Sources/Scoring/Metrics").rglob("*.swift"):
        text = path.read_text()
        for name, higher in re.findall(r'"([a-z0-9_]+)", higherIsBetter: (true|false)', text):
            directions[name] = higher == "true"
        for name in re.findall(r'labelMetric\(\s*"([a-z0-9_]+)"', text):
            directions[name] = True  # label metrics are all higher-better
    return directions


def settle(row: Row, choice: tuple[str, dict] | None, known: set[str]) -> None:
    """Fills metric/params, or the reason it is unsupported, from a choice and the bespoke table."""
    if (row.source, row.competition) in STRUCTURED_UNSUPPORTED:
        row.reason = STRUCTURED_UNSUPPORTED[(row.source, row.competition)]
        return
    if choice is None and row.competition in NEW_METRICS:
        choice = NEW_METRICS[row.competition]
    if choice is not None and choice[0] in known:
        row.metric, row.params = choice[0], dict(choice[1])
        return
    bespoke = BESPOKE.get(row.competition, "")
    if choice is not None:
        row.reason = f"needs metric {choice[0]}" + (f": {bespoke}" if bespoke else "")
    else:
        row.reason = bespoke or "no Tatami metric matches this grader"


def mle_bench_rows(repo: Repo, known: set[str]) -> list[Row]:
    ids = (repo.read("experiments/splits/split75.txt") or "").split()
    rows = []
    for competition in ids:
        config = repo.read(f"mlebench/competitions/{competition}/config.yaml") or ""
        grade_fn = re.search(r"grade_fn:\s*(\S+)", config)
        name = re.search(r"^\s+name:\s*(.+)$", config.split("grader:")[-1], re.M)
        grader = f"{grade_fn.group(1) if grade_fn else '?'} ({name.group(1).strip() if name else '?'})"
        row = Row("mle-bench", competition, grader)
        settle(row, MLE_BENCH.get(competition), known)
        row.scored_rows = SCORED_ROWS.get(("mle-bench", competition), "")
        row.answer_columns = ANSWER_COLUMNS.get(("mle-bench", competition), {})
        rows.append(row)
    return rows


def dojo_rows(repo: Repo, known: set[str]) -> list[Row]:
    rows = []
    for competition in repo.listing("mledojo/competitions"):
        source = repo.read(f"mledojo/competitions/{competition}/utils/metric.py")
        if source is None:
            continue
        klass = re.search(r"class (\w+)\(CompetitionMetrics\)", source)
        higher = re.search(r"higher_is_better: bool = (True|False)", source)
        value = re.search(r'value: str = "([^"]*)"', source)
        row = Row("mle-dojo", competition, klass.group(1) if klass else "?")
        row.higher_is_better = None if higher is None else higher.group(1) == "True"
        row.target = value.group(1) if value else ""
        choice = DOJO_OVERRIDES.get(competition)
        if choice is None and competition not in BESPOKE:
            body = source.split("def evaluate", 1)[-1].split("def validate_submission", 1)[0]
            docstring = source.split('"""', 2)[1] if source.count('"""') >= 2 else ""
            for pattern, metric in DOJO_RULES:
                if re.search(pattern, body) or re.search(pattern, docstring):
                    choice = (metric, {})
                    break
        settle(row, choice, known)
        row.scored_rows = DOJO_SCORED_ROWS.get(competition, "")
        row.answer_columns = ANSWER_COLUMNS.get(("mle-dojo", competition), {})
        rows.append(row)
    return rows


def check(rows: list[Row], directions: dict[str, bool]) -> list[str]:
    problems = []
    for row in rows:
        key = (row.source, row.competition)
        if row.metric:
            metric_higher = directions[row.metric]
            if row.higher_is_better is not None and row.higher_is_better != metric_higher:
                DEVIATIONS.setdefault(key, f"grader says higher_is_better={row.higher_is_better}; "
                                      f"{row.metric} is {'higher' if metric_higher else 'lower'} better")
            row.higher_is_better = metric_higher
        if key in DEVIATIONS and row.metric:
            row.reason = DEVIATIONS[key]
        if not row.metric and not row.reason:
            problems.append(f"{row.source} {row.competition}: neither a metric nor a reason")
    return problems


def swift_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_swift(rows: list[Row], path: Path) -> None:
    lines = [
        "// Generated by tools/grader_map.py from MLE-bench's and MLE-Dojo's graders; do not edit by hand.",
        "",
        "extension GraderMap {",
        "  /// One row per competition of both anchors: MLE-bench's 75, then MLE-Dojo's 202.",
        "  static let rows: [GraderMapRow] = [",
    ]
    for row in rows:
        params = ", ".join(f"{swift_string(k)}: {swift_string(v)}" for k, v in sorted(row.params.items()))
        higher = "nil" if row.higher_is_better is None else ("true" if row.higher_is_better else "false")
        columns = ", ".join(f"{swift_string(k)}: {swift_string(v)}" for k, v in sorted(row.answer_columns.items()))
        lines.append(
            f"    GraderMapRow(source: .{'mleBench' if row.source == 'mle-bench' else 'mleDojo'}, "
            f"competition: {swift_string(row.competition)}, grader: {swift_string(row.grader)}, "
            f"metric: {swift_string(row.metric) if row.metric else 'nil'}, params: [{params or ':'}], "
            f"higherIsBetter: {higher}, scoredRows: {swift_string(row.scored_rows) if row.scored_rows else 'nil'}, "
            f"target: {swift_string(row.target) if row.target else 'nil'}, answerColumns: [{columns or ':'}], "
            f"note: {swift_string(row.reason)}),")
    lines += ["  ]", "}", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))


def write_csv(rows: list[Row], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["source", "competition", "grader", "metric", "params", "higher_is_better", "scored_rows",
                     "note"])
    for row in rows:
        writer.writerow([row.source, row.competition, row.grader, row.metric,
                         ";".join(f"{k}={v}" for k, v in sorted(row.params.items())),
                         "" if row.higher_is_better is None else str(row.higher_is_better).lower(),
                         row.scored_rows, row.reason])
    path.write_text(buffer.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mle-bench", required=True, help="a clone or bare mirror of openai/mle-bench")
    parser.add_argument("--mle-dojo", required=True, help="a clone or bare mirror of MLE-Dojo/MLE-Dojo")
    parser.add_argument("--counts", action="store_true", help="print the counts per metric and exit")
    args = parser.parse_args()
    known = registered_metrics()
    rows = mle_bench_rows(Repo(args.mle_bench), known) + dojo_rows(Repo(args.mle_dojo), known)
    problems = check(rows, metric_directions())
    for problem in problems:
        print("error:", problem, file=sys.stderr)
    if problems:
        return 1
    if args.counts:
        print_counts(rows)
        return 0
    write_swift(rows, ROOT / "Sources/Importers/GraderMap+Generated.swift")
    write_csv(rows, ROOT / "docs/grader-map.csv")
    print_counts(rows)
    return 0


def print_counts(rows: list[Row]) -> None:
    for source in ["mle-bench", "mle-dojo"]:
        part = [r for r in rows if r.source == source]
        supported = [r for r in part if r.metric]
        print(f"{source}: {len(part)} competitions, {len(supported)} supported ({100 * len(supported) / len(part):.0f} %)")
    wanted: dict[str, int] = {}
    for row in rows:
        if not row.metric and row.reason.startswith("needs metric"):
            name = row.reason.split()[2].rstrip(":")
            wanted[name] = wanted.get(name, 0) + 1
    print("metrics still missing, by competitions:", ", ".join(f"{k} {v}" for k, v in
                                                         sorted(wanted.items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    sys.exit(main())
