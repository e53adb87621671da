"""Baseline: recommend the items most often chosen in events.csv, skipping the ones the user already
had when the task asks for new items."""

import os

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
    seen = events.groupby(user)[item].apply(set).to_dict() if CONFIG["exclude_seen"] else {}
    rows = []
    for u in test["id"]:
        had = seen.get(u, set())
        rows.append(" ".join([i for i in order if i not in had][: CONFIG["k"]]))
    pd.DataFrame({"id": test["id"], "items": rows}).to_csv(SUBMISSION, index=False, lineterminator="\n")


if __name__ == "__main__":
    main()
