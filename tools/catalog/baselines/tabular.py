"""Baseline: a small scikit-learn model on the columns of train.csv.

Numeric columns: median imputation and scaling; text/categorical columns: one-hot encoding.
Logistic regression for probabilities (one model per label for multi-label), ridge for regression.
"""

import os

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


def feature_columns(test):
    """Every column of test.csv except the id and the columns this baseline ignores."""
    skip = {CONFIG["id_column"], *CONFIG["ignore"]}
    return [c for c in test.columns if c not in skip]


def preprocessor(frame):
    """Impute and scale numbers, one-hot encode everything else."""
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    other = [c for c in frame.columns if c not in numeric]
    return ColumnTransformer([
        ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
        ("other", make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"),
                                OneHotEncoder(handle_unknown="ignore")), other),
    ])


def fit(x, y):
    """A pipeline of the preprocessor and the configured model, fitted on (x, y)."""
    model = Ridge(alpha=1.0) if CONFIG["model"] == "ridge" else LogisticRegression(max_iter=2000)
    return make_pipeline(preprocessor(x), model).fit(x, y)


def predict(train, test):
    """A frame of predictions, one column per submission target column."""
    features = feature_columns(test)
    x, x_test = train[features], test[features]
    task = CONFIG["task"]
    out = pd.DataFrame({CONFIG["id_column"]: test[CONFIG["id_column"]]})
    if task == "regression":
        out[CONFIG["target"][0]] = fit(x, train[CONFIG["target"][0]]).predict(x_test)
    elif task == "multiclass_classification":
        model = fit(x, train[CONFIG["target"][0]].astype(str))
        for label, column in zip(model.classes_, model.predict_proba(x_test).T):
            out[label] = column
    else:  # binary or multi-label: one probability column per target
        for target in CONFIG["target"]:
            out[target] = fit(x, train[target]).predict_proba(x_test)[:, 1]
    return out


def main():
    train = pd.read_csv(os.path.join(INPUT, "train.csv"))
    test = pd.read_csv(os.path.join(INPUT, "test.csv"))
    predict(train, test).to_csv(SUBMISSION, index=False, float_format="%.6g", lineterminator="\n")


if __name__ == "__main__":
    main()
