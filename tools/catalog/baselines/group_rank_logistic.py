"""Baseline: a logistic regression of `relevant` on the candidates' columns (numbers scaled, text
one-hot), then each group's candidates ranked by the predicted probability."""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # reproducible numbers:
    os.environ.setdefault(_variable, "1")  # one thread, so sums are added in one order

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

CONFIG = {}  # written by tools/catalog/build.py

INPUT = os.environ.get("TATAMI_INPUT", "../input")
if not os.path.isdir(INPUT) and os.path.isdir("../public"):  # run from inside an unpacked bundle
    INPUT = "../public"
SUBMISSION = os.environ.get("TATAMI_SUBMISSION", "submission.csv")


def main():
    train = pd.read_csv(os.path.join(INPUT, "train.csv"))
    candidates = pd.read_csv(os.path.join(INPUT, "candidates.csv"))
    test = pd.read_csv(os.path.join(INPUT, "test.csv"))
    item = CONFIG["item"]
    features = [c for c in candidates.columns if c not in ("group_id", item)]
    numeric = [c for c in features if pd.api.types.is_numeric_dtype(train[c])
               and pd.api.types.is_numeric_dtype(candidates[c])]
    other = [c for c in features if c not in numeric]
    for frame in (train, candidates):
        frame[other] = frame[other].astype(str)
    model = make_pipeline(ColumnTransformer([
        ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
        ("other", OneHotEncoder(handle_unknown="ignore", max_categories=50), other),
    ]), LogisticRegression(max_iter=2000)).fit(train[features], train["relevant"])
    candidates["score"] = model.predict_proba(candidates[features])[:, 1]
    ranked = candidates.sort_values(["group_id", "score", item], ascending=[True, False, True])
    lists = ranked.groupby("group_id")[item].apply(lambda v: " ".join(v.astype(str).tolist()[: CONFIG["k"]]))
    pd.DataFrame({"id": test["id"], "items": test["id"].map(lists).fillna("")}).to_csv(
        SUBMISSION, index=False, lineterminator="\n")


if __name__ == "__main__":
    main()
