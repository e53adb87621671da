"""Baseline: recommend the items most often chosen in events.csv: for a task about new items, the
popular ones the user has not had; when repeats count, the user's own most frequent items first."""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # reproducible numbers:
    os.environ.setdefault(_variable, "1")  # one thread, so sums are added in one order

import pandas as pd

CONFIG = {}  # written by tools/catalog/build.py

INPUT = os.environ.get("TATAMI_INPUT", "../input")
if not os.path.isdir(INPUT) and os.path.isdir("../public"):  # run from inside an unpacked bundle
    INPUT = "../public"
SUBMISSION = os.environ.get("TATAMI_SUBMISSION", "submission.csv")


def main():
    events = pd.read_csv(os.path.join(INPUT, "events.csv"), dtype=str)
    test = pd.read_csv(os.path.join(INPUT, "test.csv"), dtype=str)
    user, item = CONFIG["user"], CONFIG["item"]
    counts = events[item].value_counts()
    order = sorted(counts.index, key=lambda v: (-counts[v], v))
    history = events.groupby(user)[item].agg(list).to_dict()
    rows = []
    for u in test["id"]:
        mine = history.get(u, [])
        if CONFIG["exclude_seen"]:  # only new items count: popular items the user has not had
            picks = [i for i in order if i not in set(mine)]
        else:  # repeats count: the user's own most frequent items first, then popular ones
            counts = pd.Series(mine).value_counts() if mine else pd.Series(dtype=int)
            own = sorted(counts.index, key=lambda v: (-counts[v], v))
            picks = own + [i for i in order if i not in set(own)]
        rows.append(" ".join(picks[: CONFIG["k"]]))
    pd.DataFrame({"id": test["id"], "items": rows}).to_csv(SUBMISSION, index=False, lineterminator="\n")


if __name__ == "__main__":
    main()
