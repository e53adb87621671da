#!/usr/bin/env python3
"""Writes the small import fixtures under Tests/CLITests/Fixtures/import: made-up data in each anchor's layout.

Every file is generated here from a seeded generator (nothing is copied from the anchors): an MLE-bench
competition folder (config.yaml, description.md, leaderboard.csv) with its prepared public/ and private/ data,
an MLE-Dojo one (info/description.txt, utils/metric.py, public and private rank,score boards) with its data/,
and plain Kaggle folders (solution.csv with Usage, Kaggle's leaderboard downloads). Each fixture also gets a
submission in submissions/<id>.csv. tools/import_reference.py computes what each grader scores it.

  .venv/bin/python tools/import_fixtures.py      # rewrites the fixtures, byte for byte the same
"""

from __future__ import annotations

import csv
import shutil
import zlib
from pathlib import Path

import numpy as np

import metric_reference  # tools/, beside this script: Life's step, shared with the metric's reference

ROOT = Path(__file__).resolve().parent.parent / "Tests/CLITests/Fixtures/import"
ROWS = 60


def rng_for(name: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(name.encode()))


def write_csv(path: Path, header: list[str], rows: list[list], bom: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def number(x: float) -> str:
    return repr(float(x))


# Competitions: what the truth and a submission look like, per grader family. -----------------------------------

def binary_scores(rng, ids, column):
    truth = (rng.random(len(ids)) < 0.4).astype(int)
    scores = np.clip(0.35 * truth + 0.65 * rng.random(len(ids)), 0, 1)
    return [column], [[t] for t in truth], [[number(s)] for s in scores], [["0.5"] for _ in ids]


def class_probabilities(rng, ids, classes):
    labels = rng.integers(0, len(classes), len(ids))
    truth = np.eye(len(classes), dtype=int)[labels]
    raw = rng.dirichlet(np.ones(len(classes)), len(ids)) + 0.5 * truth
    raw /= raw.sum(axis=1, keepdims=True)
    uniform = [number(1 / len(classes))] * len(classes)
    return classes, truth.tolist(), [[number(p) for p in row] for row in raw], [uniform for _ in ids]


def regression(rng, ids, column, low=0.0, high=1.0):
    truth = rng.uniform(low, high, len(ids))
    predicted = np.clip(truth + rng.normal(0, 0.1 * (high - low), len(ids)), low, None)
    mean = number(truth.mean())
    return [column], [[number(t)] for t in truth], [[number(p)] for p in predicted], [[mean] for _ in ids]


def labels(rng, ids, column, values):
    truth = rng.choice(values, len(ids))
    predicted = np.where(rng.random(len(ids)) < 0.7, truth, rng.choice(values, len(ids)))
    return [column], [[t] for t in truth], [[p] for p in predicted], [[values[0]] for _ in ids]


def ranked_lists(rng, ids, column, k):
    items = [f"{100 + i:04d}" for i in range(30)]
    truth = [" ".join(sorted(set(rng.choice(items, rng.integers(1, 4))))) for _ in ids]
    predicted = []
    for answer in truth:
        guesses = list(rng.choice(items, k, replace=False))
        if rng.random() < 0.6:
            guesses.insert(int(rng.integers(0, 3)), answer.split()[0])
        predicted.append(" ".join(guesses[:k]))
    return [column], [[t] for t in truth], [[p] for p in predicted], [[" ".join(items[:k])] for _ in ids]


def rle_encode(mask: np.ndarray) -> str:
    """Kaggle's convention: column-major pixel numbers, 1-indexed `start length` pairs."""
    pixels = np.concatenate([[0], mask.flatten(order="F").astype(int), [0]])
    runs = np.where(pixels[1:] != pixels[:-1])[0] + 1
    runs[1::2] -= runs[::2]
    return " ".join(str(x) for x in runs)


def masks(rng, ids, column, dims=True, dash=False):
    truth, predicted = [], []
    for index, _ in enumerate(ids):
        height, width = 8, 6
        mask = np.zeros((height, width), dtype=bool)
        if index % 7 != 0:  # some images without any mask
            top, left = rng.integers(0, 5), rng.integers(0, 4)
            mask[top:top + 3, left:left + 2] = True
        guess = mask.copy()
        guess[rng.random((height, width)) < 0.1] ^= True
        if index % 11 == 0:
            guess[:] = False
        encode = (lambda m: rle_encode(m) or "-") if dash else rle_encode
        truth.append([encode(mask), width, height] if dims else [encode(mask)])
        predicted.append([encode(guess)])
    return [column], truth, predicted, [["-" if dash else ""] for _ in ids]


def multi_binary(rng, ids, columns):
    truth = (rng.random((len(ids), len(columns))) < 0.35).astype(int)
    truth[np.arange(len(ids)) % 5 == 0, 0] = 1  # every column has both classes
    truth[np.arange(len(ids)) % 5 == 1, 0] = 0
    scores = np.clip(0.3 * truth + 0.7 * rng.random(truth.shape), 0, 1)
    return columns, truth.tolist(), [[number(x) for x in row] for row in scores], [["0.5"] * len(columns) for _ in ids]


def multi_regression(rng, ids, columns, low=0.0, high=1.0):
    truth = rng.uniform(low, high, (len(ids), len(columns)))
    predicted = np.clip(truth + rng.normal(0, 0.1 * (high - low), truth.shape), low, None)
    means = [number(x) for x in truth.mean(axis=0)]
    return (columns, [[number(x) for x in row] for row in truth], [[number(x) for x in row] for row in predicted],
            [means for _ in ids])


def label_sets(rng, ids, column, vocabulary, prediction_noise=0.3):
    truth, predicted = [], []
    for _ in ids:
        answer = sorted(set(rng.choice(vocabulary, rng.integers(1, 4))))
        guess = [x for x in answer if rng.random() > prediction_noise] + list(rng.choice(vocabulary, rng.integers(0, 2)))
        truth.append([" ".join(answer)])
        predicted.append([" ".join(dict.fromkeys(guess))])
    return [column], truth, predicted, [[vocabulary[0]] for _ in ids]


def strings(rng, ids, column):
    base = "InChI=1S/C16H14N2O3/c1-11-13(17)6-4-8-15(11)18"
    truth = [base[: 20 + int(rng.integers(0, 25))] for _ in ids]
    predicted = [t[: len(t) - int(rng.integers(0, 4))] + "".join(rng.choice(list("CHNO()-"), rng.integers(0, 3)))
                 for t in truth]
    return [column], [[t] for t in truth], [[p] for p in predicted], [["InChI=1S/H2O/h1H2"] for _ in ids]


def ranked_labels(rng, ids, column, values):
    truth = rng.choice(values, len(ids))
    predicted = [" ".join([t if rng.random() < 0.5 else rng.choice(values)] + list(rng.choice(values, 2)))
                 for t in truth]
    return [column], [[t] for t in truth], [[p] for p in predicted], [[values[0]] for _ in ids]


def angles(rng, ids):
    azimuth, zenith = rng.uniform(0, 2 * np.pi, len(ids)), rng.uniform(0, np.pi, len(ids))
    truth = [[number(a), number(z)] for a, z in zip(azimuth, zenith)]
    predicted = [[number(a + rng.normal(0, 0.4)), number(z + rng.normal(0, 0.4))] for a, z in zip(azimuth, zenith)]
    return ["azimuth", "zenith"], truth, predicted, [["1.0", "1.5"] for _ in ids]


def sentences(rng, ids, column):
    words = np.array(["good", "bad", "Happy", "sad", "day", "so", "very", "fun", "not", "great"])
    truth = [" ".join(rng.choice(words, rng.integers(1, 5))) for _ in ids]
    predicted = [t if rng.random() < 0.5 else " ".join(rng.choice(words, rng.integers(1, 4))) for t in truth]
    return [column], [[t] for t in truth], [[p] for p in predicted], [["good"] for _ in ids]


def vote_counts(rng, ids, classes):
    votes = rng.integers(0, 6, (len(ids), len(classes)))
    votes[:, 0] += 1
    predicted = rng.dirichlet(np.ones(len(classes)), len(ids)) * 0.5 + 0.5 * votes / votes.sum(1, keepdims=True)
    uniform = [number(1 / len(classes))] * len(classes)
    return classes, votes.tolist(), [[number(p) for p in row] for row in predicted], [uniform for _ in ids]


def jittered(rng, box):
    return [float(round(v + rng.normal(0, 1.5), 1)) for v in box]


def box_lists(rng, ids, kind):
    """One box list per row: siim's study rows (a label on the whole image) and image rows (opacity boxes or none),
    vinbigdata's one box per finding (14: no finding), wheat's unlabelled x y width height boxes."""
    truth, predicted = [], []
    for row_id in ids:
        answer, guess = [], []
        if kind == "siim" and row_id.endswith("_study"):
            labels = ["negative", "typical", "indeterminate", "atypical"]
            label = labels[int(rng.integers(0, 4))]
            answer.append(f"{label} 1 0 0 1 1")
            confidences = rng.dirichlet(np.ones(4)) * 0.6 + 0.4 * np.eye(4)[labels.index(label)] * (rng.random() < 0.6)
            guess += [f"{name} {number(round(c, 3))} 0 0 1 1" for name, c in zip(labels, confidences)]
        else:
            count = int(rng.integers(0, 4))
            findings = rng.choice(["0", "3", "7", "11"], count, replace=False) if kind == "vinbig" else ["opacity"] * count
            for label in findings:
                x, y = rng.integers(0, 400, 2)
                w, h = rng.integers(40, 200, 2)
                box = [float(x), float(y), float(x + w), float(y + h)] if kind != "wheat" else [float(x), float(y), float(w), float(h)]
                prefix = "" if kind == "wheat" else f"{label} "
                answer.append(prefix + "1.0 " + " ".join(number(v) for v in box))
                if rng.random() < 0.8:
                    guess.append(prefix + f"{number(round(rng.random(), 2))} " + " ".join(number(v) for v in jittered(rng, box)))
            if rng.random() < 0.4:  # a false positive
                prefix = "" if kind == "wheat" else ("opacity " if kind == "siim" else "3 ")
                guess.append(prefix + f"{number(round(rng.random() * 0.5, 2))} 10.0 10.0 60.0 80.0")
            if not answer and kind != "wheat":
                answer.append("none 1 0 0 1 1" if kind == "siim" else "14 1 0 0 1 1")
                guess.append(("none " if kind == "siim" else "14 ") + f"{number(round(rng.random(), 2))} 0 0 1 1")
        truth.append([" ".join(answer)])
        predicted.append([" ".join(guess)])
    sample = {"siim": lambda i: "negative 1 0 0 1 1" if i.endswith("_study") else "none 1 0 0 1 1",
              "vinbig": lambda i: "14 1 0 0 1 1", "wheat": lambda i: ""}[kind]
    return ["PredictionString"], truth, predicted, [[sample(i)] for i in ids]


def character_spans(rng, ids, column):
    """nbme: answers in the training file's list form ("['12 20', '30 35;40 44']"), predictions as 'start end;...'."""
    truth, predicted = [], []
    for _ in ids:
        spans = []
        for start in sorted(rng.integers(0, 600, int(rng.integers(0, 3)))):
            spans.append((int(start), int(start + rng.integers(3, 30))))
        guess = [(max(0, a + int(rng.integers(-4, 5))), b + int(rng.integers(-4, 5))) for a, b in spans if rng.random() < 0.85]
        truth.append([repr([f"{a} {b}" for a, b in spans])])
        predicted.append([";".join(f"{a} {max(a, b)}" for a, b in guess)])
    return [column], truth, predicted, [[""] for _ in ids]


def character_points(rng, ids, column):
    """kuzushiji: answers 'label x y width height', predictions 'label x y' centre points (some off or mislabelled)."""
    characters = ["U+306F", "U+304C", "U+3044", "U+003F"]
    truth, predicted = [], []
    for _ in ids:
        boxes, points = [], []
        for _ in range(int(rng.integers(0, 5))):
            label = characters[int(rng.integers(0, 4))]
            x, y, w, h = (int(v) for v in rng.integers(10, 300, 4))
            boxes.append(f"{label} {x} {y} {w} {h}")
            if rng.random() < 0.8:
                name = label if rng.random() < 0.85 else characters[int(rng.integers(0, 4))]
                points.append(f"{name} {x + int(rng.integers(-5, w + 5))} {y + int(rng.integers(-5, h + 5))}")
        truth.append([" ".join(boxes)])
        predicted.append([" ".join(points)])
    return [column], truth, predicted, [["U+003F 1 1 U+306F 2 2"] for _ in ids]


def cell_orders(rng, ids, column):
    """AI4Code: each notebook's cell ids in their true order; predictions a few swaps away; the sample sorted."""
    truth, predicted, sample = [], [], []
    for _ in ids:
        cells = [f"{int(c):08x}" for c in rng.choice(2 ** 32, int(rng.integers(2, 12)), replace=False)]
        guess = list(cells)
        for _ in range(int(rng.integers(0, 4))):
            i, j = rng.integers(0, len(cells), 2)
            guess[i], guess[j] = guess[j], guess[i]
        truth.append([" ".join(cells)])
        predicted.append([" ".join(guess)])
        sample.append([" ".join(sorted(cells))])
    return [column], truth, predicted, sample


def day_orders(rng, ids, column):
    """draper: the days 1-5 of each set's five images, in image order; predictions a swap or a shuffle away."""
    truth, predicted = [], []
    for _ in ids:
        days = rng.permutation(5) + 1
        guess = days.copy() if rng.random() < 0.7 else rng.permutation(5) + 1
        i, j = rng.integers(0, 5, 2)
        guess[i], guess[j] = guess[j], guess[i]
        truth.append([" ".join(str(d) for d in days)])
        predicted.append([" ".join(str(d) for d in guess)])
    return [column], truth, predicted, [["1 2 3 4 5"] for _ in ids]


# Answer columns the submission does not have (weights, groups), which the metric's parameters name. Each returns
# the generator's four lists plus the extra answer columns and their values per row.

def weighted(rng, ids, column, low, high):
    columns, truth, predicted, sample = regression(rng, ids, column, low, high)
    return columns, truth, predicted, sample, ["weight"], [[number(w)] for w in rng.uniform(0.5, 5, len(ids))]


def winton(rng, ids):
    """Winton's answers: one of Weight_Intraday (returns 1-60) and Weight_Daily (61, 62) is 0 on every row."""
    columns, truth, predicted, sample = regression(rng, ids, "Predicted", -0.05, 0.05)
    weights = rng.uniform(1000, 2000, len(ids))
    daily = [int(i.split("_")[1]) > 60 for i in ids]
    extra = [[number(0 if d else w), number(w if d else 0)] for w, d in zip(weights, daily)]
    return columns, truth, predicted, sample, ["Weight_Intraday", "Weight_Daily"], extra


def grouped(rng, ids, column, groups):
    columns, truth, predicted, sample = regression(rng, ids, column, -10, 90)
    return columns, truth, predicted, sample, ["type"], [[g] for g in rng.choice(groups, len(ids))]


def cervical(rng, ids):
    """rsna-2022: long answers, one row per study and label; patient_overall is 1 when any vertebra is."""
    studies = [i.split("_", 1)[0] for i in ids]
    kinds = [i.split("_", 1)[1] for i in ids]
    broken = {study: rng.random(7) < 0.3 for study in dict.fromkeys(studies)}
    truth = [int(broken[s].any()) if k == "patient_overall" else int(broken[s][int(k[1]) - 1])
             for s, k in zip(studies, kinds)]
    scores = np.clip(0.4 * np.array(truth) + 0.6 * rng.random(len(ids)), 0, 1)
    return (["fractured"], [[t] for t in truth], [[number(x)] for x in scores], [["0.5"] for _ in ids],
            ["StudyInstanceUID", "prediction_type"], [[s, k] for s, k in zip(studies, kinds)])


JIGSAW_IDENTITIES = ["male", "female", "homosexual_gay_or_lesbian", "christian", "jewish", "muslim", "black", "white",
                     "psychiatric_or_mental_illness", "asian"]


def toxicity(rng, ids):
    """jigsaw-unintended-bias: a toxicity fraction, and identity fractions that raters left empty on many rows."""
    tox = rng.beta(0.6, 1.4, len(ids))
    identities = rng.uniform(0, 1, (len(ids), len(JIGSAW_IDENTITIES))) * (rng.random((len(ids), 1)) < 0.6)
    for j in range(len(JIGSAW_IDENTITIES)):  # each identity gets toxic and non-toxic members
        identities[4 * j:4 * j + 4, j] = [0.8, 0.6, 0.9, 0.7]
        tox[4 * j:4 * j + 4] = [0.9, 0.1, 0.7, 0.2]
    empty = (rng.random(identities.shape) < 0.4) & (identities < 0.5)
    cells = [["" if e else number(x) for x, e in zip(row, blank)] for row, blank in zip(identities, empty)]
    scores = tox + rng.normal(0, 0.25, len(ids)) + 0.2 * identities[:, 5]
    return (["prediction"], [[number(t)] for t in tox], [[number(x)] for x in scores], [["0.0"] for _ in ids],
            JIGSAW_IDENTITIES, cells)


def osic(rng, ids):
    """osic: every week of each patient in the answers, FVC only on the visits measured (empty elsewhere)."""
    patients = [i.rsplit("_", 1)[0] for i in ids]
    fvc = rng.uniform(1500, 4000, len(ids))
    measured = rng.random(len(ids)) < 0.5
    truth = [[number(f) if m else "", "100"] for f, m in zip(fvc, measured)]
    predicted = [[number(f + rng.normal(0, 300)), number(rng.uniform(40, 400))] for f in fvc]
    weeks = [int(i.rsplit("_", 1)[1]) for i in ids]
    extra = [[p, w, rng.integers(60, 80), "Male"] for p, w in zip(patients, weeks)]
    return ["FVC", "Confidence"], truth, predicted, [["2000", "100"] for _ in ids], ["Patient", "Weeks", "Age", "Sex"], extra


def balanced_classes(rng, ids):
    """ICR: the answers hold one Class column (0 or 1, the 1s rare), the submission class_0 and class_1."""
    labels = (rng.random(len(ids)) < 0.2).astype(int)
    p1 = np.clip(0.5 * labels + 0.5 * rng.random(len(ids)), 0.01, 0.99)
    scale = rng.uniform(0.8, 1.2, len(ids))  # rows need not sum to 1: the grader rescales them
    predicted = [[number((1 - p) * c), number(p * c)] for p, c in zip(p1, scale)]
    return ["class_0", "class_1"], [[t] for t in labels], predicted, [["0.5", "0.5"] for _ in ids], [], [[] for _ in ids]


def coverage_plans(rng, ids):
    """allstate: the seven options A-G as one text of digits; A, B, E and F start at 0, so a plan may start with 0."""
    options = [3, 2, 4, 3, 2, 4, 4]
    starts = [0, 0, 1, 1, 0, 0, 1]
    plan = lambda: "".join(str(int(rng.integers(0, n)) + s) for n, s in zip(options, starts))
    truth = [plan() for _ in ids]
    predicted = [t if rng.random() < 0.5 else plan() for t in truth]
    return ["plan"], [[t] for t in truth], [[p] for p in predicted], [["1111111"] for _ in ids]


COVID_COLUMNS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]


def degradation(rng, ids):
    """stanford-covid: five rates per sequence position; positions past seq_scored (7 of 10) are 0 and not kept."""
    kept = [int(i.rsplit("_", 1)[1]) < 7 for i in ids]
    rates = rng.gamma(1.5, 0.4, (len(ids), 5))
    truth = [[number(x) if k else "0.0" for x in row] for row, k in zip(rates, kept)]
    noise = rng.normal(0, 0.3, (len(ids), 5)) * np.array([1, 1, 4, 1, 4])  # the unscored columns far off
    predicted = [[number(max(0.0, x)) for x in row] for row in rates + noise]
    return (COVID_COLUMNS, truth, predicted, [["0.0"] * 5 for _ in ids], ["keep"], [[str(k)] for k in kept])


def life_boards(rng, ids):
    """conways-reverse-game-of-life-2020: answers as a split of Kaggle's train.csv (delta, start_*, stop_*, 25 x 25
    boards after 5 warm-up generations); predictions: the true start, the stop board, or the start with flips."""
    cells = [f"start_{c}" for c in range(625)]
    starts, stops, guesses, deltas = [], [], [], []
    for k, _ in enumerate(ids):
        board = (rng.random((1, 25, 25)) < rng.uniform(0.1, 0.9)).astype(int)
        for _ in range(5):
            board = metric_reference.life_step(board)
        delta = int(rng.integers(1, 6))
        stop = board
        for _ in range(delta):
            stop = metric_reference.life_step(stop)
        guess = board if k % 4 == 0 else stop if k % 4 == 1 else np.where(rng.random(board.shape) < 0.1, 1 - board, board)
        starts.append(board.flatten().tolist())
        stops.append(stop.flatten().tolist())
        guesses.append(guess.flatten().tolist())
        deltas.append(delta)
    return (cells, starts, guesses, [[0] * 625 for _ in ids], ["delta"] + [f"stop_{c}" for c in range(625)],
            [[d] + stop for d, stop in zip(deltas, stops)])


# Leaderboards. --------------------------------------------------------------------------------------------------

def human_scores(rng, teams: int, best: float, worst: float) -> np.ndarray:
    """Scores in Kaggle rank order, best first (descending when higher is better, else ascending)."""
    fractions = np.sort(rng.random(teams)) ** 2
    return best + (worst - best) * fractions


def mle_bench_board(path: Path, scores: np.ndarray) -> None:
    rows = [[number(s), 4000 + i, "False", f"2023-0{1 + i % 9}-1{i % 10}T00:00:00Z", number(s), "True"]
            for i, s in enumerate(scores)]
    write_csv(path, ["scoreNullable", "teamId", "hasTeamName", "submissionDate", "score", "hasScore"], rows)


def dojo_board(path: Path, scores: np.ndarray) -> None:
    write_csv(path, ["rank", "score"], [[i + 1, number(s)] for i, s in enumerate(scores)])


def kaggle_board(path: Path, scores: np.ndarray) -> None:
    rows = [[i + 1, 9000 + i, f"team {i + 1}", "2015-05-29 23:59:00", number(s), 3 + i % 5, f"user{i}"]
            for i, s in enumerate(scores)]
    write_csv(path, ["Rank", "TeamId", "TeamName", "LastSubmissionDate", "Score", "SubmissionCount",
                     "TeamMemberUserNames"], rows, bom=True)


# Layouts. --------------------------------------------------------------------------------------------------------

MLE_BENCH = {
    # id: (id column, generator, extra answer columns, board best, board worst)
    "aerial-cactus-identification": ("id", lambda r, i: binary_scores(r, i, "has_cactus"), 1.0, 0.6),
    "leaf-classification": ("id", lambda r, i: class_probabilities(r, i, ["Acer_Opalus", "Quercus_Rubra",
                                                                           "Ulmus_Bergmanniana"]), 0.0, 1.2),
    "denoising-dirty-documents": ("id", lambda r, i: regression(r, i, "value"), 0.02, 0.3),
    "h-and-m-personalized-fashion-recommendations": ("customer_id", lambda r, i: ranked_lists(r, i, "prediction", 12),
                                                     0.6, 0.0),
    "hubmap-kidney-segmentation": ("id", lambda r, i: masks(r, i, "predicted"), 0.95, 0.2),
    "ventilator-pressure-prediction": ("id", lambda r, i: regression(r, i, "pressure", 5, 30), 0.1, 6.0),
    "tweet-sentiment-extraction": ("textID", lambda r, i: sentences(r, i, "selected_text"), 0.75, 0.3),
    "nfl-player-contact-detection": ("contact_id", lambda r, i: labels(r, i, "contact", ["0", "1"]), 0.8, 0.0),
    "statoil-iceberg-classifier-challenge": ("id", lambda r, i: binary_scores(r, i, "is_iceberg"), 0.08, 0.7),
    "iwildcam-2019-fgvc6": ("Id", lambda r, i: labels(r, i, "Predicted", ["0", "1", "3", "8", "11"]), 0.3, 0.05),
    "jigsaw-toxic-comment-classification-challenge": (
        "id", lambda r, i: multi_binary(r, i, ["toxic", "obscene", "insult"]), 0.99, 0.7),
    "nomad2018-predict-transparent-conductors": (
        "id", lambda r, i: multi_regression(r, i, ["formation_energy_ev_natom", "bandgap_energy_ev"], 0, 5), 0.05, 0.2),
    "facebook-recruiting-iii-keyword-extraction": (
        "Id", lambda r, i: label_sets(r, i, "Tags", ["c#", "java", "php", "python", "sql", "ios"]), 0.8, 0.2),
    "bms-molecular-translation": ("image_id", lambda r, i: strings(r, i, "InChI"), 0.6, 60.0),
    "inaturalist-2019-fgvc6": ("id", lambda r, i: ranked_labels(r, i, "predicted", ["3", "17", "44", "101"]),
                               0.1, 0.9),
    "us-patent-phrase-to-phrase-matching": ("id", lambda r, i: regression(r, i, "score"), 0.87, 0.3),
    "multi-modal-gesture-recognition": (
        "Id", lambda r, i: label_sets(r, i, "Sequence", [str(g) for g in range(1, 21)], 0.2), 0.1, 0.9),
    "imet-2020-fgvc7": ("id", lambda r, i: label_sets(r, i, "attribute_ids", ["13", "51", "147", "189", "813"]),
                        0.7, 0.1),
    "google-quest-challenge": (
        "qa_id", lambda r, i: multi_regression(r, i, ["question_asker_intent_understanding", "answer_helpful",
                                                      "answer_well_written"]), 0.45, 0.1),
    "icecube-neutrinos-in-deep-ice": ("event_id", angles, 0.98, 1.6),
    "tgs-salt-identification-challenge": ("id", lambda r, i: masks(r, i, "rle_mask", dims=False), 0.89, 0.3),
    "freesound-audio-tagging-2019": (
        "fname", lambda r, i: multi_binary(r, i, ["Accordion", "Bark", "Bass_drum", "Buzz"]), 0.76, 0.2),
    "alaska2-image-steganalysis": ("Id", lambda r, i: binary_scores(r, i, "Label"), 0.93, 0.5),
    "rsna-breast-cancer-detection": ("prediction_id", lambda r, i: binary_scores(r, i, "cancer"), 0.55, 0.0),
    "google-research-identify-contrails-reduce-global-warming": (
        "record_id", lambda r, i: masks(r, i, "encoded_pixels", dash=True), 0.72, 0.1),
    "siim-covid19-detection": ("id", lambda r, i: box_lists(r, i, "siim"), 0.63, 0.1),
    "kuzushiji-recognition": ("image_id", lambda r, i: character_points(r, i, "labels"), 0.95, 0.1),
    "AI4Code": ("id", lambda r, i: cell_orders(r, i, "cell_order"), 0.91, 0.3),
    "champs-scalar-coupling": (
        "id", lambda r, i: grouped(r, i, "scalar_coupling_constant", ["1JHC", "2JHH", "3JHN", "1JHN"]), -2.5, 1.5),
    "rsna-2022-cervical-spine-fracture-detection": ("row_id", cervical, 0.3, 0.7),
    "jigsaw-unintended-bias-in-toxicity-classification": ("id", toxicity, 0.95, 0.8),
    "osic-pulmonary-fibrosis-progression": ("Patient_Week", osic, -6.8, -7.5),
    "stanford-covid-vaccine": ("id_seqpos", degradation, 0.34, 0.6),
}

MLE_DOJO = {
    "spaceship-titanic": ("PassengerId", "Transported",
                          lambda r, i: labels(r, i, "Transported", ["False", "True"]), 0.85, 0.5),
    "hms-harmful-brain-activity-classification": (
        "eeg_id", None, lambda r, i: vote_counts(r, i, ["seizure_vote", "lpd_vote", "gpd_vote", "other_vote"]),
        0.25, 1.6),
    "aptos2019-blindness-detection": ("id_code", "diagnosis",
                                      lambda r, i: labels(r, i, "diagnosis", ["0", "1", "2", "3", "4"]), 0.93, 0.1),
    "tabular-playground-series-jan-2022": ("row_id", "num_sold",
                                           lambda r, i: regression(r, i, "num_sold", 100, 900), 3.9, 30.0),
    "mercedes-benz-greener-manufacturing": ("ID", "y", lambda r, i: regression(r, i, "y", 70, 140), 0.58, -0.5),
    "liberty-mutual-group-property-inspection-prediction": (
        "Id", "Hazard", lambda r, i: regression(r, i, "Hazard", 1, 30), 0.41, 0.1),
    "DontGetKicked": ("RefId", "IsBadBuy", lambda r, i: binary_scores(r, i, "IsBadBuy"), 0.27, 0.0),
    "plant-seedlings-classification": ("file", "species",
                                       lambda r, i: labels(r, i, "species", ["Maize", "Charlock", "Cleavers"]), 0.99, 0.3),
    "novozymes-enzyme-stability-prediction": ("seq_id", "tm", lambda r, i: regression(r, i, "tm", 30, 80), 0.54, 0.0),
    "rossmann-store-sales": ("Id", "Sales", lambda r, i: regression(r, i, "Sales", 1000, 9000), 0.1, 0.5),
    "playground-series-s3e25": ("id", "Hardness", lambda r, i: regression(r, i, "Hardness", 1, 10), 0.24, 2.0),
    "feedback-prize-english-language-learning": (
        "text_id", None, lambda r, i: multi_regression(r, i, ["cohesion", "syntax", "vocabulary"], 1, 5), 0.43, 0.7),
    "facebook-recruiting-iii-keyword-extraction": (
        "Id", "Tags", lambda r, i: label_sets(r, i, "Tags", ["c#", "java", "php", "python", "sql", "ios"]), 0.8, 0.2),
    "global-wheat-detection": ("image_id", "PredictionString", lambda r, i: box_lists(r, i, "wheat"), 0.77, 0.1),
    "vinbigdata-chest-xray-abnormalities-detection": (
        "image_id", "PredictionString", lambda r, i: box_lists(r, i, "vinbig"), 0.35, 0.0),
    "nbme-score-clinical-patient-notes": ("id", "location", lambda r, i: character_spans(r, i, "location"), 0.89, 0.2),
    "draper-satellite-image-chronology": ("setId", "day", lambda r, i: day_orders(r, i, "day"), 0.75, 0.0),
    "benchmark-bond-trade-price-challenge": ("id", "trade_price", lambda r, i: weighted(r, i, "trade_price", 60, 140),
                                             0.7, 3.0),
    "the-winton-stock-market-challenge": ("Id", "Predicted", winton, 1.7, 1.9),
    "icr-identify-age-related-conditions": ("Id", "class_1", balanced_classes, 0.3, 0.9),
    "allstate-purchase-prediction-challenge": ("customer_ID", "plan", coverage_plans, 0.54, 0.4),
    "stanford-covid-vaccine": ("id_seqpos", "reactivity", degradation, 0.34, 0.6),
    "conways-reverse-game-of-life-2020": ("id", "start_0", life_boards, 0.006, 0.15),
}


def ids_for(name: str, id_column: str) -> list[str]:
    if name == "siim-covid19-detection":  # a study row and an image row per study
        return [f"s{1000 + 7 * (i // 2)}_{'image' if i % 2 else 'study'}" for i in range(ROWS)]
    if name == "the-winton-stock-market-challenge":  # window_return, returns 1-60 intraday and 61-62 daily
        return [f"{1 + k // 20}_{[*range(1, 19), 61, 62][k % 20]}" for k in range(ROWS)]
    if name == "rsna-2022-cervical-spine-fracture-detection":  # study_label, 8 labels per study
        kinds = ["patient_overall"] + [f"C{v}" for v in range(1, 8)]
        return [f"1.2.826.{100 + k // 8}_{kinds[k % 8]}" for k in range(64)]
    if name == "osic-pulmonary-fibrosis-progression":  # Patient_Week: every week of six patients, some negative
        return [f"ID00{100 + k // 10}637202_{k % 10 - 3}" for k in range(ROWS)]
    if name == "conways-reverse-game-of-life-2020":  # fewer rows: each has 625 cells
        return [str(50_000 + k) for k in range(12)]
    if name == "stanford-covid-vaccine":  # id_seqpos: ten positions of six sequences
        return [f"id_{zlib.crc32(str(k // 10).encode()):08x}_{k % 10}" for k in range(ROWS)]
    if name == "jigsaw-unintended-bias-in-toxicity-classification":  # more rows: both classes in every subgroup
        return [str(7_000_000 + 3 * k) for k in range(2 * ROWS)]
    prefix = {"PassengerId": "p", "eeg_id": "", "row_id": ""}.get(id_column, "x")
    return [f"{prefix}{1000 + 7 * i}" if prefix else str(26_000 + 3 * i) for i in range(ROWS)]


def with_answer_columns(generated):
    """The generator's lists, plus the extra answer columns (none for most generators)."""
    if len(generated) == 6:
        return generated
    columns, truth, predicted, sample = generated
    return columns, truth, predicted, sample, [], [[] for _ in truth]


def write_mle_bench(name: str, spec) -> None:
    id_column, generate, best, worst = spec
    rng = rng_for(name)
    ids = ids_for(name, id_column)
    columns, truth, predicted, sample, extra_header, extra = with_answer_columns(generate(rng, ids))
    folder = ROOT / "mle-bench/competitions" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.yaml").write_text(
        f"id: {name}\nname: {name.replace('-', ' ').title()} (fixture)\ncompetition_type: simple\n"
        f"awards_medals: true\nprizes: null\ndescription: mlebench/competitions/{name}/description.md\n\n"
        f"dataset:\n  answers: {name}/prepared/private/test.csv\n"
        f"  sample_submission: {name}/prepared/public/sample_submission.csv\n\n"
        f"grader:\n  name: fixture\n  grade_fn: mlebench.competitions.{name}.grade:grade\n\n"
        f"preparer: mlebench.competitions.{name}.prepare:prepare\n")
    (folder / "description.md").write_text(
        f"# {name} (test fixture)\n\nMade-up rows in the layout of MLE-bench's `{name}`. "
        f"Predict {', '.join(columns)} for every `{id_column}` of test.csv.\n")
    mle_bench_board(folder / "leaderboard.csv", human_scores(rng, 40, best, worst))
    data = ROOT / "mle-bench/data" / name / "prepared"
    answer_header = [id_column] + columns + extra_header
    answer_rows = [[i] + row + more for i, row, more in zip(ids, truth, extra)]
    if name == "hubmap-kidney-segmentation":
        answer_header = [id_column, "encoding", "width_pixels", "height_pixels"]
    if name == "jigsaw-unintended-bias-in-toxicity-classification":  # the answers call the target toxicity
        answer_header[1] = "toxicity"
    if name == "google-research-identify-contrails-reduce-global-warming":
        answer_header = [id_column, "encoded_pixels", "width", "height"]
    if name == "ventilator-pressure-prediction":
        answer_header = [id_column, "pressure", "u_out"]
        answer_rows = [row + [int(k % 3 == 0)] for k, row in enumerate(answer_rows)]
    write_csv(data / "private/test.csv", answer_header, answer_rows)
    write_csv(data / "public/test.csv", [id_column, "feature"], [[i, k % 5] for k, i in enumerate(ids)])
    write_csv(data / "public/train.csv", [id_column, "feature"] + columns,
              [[f"t{k}", k % 5] + row[:len(columns)] for k, row in enumerate(truth[:20])])
    write_csv(data / "public/sample_submission.csv", [id_column] + columns, [[i] + row for i, row in zip(ids, sample)])
    write_csv(ROOT / "submissions" / f"{name}.csv", [id_column] + columns,
              [[i] + row for i, row in zip(ids, predicted)])


def write_mle_dojo(name: str, spec) -> None:
    id_column, target, generate, best, worst = spec
    rng = rng_for(name)
    ids = ids_for(name, id_column)
    columns, truth, predicted, sample, extra_header, extra = with_answer_columns(generate(rng, ids))
    folder = ROOT / "mle-dojo/competitions" / name
    (folder / "info").mkdir(parents=True, exist_ok=True)
    (folder / "utils").mkdir(parents=True, exist_ok=True)
    (folder / "info/description.txt").write_text(
        f"# {name} (test fixture)\n\n## Description\nMade-up rows in the layout of MLE-Dojo's `{name}`.\n\n"
        f"## Submission File\nOne row per `{id_column}` with {', '.join(columns)}.\n")
    (folder / "utils/metric.py").write_text(
        f"# Fixture stand-in for MLE-Dojo's metric class (the importer reads the grader map, not this file).\n"
        f"VALUE = {target!r}\n")
    (folder / "utils/prepare.py").write_text("# Fixture: the data below is already prepared.\n")
    dojo_board(folder / "info/public_leaderboard.csv", human_scores(rng, 50, best, worst))
    dojo_board(folder / "info/private_leaderboard.csv", human_scores(rng, 50, best, worst))
    data = ROOT / "mle-dojo/data" / name / "data"
    answer_columns = ["Class"] if name == "icr-identify-age-related-conditions" else columns
    write_csv(data / "private/test_answer.csv", [id_column] + answer_columns + extra_header,
              [[i] + row + more for i, row, more in zip(ids, truth, extra)])
    write_csv(data / "public/test.csv", [id_column, "feature"], [[i, k % 5] for k, i in enumerate(ids)])
    write_csv(data / "public/train.csv", [id_column, "feature"] + answer_columns,
              [[f"t{k}", k % 5] + row for k, row in enumerate(truth[:20])])
    write_csv(data / "public/sample_submission.csv", [id_column] + columns, [[i] + row for i, row in zip(ids, sample)])
    (data / "public/description.txt").write_text(f"{name}: see info/description.txt\n")
    write_csv(ROOT / "submissions" / f"{name}.csv", [id_column] + columns,
              [[i] + row for i, row in zip(ids, predicted)])


def write_kaggle(name: str, id_column: str, generate, usage_names: tuple[str, str], best, worst) -> None:
    rng = rng_for(name)
    ids = ids_for(name, id_column)
    columns, truth, predicted, sample = generate(rng, ids)
    folder = ROOT / "kaggle" / name
    folder.mkdir(parents=True, exist_ok=True)
    usage = [usage_names[0] if k % 3 == 0 else usage_names[1] for k in range(ROWS)]
    usage[-1] = "Ignored"
    write_csv(folder / "solution.csv", [id_column] + columns + ["Usage"],
              [[i] + row + [u] for i, row, u in zip(ids, truth, usage)])
    write_csv(folder / "test.csv", [id_column, "feature"], [[i, k % 5] for k, i in enumerate(ids)])
    write_csv(folder / "train.csv", [id_column, "feature"] + columns,
              [[f"t{k}", k % 5] + row for k, row in enumerate(truth[:20])])
    write_csv(folder / "sample_submission.csv", [id_column] + columns, [[i] + row for i, row in zip(ids, sample)])
    (folder / "description.md").write_text(f"# {name} (test fixture)\n\nMade-up rows in a Kaggle download's layout.\n")
    kaggle_board(folder / f"{name}-publicleaderboard-2015-05-30T00:00:00.csv", human_scores(rng, 120, best, worst))
    kaggle_board(folder / f"{name}-privateleaderboard-2015-05-30T00:00:00.csv", human_scores(rng, 120, best, worst))
    write_csv(ROOT / "submissions" / f"{name}.csv", [id_column] + columns,
              [[i] + row for i, row in zip(ids, predicted)])


def main() -> None:
    shutil.rmtree(ROOT, ignore_errors=True)
    for name, spec in MLE_BENCH.items():
        write_mle_bench(name, spec)
    for name, spec in MLE_DOJO.items():
        write_mle_dojo(name, spec)
    write_kaggle("bike-sharing-demand", "datetime", lambda r, i: regression(r, i, "count", 1, 900),
                 ("PublicTest", "PrivateTest"), 0.33, 1.6)
    write_kaggle("tiny-f1", "id", lambda r, i: labels(r, i, "label", ["0", "1"]), ("Public", "Private"), 0.9, 0.2)
    print(f"wrote {sum(1 for _ in ROOT.rglob('*') if _.is_file())} files under {ROOT}")


if __name__ == "__main__":
    main()
