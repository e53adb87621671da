"""Tatami's search agent, inside the sandbox: feature preparation and one model candidate per call.

The Swift side (Sources/Agents/SearchAgent.swift) writes this file to /workspace/working and sends one
small script per step that calls prepare() once, then candidate(config) per submission. Features are
cached in /workspace/working/search/, and each candidate's out-of-fold and test predictions are kept
there, so later steps can blend the best ones without refitting. Each call prints one line
`TATAMI_RESULT {json}` with the local cross-validation score for the Swift side to read.
"""

import json
import os
import pickle
import time
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
INPUT = os.environ.get("TATAMI_INPUT", "/workspace/input")
WORKING = os.environ.get("TATAMI_WORKING", "/workspace/working")
CACHE = os.path.join(WORKING, "search")
SUBMISSION = os.path.join(WORKING, "submission.csv")
SEED = int(os.environ.get("TATAMI_SEED", "0"))
THREADS = int(os.environ.get("OMP_NUM_THREADS", "2"))
# LightGBM's OpenMP threads spin; on a busy machine one thread is often faster than two.
LGBM_THREADS = int(os.environ.get("TATAMI_SEARCH_LGBM_THREADS", "1"))


def report(**values):
    print("TATAMI_RESULT " + json.dumps(values), flush=True)


# ---------------------------------------------------------------- features

def _date_parts(series):
    parsed = pd.to_datetime(series, errors="coerce", utc=True)
    if parsed.notna().mean() < 0.8:
        return None
    return pd.DataFrame({
        "year": parsed.dt.year, "month": parsed.dt.month, "dow": parsed.dt.dayofweek, "hour": parsed.dt.hour,
    }).astype(float)


def _features(train, test, id_column, drop):
    """Numeric columns as they are; dates split into parts; low-cardinality text as category codes;
    free text as length and word counts."""
    columns = [c for c in test.columns if c != id_column and c not in drop and c in train.columns]
    both = pd.concat([train[columns], test[columns]], axis=0, ignore_index=True)
    out, categorical = {}, []
    for column in columns:
        values = both[column]
        if pd.api.types.is_numeric_dtype(values):
            out[column] = values.astype(float)
            continue
        text = values.astype("string")
        dates = _date_parts(text) if text.str.contains(r"\d{4}-\d{2}-\d{2}", regex=True).mean() > 0.5 else None
        if dates is not None:
            for part in dates.columns:
                out[f"{column}_{part}"] = dates[part].values
            continue
        distinct = text.nunique(dropna=True)
        if distinct <= max(50, len(both) // 50):
            codes = pd.Categorical(text).codes.astype(float)
            codes[codes < 0] = np.nan
            out[column] = codes
            categorical.append(column)
        else:
            out[column + "_len"] = text.str.len().astype(float)
            out[column + "_words"] = text.str.split().str.len().astype(float)
    frame = pd.DataFrame(out)
    return frame.iloc[: len(train)].reset_index(drop=True), frame.iloc[len(train):].reset_index(drop=True), categorical


def prepare(task, id_column, targets):
    """Reads the data once, builds features and caches them; prints what it found."""
    os.makedirs(CACHE, exist_ok=True)
    train = pd.read_csv(os.path.join(INPUT, "train.csv"))
    test = pd.read_csv(os.path.join(INPUT, "test.csv"))
    if task == "multiclass_classification":
        label = [c for c in train.columns if c not in test.columns and c != id_column][0]
        y = train[label].astype(str).values
        classes = list(targets)
        kind = "multiclass"
        drop = [label]
    elif task == "regression" or task == "count_regression":
        y = train[targets[0]].astype(float).values
        classes, kind, drop = None, "regression", list(targets)
    elif task == "binary_classification":
        y = train[targets[0]].astype(int).values
        classes, kind, drop = None, "binary", list(targets)
    elif task == "multilabel_classification":
        y = train[list(targets)].astype(int).values
        classes, kind, drop = None, "multilabel", list(targets)
    else:
        raise SystemExit(f"the search agent does not handle {task}")
    x, x_test, categorical = _features(train, test, id_column, drop)
    data = {"kind": kind, "x": x, "x_test": x_test, "y": y, "classes": classes, "categorical": categorical,
            "ids": test[id_column].values, "id_column": id_column, "targets": list(targets)}
    with open(os.path.join(CACHE, "data.pkl"), "wb") as f:
        pickle.dump(data, f)
    report(kind=kind, rows=len(x), test_rows=len(x_test), features=list(x.columns), categorical=categorical)


# ---------------------------------------------------------------- models

def _model(family, params, kind):
    from sklearn.ensemble import ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    regression = kind == "regression"
    if family == "linear":
        model = Ridge(alpha=params.get("alpha", 1.0)) if regression else LogisticRegression(
            C=params.get("C", 1.0), max_iter=3000)
        return make_pipeline(SimpleImputer(strategy="median"), StandardScaler(), model)
    if family in ("rf", "et"):
        cls = {("rf", True): RandomForestRegressor, ("rf", False): RandomForestClassifier,
               ("et", True): ExtraTreesRegressor, ("et", False): ExtraTreesClassifier}[(family, regression)]
        model = cls(n_estimators=params.get("n_estimators", 300), min_samples_leaf=params.get("min_samples_leaf", 1),
                    max_features=params.get("max_features", "sqrt" if not regression else 0.5),
                    n_jobs=THREADS, random_state=SEED)
        return make_pipeline(SimpleImputer(strategy="median"), model)
    raise ValueError(family)


def _lgbm_fit_predict(params, kind, x_fit, y_fit, x_valid, y_valid, x_others, n_classes):
    import lightgbm as lgb
    objective = {"regression": "regression", "binary": "binary", "multiclass": "multiclass"}[kind]
    settings = {"objective": objective, "learning_rate": params.get("learning_rate", 0.05),
                "num_leaves": params.get("num_leaves", 31), "min_child_samples": params.get("min_child_samples", 20),
                "feature_fraction": params.get("feature_fraction", 0.9), "bagging_fraction": params.get("bagging_fraction", 1.0),
                "bagging_freq": 1 if params.get("bagging_fraction", 1.0) < 1 else 0,
                "lambda_l2": params.get("lambda_l2", 0.0), "num_threads": LGBM_THREADS, "seed": SEED, "verbose": -1}
    if kind == "multiclass":
        settings["num_class"] = n_classes
    train_set = lgb.Dataset(x_fit, y_fit)
    valid_set = lgb.Dataset(x_valid, y_valid, reference=train_set)
    booster = lgb.train(settings, train_set, num_boost_round=params.get("rounds", 2000), valid_sets=[valid_set],
                        callbacks=[lgb.early_stopping(100, verbose=False)])
    return [booster.predict(x, num_iteration=booster.best_iteration) for x in (x_valid, *x_others)]


def _fit_predict(family, params, kind, x_fit, y_fit, x_valid, y_valid, x_test, n_classes):
    """Validation and test predictions: values (regression), P(1) (binary), class probabilities (multiclass)."""
    if family == "lgbm":
        return _lgbm_fit_predict(params, kind, x_fit, y_fit, x_valid, y_valid, [x_test], n_classes)
    model = _model(family, params, kind).fit(x_fit, y_fit)
    if kind == "regression":
        return model.predict(x_valid), model.predict(x_test)
    proba_valid, proba_test = model.predict_proba(x_valid), model.predict_proba(x_test)
    if kind == "binary":
        return proba_valid[:, 1], proba_test[:, 1]
    return proba_valid, proba_test


def _score(kind, y, prediction):
    from sklearn.metrics import log_loss, mean_squared_error, roc_auc_score
    if kind == "regression":
        return float(np.sqrt(mean_squared_error(y, prediction)))
    if kind == "binary":
        return float(roc_auc_score(y, prediction))
    if kind == "multiclass":
        return float(log_loss(y, np.clip(prediction, 1e-15, 1), labels=np.arange(prediction.shape[1])))
    return float(np.mean([roc_auc_score(y[:, j], prediction[:, j]) for j in range(y.shape[1])]))


def _folds(kind, y, count=5):
    from sklearn.model_selection import KFold, StratifiedKFold
    if kind in ("binary", "multiclass"):
        return StratifiedKFold(count, shuffle=True, random_state=SEED).split(np.zeros(len(y)), y)
    return KFold(count, shuffle=True, random_state=SEED).split(np.zeros(len(y)))


def candidate(name, family, params):
    """Cross-validates one model, writes its fold-averaged test predictions as the submission, keeps both."""
    started = time.time()
    with open(os.path.join(CACHE, "data.pkl"), "rb") as f:
        data = pickle.load(f)
    kind, x, x_test, y = data["kind"], data["x"], data["x_test"], data["y"]
    encoded = y
    n_classes = 0
    if kind == "multiclass":
        lookup = {label: i for i, label in enumerate(data["classes"])}
        encoded = np.array([lookup[v] for v in y])
        n_classes = len(data["classes"])
    if family == "blend":
        oof, test = _blend(params["members"])
    else:
        targets = range(y.shape[1]) if kind == "multilabel" else [None]
        oof_parts, test_parts = [], []
        for target in targets:
            sub_kind = "binary" if kind == "multilabel" else kind
            yy = encoded[:, target] if target is not None else encoded
            oof = np.zeros((len(x), n_classes)) if kind == "multiclass" else np.zeros(len(x))
            test = np.zeros((len(x_test), n_classes)) if kind == "multiclass" else np.zeros(len(x_test))
            folds = list(_folds(sub_kind, yy))
            for fit_rows, valid_rows in folds:
                valid_prediction, test_prediction = _fit_predict(
                    family, params, sub_kind, x.iloc[fit_rows], yy[fit_rows], x.iloc[valid_rows], yy[valid_rows],
                    x_test, n_classes)
                if kind == "multiclass" and family != "lgbm":
                    valid_prediction = _align(valid_prediction, yy[fit_rows], n_classes)
                    test_prediction = _align(test_prediction, yy[fit_rows], n_classes)
                oof[valid_rows] = valid_prediction
                test += test_prediction / len(folds)
            oof_parts.append(oof)
            test_parts.append(test)
        oof = np.column_stack(oof_parts) if kind == "multilabel" else oof_parts[0]
        test = np.column_stack(test_parts) if kind == "multilabel" else test_parts[0]
    y = encoded
    if kind == "multiclass":
        oof = _normalise(oof)
        test = _normalise(test)
    score = _score(kind, y, oof)
    np.savez(os.path.join(CACHE, f"{name}.npz"), oof=oof, test=test)
    _write(data, test)
    report(name=name, cv=score, seconds=round(time.time() - started, 2))


def _align(proba, fitted_labels, n_classes):
    """predict_proba columns follow the classes seen in the fold; place them at their class index."""
    present = np.unique(fitted_labels)
    full = np.zeros((proba.shape[0], n_classes))
    full[:, present] = proba
    return full


def _normalise(proba):
    proba = np.clip(proba, 1e-6, 1)
    return proba / proba.sum(axis=1, keepdims=True)


def _blend(members):
    parts = [np.load(os.path.join(CACHE, f"{member}.npz")) for member in members]
    return sum(p["oof"] for p in parts) / len(parts), sum(p["test"] for p in parts) / len(parts)


def _write(data, test):
    out = pd.DataFrame({data["id_column"]: data["ids"]})
    kind = data["kind"]
    if kind == "multiclass":
        for i, label in enumerate(data["classes"]):
            out[label] = test[:, i]
    elif kind == "multilabel":
        for j, target in enumerate(data["targets"]):
            out[target] = test[:, j]
    else:
        out[data["targets"][0]] = test
    out.to_csv(SUBMISSION, index=False, float_format="%.8g")
