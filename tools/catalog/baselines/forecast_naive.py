"""Baseline: simple forecasts chosen by a backtest. Candidates: the last value (naive), the value of
the same season in the last observed season (seasonal naive), the mean of the last season, the mean
of the whole history and the drift (the last value plus the average step). Each is tried on the last
`horizon` steps of every training series, and the one with the smallest mean absolute error
forecasts the test steps."""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # reproducible numbers:
    os.environ.setdefault(_variable, "1")  # one thread, so sums are added in one order

import numpy as np
import pandas as pd

CONFIG = {}  # written by tools/catalog/build.py

INPUT = os.environ.get("TATAMI_INPUT", "../input")
if not os.path.isdir(INPUT) and os.path.isdir("../public"):  # run from inside an unpacked bundle
    INPUT = "../public"
SUBMISSION = os.environ.get("TATAMI_SUBMISSION", "submission.csv")


def candidates(season):
    """name -> function(history, steps) returning `steps` forecasts."""
    window = max(season, 7)

    def seasonal_naive(h, n):
        if len(h) < season:
            return np.full(n, h[-1])
        return np.array([h[len(h) - season + (i % season)] for i in range(n)])

    def drift(h, n):
        slope = (h[-1] - h[0]) / max(len(h) - 1, 1)
        return h[-1] + slope * np.arange(1, n + 1)

    methods = {
        "naive": lambda h, n: np.full(n, h[-1]),
        "mean-last-season": lambda h, n: np.full(n, h[-window:].mean()),
        "mean": lambda h, n: np.full(n, h.mean()),
        "drift": drift,
    }
    if season > 1:
        methods["seasonal-naive"] = seasonal_naive
    return methods


def main():
    train = pd.read_csv(os.path.join(INPUT, "train.csv"))
    test = pd.read_csv(os.path.join(INPUT, "test.csv"))
    series, time, target, season = CONFIG["series"], CONFIG["time"], CONFIG["target"][0], CONFIG["season"]
    keys = series if series else ["_all"]
    train["_all"], test["_all"] = 0, 0
    train = train.sort_values([*keys, time])
    test = test.sort_values([*keys, time]).copy()
    histories = {k: g[target].to_numpy(dtype=float) for k, g in train.groupby(keys)}
    steps = {k: len(g) for k, g in test.groupby(keys)}
    methods = candidates(season)
    errors = {}
    for name, method in methods.items():
        total, count = 0.0, 0
        for key, history in histories.items():
            horizon = steps.get(key, 0)
            if horizon and len(history) > horizon + 1:
                forecast = method(history[:-horizon], horizon)
                total += np.abs(forecast - history[-horizon:]).sum()
                count += horizon
        errors[name] = total / count if count else np.inf
    best = min(sorted(errors), key=lambda name: errors[name])
    predictions = pd.Series(0.0, index=test.index)
    for key, rows in test.groupby(keys):
        predictions.loc[rows.index] = methods[best](histories[key], len(rows))
    test[target] = predictions
    test[["id", target]].sort_values("id").to_csv(SUBMISSION, index=False, float_format="%.6g",
                                                  lineterminator="\n")


if __name__ == "__main__":
    main()
