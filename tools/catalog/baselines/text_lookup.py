"""Baseline: predict the text most often seen in train.csv for the same key (e.g. the same artist),
falling back to the most common text overall."""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # reproducible numbers:
    os.environ.setdefault(_variable, "1")  # one thread, so sums are added in one order

import pandas as pd

CONFIG = {}  # written by tools/catalog/build.py

INPUT = os.environ.get("TATAMI_INPUT", "../input")
if not os.path.isdir(INPUT) and os.path.isdir("../public"):  # run from inside an unpacked bundle
    INPUT = "../public"
SUBMISSION = os.environ.get("TATAMI_SUBMISSION", "submission.csv")


def most_common(values):
    """The most frequent value; ties broken alphabetically."""
    counts = values.value_counts()
    return sorted(counts[counts == counts.max()].index)[0]


def main():
    train = pd.read_csv(os.path.join(INPUT, "train.csv"), keep_default_na=False)
    test = pd.read_csv(os.path.join(INPUT, "test.csv"), keep_default_na=False)
    key, target = CONFIG["key"], CONFIG["target"][0]
    by_key = train.groupby(key)[target].agg(most_common).to_dict()
    fallback = most_common(train[target])
    predictions = [by_key.get(value, fallback) for value in test[key]]
    pd.DataFrame({"id": test["id"], target: predictions}).to_csv(SUBMISSION, index=False, lineterminator="\n")


if __name__ == "__main__":
    main()
