"""Baseline: a small scikit-learn model on the columns of train.csv.

Numeric columns: median imputation and scaling; text/categorical columns: one-hot encoding of their
most frequent values. Logistic regression for classes (probabilities, labels or the k likeliest
labels, as the metric wants; one model per label for multi-label), ridge for numbers (on log(1 + y)
for log-scale metrics, clipped to be positive where the metric needs it).
"""

import os

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

CONFIG = {}  # written by tools/catalog/build.py

INPUT = os.environ.get("TATAMI_INPUT", "../input")
if not os.path.isdir(INPUT) and os.path.isdir("../public"):  # run from inside an unpacked bundle
    INPUT = "../public"
SUBMISSION = os.environ.get("TATAMI_SUBMISSION", "submission.csv")
LOG_METRICS = {"rmsle", "msle", "mean_columnwise_rmsle", "poisson_deviance"}


def feature_columns(test):
    """Every column of test.csv except the id and the columns this baseline ignores."""
    skip = {CONFIG["id_column"], *CONFIG["ignore"]}
    return [c for c in test.columns if c not in skip]


def preprocessor(frame):
    """Impute and scale numbers, one-hot encode everything else (at most 50 values per column)."""
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    other = [c for c in frame.columns if c not in numeric]
    return ColumnTransformer([
        ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
        ("other", make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"),
                                OneHotEncoder(handle_unknown="ignore", max_categories=50)), other),
    ])


def fit(x, y, regression):
    """A pipeline of the preprocessor and the configured model, fitted on (x, y)."""
    model = Ridge(alpha=1.0) if regression else LogisticRegression(max_iter=2000)
    return make_pipeline(preprocessor(x), model).fit(x, y)


def predict(train, test):
    """A frame of predictions, one column per submission target column."""
    features = feature_columns(test)
    for frame in (train, test):
        for column in features:
            if not pd.api.types.is_numeric_dtype(train[column]):
                frame[column] = frame[column].astype(str)
    x, x_test = train[features], test[features]
    kind, targets = CONFIG["kind"], CONFIG["target"]
    out = pd.DataFrame({CONFIG["id_column"]: test[CONFIG["id_column"]]})
    if kind == "value":
        for target in targets:
            y = train[target].astype(float)
            if CONFIG["metric"] in LOG_METRICS:
                prediction = np.expm1(fit(x, np.log1p(y.clip(lower=0)), True).predict(x_test))
                out[target] = np.clip(prediction, 1e-3, None)
            else:
                out[target] = fit(x, y, True).predict(x_test)
    elif CONFIG["task"] == "multilabel_classification" or kind == "prob_binary":
        for target in targets:
            out[target] = fit(x, train[target], False).predict_proba(x_test)[:, 1]
    else:
        model = fit(x, train[targets[0]].astype(str), False)
        proba = model.predict_proba(x_test)
        classes = np.array(model.classes_)
        if kind == "prob_multi":
            for label, column in zip(classes, proba.T):
                out[label] = column
        elif kind == "top_k":
            order = np.argsort(-proba, axis=1)[:, : CONFIG["k"]]
            out[targets[0]] = [" ".join(classes[row]) for row in order]
        else:
            out[targets[0]] = classes[np.argmax(proba, axis=1)]
    return out


def main():
    train = pd.read_csv(os.path.join(INPUT, "train.csv"))
    test = pd.read_csv(os.path.join(INPUT, "test.csv"))
    predict(train, test).to_csv(SUBMISSION, index=False, float_format="%.6g", lineterminator="\n")


if __name__ == "__main__":
    main()
