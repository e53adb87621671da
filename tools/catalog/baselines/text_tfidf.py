"""Baseline: TF-IDF of the text columns (words and word pairs) and a linear model.

Logistic regression for classes (probabilities, labels or the k likeliest labels, as the metric
wants), ridge for numbers (on log(1 + y) for log-scale metrics).
"""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # reproducible numbers:
    os.environ.setdefault(_variable, "1")  # one thread, so sums are added in one order

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge

CONFIG = {}  # written by tools/catalog/build.py

INPUT = os.environ.get("TATAMI_INPUT", "../input")
if not os.path.isdir(INPUT) and os.path.isdir("../public"):  # run from inside an unpacked bundle
    INPUT = "../public"
SUBMISSION = os.environ.get("TATAMI_SUBMISSION", "submission.csv")
LOG_METRICS = {"rmsle", "msle", "poisson_deviance"}


def text_of(frame):
    """The configured text columns joined into one string per row."""
    return frame[CONFIG["text_columns"]].fillna("").astype(str).agg(" ".join, axis=1)


def main():
    train = pd.read_csv(os.path.join(INPUT, "train.csv"))
    test = pd.read_csv(os.path.join(INPUT, "test.csv"))
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50000)
    x = vectorizer.fit_transform(text_of(train))
    x_test = vectorizer.transform(text_of(test))
    kind, target = CONFIG["kind"], CONFIG["target"][0]
    out = pd.DataFrame({"id": test["id"]})
    if kind == "value":
        y = train[target].astype(float)
        if CONFIG["metric"] in LOG_METRICS:
            out[target] = np.clip(np.expm1(Ridge(alpha=1.0).fit(x, np.log1p(y.clip(lower=0))).predict(x_test)),
                                  1e-3, None)
        else:
            out[target] = Ridge(alpha=1.0).fit(x, y).predict(x_test)
    elif kind == "prob_binary":  # one model per label column (a single column for binary targets)
        for column in CONFIG["target"]:
            model = LogisticRegression(max_iter=2000, C=1.0).fit(x, train[column])
            out[column] = model.predict_proba(x_test)[:, 1]
    else:
        model = LogisticRegression(max_iter=2000, C=1.0).fit(x, train[target].astype(str))
        proba, classes = model.predict_proba(x_test), np.array(model.classes_)
        if kind == "prob_multi":
            for label, column in zip(classes, proba.T):
                out[label] = column
        elif kind == "top_k":
            out[target] = [" ".join(classes[row]) for row in np.argsort(-proba, axis=1)[:, : CONFIG["k"]]]
        else:
            out[target] = classes[np.argmax(proba, axis=1)]
    out.to_csv(SUBMISSION, index=False, float_format="%.6g", lineterminator="\n")


if __name__ == "__main__":
    main()
