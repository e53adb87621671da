"""Baseline: the seasonal naive forecast. Each future step gets the value of the same season in the
last observed season of its series (the last value when the season is 1)."""

import os

import pandas as pd

CONFIG = {}  # written by tools/catalog/build.py

INPUT = os.environ.get("TATAMI_INPUT", "../input")
if not os.path.isdir(INPUT) and os.path.isdir("../public"):  # run from inside an unpacked bundle
    INPUT = "../public"
SUBMISSION = os.environ.get("TATAMI_SUBMISSION", "submission.csv")


def main():
    train = pd.read_csv(os.path.join(INPUT, "train.csv"))
    test = pd.read_csv(os.path.join(INPUT, "test.csv"))
    series, time, target, season = CONFIG["series"], CONFIG["time"], CONFIG["target"][0], CONFIG["season"]
    keys = series if series else ["_all"]
    train["_all"], test["_all"] = 0, 0
    train = train.sort_values([*keys, time])
    test = test.sort_values([*keys, time]).copy()
    test["_step"] = test.groupby(keys).cumcount()
    history = train.groupby(keys)[target].apply(lambda v: v.tolist()[-season:]).to_dict()
    predictions = []
    for key, step in zip(test[keys].itertuples(index=False, name=None), test["_step"]):
        last = history[key if len(keys) > 1 else key[0]]
        predictions.append(last[(len(last) - season + step % season) % len(last)] if len(last) >= season
                           else last[-1])
    test[target] = predictions
    test[["id", target]].sort_values("id").to_csv(SUBMISSION, index=False, float_format="%.6g",
                                                  lineterminator="\n")


if __name__ == "__main__":
    main()
