"""Baseline: a small, regularised scikit-learn model on the columns of train.csv.

Numeric columns: median imputation and scaling; text/categorical columns: one-hot encoding of their
most frequent values. Classes: logistic regression with its strength chosen by cross-validation
(class-balanced for balanced accuracy and macro F1), giving probabilities, labels or the k likeliest
labels as the metric wants (one model per label for multi-label). Numbers: ridge regression with
its strength chosen by leave-one-out, on log(1 + y) for log-scale metrics, a Poisson GLM for the
Poisson deviance, shifted by a residual quantile for the pinball loss, rounded to the nearest level
for ordinal targets, and kept inside the range seen in training.
"""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # reproducible numbers:
    os.environ.setdefault(_variable, "1")  # one thread, so sums are added in one order

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV, PoissonRegressor, RidgeCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

CONFIG = {}  # written by tools/catalog/build.py

INPUT = os.environ.get("TATAMI_INPUT", "../input")
if not os.path.isdir(INPUT) and os.path.isdir("../public"):  # run from inside an unpacked bundle
    INPUT = "../public"
SUBMISSION = os.environ.get("TATAMI_SUBMISSION", "submission.csv")
LOG_METRICS = {"rmsle", "msle", "mean_columnwise_rmsle"}
BALANCED_METRICS = {"balanced_accuracy", "f1_macro"}


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


def classifier(x, y):
    weight = "balanced" if CONFIG["metric"] in BALANCED_METRICS else None
    if len(x) <= 20000:
        model = LogisticRegressionCV(Cs=6, cv=3, max_iter=2000, class_weight=weight, scoring="neg_log_loss")
    else:
        model = LogisticRegression(max_iter=2000, class_weight=weight)
    return make_pipeline(preprocessor(x), model).fit(x, y)


def regress(x, y, x_test):
    """Predictions for one numeric target, as the metric wants them."""
    metric = CONFIG["metric"]
    if metric == "poisson_deviance":
        model = make_pipeline(preprocessor(x), PoissonRegressor(alpha=1e-3, max_iter=1000)).fit(x, y)
        return np.clip(model.predict(x_test), 1e-3, None)
    alphas = np.logspace(-2, 3, 11)
    if metric in LOG_METRICS:
        model = make_pipeline(preprocessor(x), RidgeCV(alphas=alphas)).fit(x, np.log1p(y.clip(lower=0)))
        prediction = np.expm1(model.predict(x_test))
    else:
        model = make_pipeline(preprocessor(x), RidgeCV(alphas=alphas)).fit(x, y)
        prediction = model.predict(x_test)
        if metric == "pinball":  # the conditional quantile: the mean plus the residuals' quantile
            residuals = y.to_numpy() - model.predict(x)
            prediction = prediction + np.quantile(residuals, CONFIG["alpha"])
    low, high = float(y.min()), float(y.max())
    prediction = np.clip(prediction, low, high)
    if CONFIG["task"] == "ordinal_regression":
        levels = np.sort(y.unique())
        prediction = levels[np.abs(levels[None, :] - prediction[:, None]).argmin(axis=1)]
    return prediction


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
    if kind == "value" or (CONFIG["task"] == "ordinal_regression" and kind == "label"):
        for target in targets:
            out[target] = regress(x, train[target].astype(float), x_test)
            if CONFIG["task"] == "ordinal_regression":
                out[target] = out[target].astype(int)
    elif CONFIG["task"] == "multilabel_classification" or kind == "prob_binary":
        for target in targets:
            out[target] = classifier(x, train[target]).predict_proba(x_test)[:, 1]
    else:
        model = classifier(x, train[targets[0]].astype(str))
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
