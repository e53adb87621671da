"""Baseline: recommend the movies most often rated highly, skipping those the user already rated."""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # reproducible numbers:
    os.environ.setdefault(_variable, "1")  # one thread, so sums are added in one order

import pandas as pd

CONFIG = {}  # written by tools/catalog/build.py

INPUT = os.environ.get("TATAMI_INPUT", "../input")
if not os.path.isdir(INPUT) and os.path.isdir("../public"):  # run from inside an unpacked bundle
    INPUT = "../public"
SUBMISSION = os.environ.get("TATAMI_SUBMISSION", "submission.csv")


def popularity_order(ratings):
    """Movie ids by number of ratings >= min_rating, most first (ties: smaller id first)."""
    liked = ratings[ratings["rating"] >= CONFIG["min_rating"]]
    counts = liked.groupby("movieId").size().reset_index(name="n")
    return counts.sort_values(["n", "movieId"], ascending=[False, True])["movieId"].tolist()


def recommend(order, seen, k):
    """The first k movies of `order` that are not in `seen`."""
    picks = []
    for movie in order:
        if movie not in seen:
            picks.append(movie)
            if len(picks) == k:
                break
    return picks


def main():
    ratings = pd.read_csv(os.path.join(INPUT, "ratings.csv"))
    test = pd.read_csv(os.path.join(INPUT, "test.csv"))
    order = popularity_order(ratings)
    seen = ratings.groupby("userId")["movieId"].apply(set).to_dict()
    rows = [" ".join(map(str, recommend(order, seen.get(user, set()), CONFIG["k"]))) for user in test["id"]]
    pd.DataFrame({"id": test["id"], CONFIG["target"][0]: rows}).to_csv(SUBMISSION, index=False, lineterminator="\n")


if __name__ == "__main__":
    main()
