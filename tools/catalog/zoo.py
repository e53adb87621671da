"""The model zoo behind the reference leaderboards: genuinely different solutions for each kind of task.

A solution is `(team, function)` where `function(context) -> submission frame` (the id column and the
submission's target columns). `solutions_for(context)` lists the ones of the competition's kind: a
FIXED list per kind (the same named entries on every competition of that kind, always starting with
the constant `prior`, the sample submission), so that ranks and medal thresholds against the zoo mean
the same thing everywhere (docs/leaderboards.md, "How the zoo is built"):

- tabular (classification, regression, counts, ordinal, multi-label): constant priors, linear and
  logistic models with several regularisation strengths, ridge/lasso/elastic net, k-nearest
  neighbours, decision trees of several depths, random forests, extra trees, scikit-learn's
  histogram gradient boosting and LightGBM with several learning rates and leaf counts, naive Bayes,
  an SVM, small MLPs, AdaBoost, feature subsets and a blend of already computed predictions;
- text: TF-IDF (words, word pairs, characters) with logistic/ridge/naive Bayes/nearest neighbours,
  and the tabular models on the non-text columns;
- images: the pixel vectors (and pooled or PCA versions) under the tabular families;
- time series: naive, seasonal naive, drift, means and medians of recent windows, exponential
  smoothing, Holt and Holt-Winters, and global ridge/gradient-boosting models on lags;
- ranking: popularity (all time, recent windows, with and without seen items), item co-occurrence
  neighbours, user neighbours and blends.

Every model is seeded, single-threaded, and trained on at most CAPS[family] rows (a seeded subsample,
the same caps for every competition), so a board costs about 5-20 s of CPU at up to 30,000 rows.
"""

from __future__ import annotations

import os
import struct
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy/sklearn/lightgbm load: one core per process

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")

SEED = 0
THREADS = int(os.environ.get("ZOO_THREADS", "1"))
LOG_METRICS = {"rmsle", "msle", "mean_columnwise_rmsle", "poisson_deviance"}
POSITIVE_METRICS = {"poisson_deviance", "rmsle", "msle", "mean_columnwise_rmsle", "mape"}


@dataclass
class Context:
    """What a solution sees: the public files, the task and the submission format."""

    bundle: Path
    manifest: dict
    entry: dict
    train: pd.DataFrame | None = None
    test: pd.DataFrame | None = None
    extra: dict = field(default_factory=dict)

    @property
    def metric(self) -> str:
        return self.manifest["metric"]["name"]

    @property
    def params(self) -> dict:
        return self.manifest["metric"].get("params") or {}

    @property
    def targets(self) -> list[str]:
        target = self.entry["target"]
        return list(target) if isinstance(target, list) else [target]

    @property
    def columns(self) -> list[str]:
        return self.manifest["submission"]["target_columns"]


def kind_of(metric: str) -> str:
    from metrics_ref import metric_kind

    return metric_kind(metric)


# ---------------------------------------------------------------------------------------------
# Features


def text_columns(ctx: Context) -> list[str]:
    return list(ctx.entry.get("text_columns") or [])


def feature_frame(ctx: Context, include_text: bool = False) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Numbers as they are (missing = median, plus a missing flag when any), categories one-hot
    (the 30 most frequent values), free text left out (TF-IDF handles it)."""
    train, test = ctx.train, ctx.test
    skip = {"id", *ctx.targets, *text_columns(ctx)}
    columns = [c for c in test.columns if c not in skip]
    blocks_tr, blocks_te, names = [], [], []
    for column in columns:
        a, b = train[column], test[column]
        numeric = all(pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s) for s in (a, b))
        if numeric:
            x, y = a.astype(float).to_numpy(), b.astype(float).to_numpy()
            median = np.nanmedian(x) if np.isfinite(x).any() else 0.0
            if np.isnan(x).any() or np.isnan(y).any():
                blocks_tr.append(np.isnan(x).astype(float)[:, None])
                blocks_te.append(np.isnan(y).astype(float)[:, None])
                names.append(column + "__missing")
            blocks_tr.append(np.nan_to_num(x, nan=median)[:, None])
            blocks_te.append(np.nan_to_num(y, nan=median)[:, None])
            names.append(column)
        else:
            values = a.astype(str)
            top = values.value_counts().index[:30]
            if values.nunique() > 0.5 * len(values) and values.nunique() > 50:
                continue  # an identifier-like or free-text column: left out of the tabular models
            for level in top:
                blocks_tr.append((values == level).to_numpy(dtype=float)[:, None])
                blocks_te.append((b.astype(str) == level).to_numpy(dtype=float)[:, None])
                names.append(f"{column}={level}")
    if not blocks_tr:
        return np.zeros((len(train), 1)), np.zeros((len(test), 1)), ["const"]
    return np.hstack(blocks_tr), np.hstack(blocks_te), names


def scaled(x_train: np.ndarray, x_test: np.ndarray):
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    std[std == 0] = 1
    return (x_train - mean) / std, (x_test - mean) / std


def subsample(n: int, cap: int) -> np.ndarray:
    if n <= cap:
        return np.arange(n)
    return np.sort(np.random.default_rng(SEED).choice(n, size=cap, replace=False))


def top_features(x: np.ndarray, y: np.ndarray, count: int) -> np.ndarray:
    """Indices of the `count` columns most correlated (in absolute value) with y."""
    y = y.astype(float)
    xc = x - x.mean(axis=0)
    yc = y - y.mean()
    denominator = np.sqrt((xc ** 2).sum(axis=0) * (yc ** 2).sum()) + 1e-12
    correlation = np.abs(xc.T @ yc) / denominator
    return np.argsort(-correlation)[:count]


# ---------------------------------------------------------------------------------------------
# Turning model outputs into submissions


def classes_of(ctx: Context) -> list[str]:
    return sorted(ctx.train[ctx.targets[0]].astype(str).str.replace(r"\.0$", "", regex=True).unique())


def class_submission(ctx: Context, proba: np.ndarray, classes: list[str]) -> pd.DataFrame:
    """Probabilities (one column per class, in `classes` order) formatted for the metric."""
    kind = kind_of(ctx.metric)
    out = pd.DataFrame({"id": ctx.test["id"].to_numpy()})
    target = ctx.columns[0]
    classes = np.array(classes)
    if kind == "prob_binary":
        positive = list(classes).index("1") if "1" in classes else len(classes) - 1
        out[target] = np.clip(proba[:, positive], 1e-6, 1 - 1e-6) if len(classes) > 1 else 0.5
    elif kind == "prob_multi":
        for column in ctx.columns:
            out[column] = proba[:, list(classes).index(column)] if column in classes else 0.0
    elif kind == "top_k":
        k = int(ctx.params.get("k", 3))
        out[target] = [" ".join(classes[row]) for row in np.argsort(-proba, axis=1, kind="stable")[:, :k]]
    elif kind == "label":
        if ctx.manifest["task"] == "ordinal_regression" or ctx.metric == "quadratic_weighted_kappa":
            numeric = classes.astype(float)
            expected = proba @ numeric  # the expected level, rounded: better for quadratic kappa
            labels = numeric[np.abs(numeric[None, :] - expected[:, None]).argmin(axis=1)]
            out[target] = [str(int(v)) if float(v).is_integer() else str(v) for v in labels]
        else:
            out[target] = classes[np.argmax(proba, axis=1)]
    return out


def value_submission(ctx: Context, predictions: dict[str, np.ndarray]) -> pd.DataFrame:
    out = pd.DataFrame({"id": ctx.test["id"].to_numpy()})
    for column, values in predictions.items():
        values = np.asarray(values, dtype=float)
        if ctx.metric in POSITIVE_METRICS:
            floor = 1e-6 if ctx.metric in ("poisson_deviance", "mape") else 0.0
            values = np.clip(values, floor, None)
        if ctx.manifest["task"] == "ordinal_regression" and kind_of(ctx.metric) == "label":
            levels = np.array(sorted(ctx.train[column].astype(float).unique()))
            values = levels[np.abs(levels[None, :] - values[:, None]).argmin(axis=1)]
            out[column] = values.astype(int)
            continue
        out[column] = values
    return out


# ---------------------------------------------------------------------------------------------
# Model families: one fixed list per kind of task, the same named entries on every competition of
# that kind (docs/leaderboards.md, "How the zoo is built")

# At most this many training rows (a seeded subsample, the same for every competition) per family:
# the CPU budget of the zoo (a board in about 10 s on one core at up to 30,000 rows).
CAPS = {"linear": 10000, "bayes": 10000, "tree": 10000, "knn": 2000, "forest": 2000, "hgb": 3000,
        "lightgbm": 5000, "mlp": 2000, "adaboost": 2000, "svm": 1000}
TEXT_ROWS = 8000  # text: TF-IDF vocabularies and models fitted on at most this many training rows
FOREST_TREES = 50


def family_of(name: str) -> str:
    """The family of a tabular entry, by its name (its row cap is CAPS[family])."""
    for prefix, family in (("logistic", "linear"), ("linear", "linear"), ("ridge", "linear"), ("lasso", "linear"),
                           ("elastic", "linear"), ("lda", "linear"), ("naive", "bayes"), ("knn", "knn"),
                           ("tree", "tree"), ("random-forest", "forest"), ("extra-trees", "forest"),
                           ("hgb", "hgb"), ("lightgbm", "lightgbm"), ("blend", "lightgbm"), ("mlp", "mlp"),
                           ("adaboost", "adaboost"), ("svm", "svm"), ("svr", "svm")):
        if name.startswith(prefix):
            return family
    raise KeyError(name)


def model_cap(name: str) -> int:
    return CAPS[family_of(name)]


def _classifiers(n_classes: int = 2) -> list[tuple[str, str, object]]:
    """(name, feature space, model): the same list for every classification task."""
    from lightgbm import LGBMClassifier
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
    from sklearn.ensemble import (AdaBoostClassifier, ExtraTreesClassifier, HistGradientBoostingClassifier,
                                  RandomForestClassifier)
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.neural_network import MLPClassifier
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier

    scale = min(1.0, 3.0 / max(n_classes, 2))  # many classes: one tree per class per round, so fewer rounds

    def rounds(count):
        return max(20, int(count * scale))

    def lgbm(lr, leaves, trees, **extra):
        return LGBMClassifier(learning_rate=min(0.5, lr / scale ** 0.5), num_leaves=leaves, n_estimators=rounds(trees),
                              random_state=SEED, n_jobs=THREADS, verbose=-1, **extra)

    trees = FOREST_TREES
    return [
        ("logistic-C0.001", "scaled", LogisticRegression(C=0.001, max_iter=500)),
        ("logistic-C0.1", "scaled", LogisticRegression(C=0.1, max_iter=500)),
        ("logistic-C10", "scaled", LogisticRegression(C=10.0, max_iter=500)),
        ("naive-bayes-gaussian", "scaled", GaussianNB()),
        ("lda", "scaled", LinearDiscriminantAnalysis()),
        ("knn-k1", "scaled", KNeighborsClassifier(1)),
        ("knn-k5", "scaled", KNeighborsClassifier(5)),
        ("knn-k25", "scaled", KNeighborsClassifier(25)),
        ("knn-k100-distance", "scaled", KNeighborsClassifier(100, weights="distance")),
        ("tree-depth1", "raw", DecisionTreeClassifier(max_depth=1, random_state=SEED)),
        ("tree-depth2", "raw", DecisionTreeClassifier(max_depth=2, random_state=SEED)),
        ("tree-depth4", "raw", DecisionTreeClassifier(max_depth=4, random_state=SEED)),
        ("tree-depth8", "raw", DecisionTreeClassifier(max_depth=8, min_samples_leaf=5, random_state=SEED)),
        ("tree-leaf20", "raw", DecisionTreeClassifier(min_samples_leaf=20, random_state=SEED)),
        (f"random-forest-{trees}", "raw", RandomForestClassifier(trees, random_state=SEED, n_jobs=THREADS)),
        (f"random-forest-{trees}-leaf5", "raw", RandomForestClassifier(trees, min_samples_leaf=5, max_features=0.5,
                                                                       random_state=SEED, n_jobs=THREADS)),
        (f"extra-trees-{trees}", "raw", ExtraTreesClassifier(trees, min_samples_leaf=2, random_state=SEED,
                                                             n_jobs=THREADS)),
        ("hgb-lr0.1", "raw", HistGradientBoostingClassifier(learning_rate=0.1, max_iter=rounds(60),
                                                            early_stopping=False, random_state=SEED)),
        ("hgb-lr0.3-depth3", "raw", HistGradientBoostingClassifier(learning_rate=0.3, max_depth=3,
                                                                   max_iter=rounds(40), early_stopping=False,
                                                                   random_state=SEED)),
        ("lightgbm-lr0.05-leaves15", "raw", lgbm(0.05, 15, 200)),
        ("lightgbm-lr0.1-leaves63", "raw", lgbm(0.1, 63, 100, min_child_samples=10)),
        ("lightgbm-lr0.2-leaves7", "raw", lgbm(0.2, 7, 60)),
        ("lightgbm-lr0.03-leaves31-tuned", "raw", lgbm(0.03, 31, 300, subsample=0.8, subsample_freq=1,
                                                       colsample_bytree=0.7, reg_lambda=1.0)),
        ("mlp-32", "scaled", MLPClassifier(hidden_layer_sizes=(32,), max_iter=150, early_stopping=True,
                                           random_state=SEED)),
        ("mlp-64-32", "scaled", MLPClassifier(hidden_layer_sizes=(64, 32), max_iter=150, alpha=1e-3,
                                              early_stopping=True, random_state=SEED)),
        ("adaboost-50", "raw", AdaBoostClassifier(n_estimators=50, random_state=SEED)),
        ("svm-rbf-C1", "scaled", SVC(C=1.0, probability=True, random_state=SEED)),
    ]


def _regressors() -> list[tuple[str, str, object]]:
    """(name, feature space, model): the same list for every regression and count task."""
    from lightgbm import LGBMRegressor
    from sklearn.ensemble import (AdaBoostRegressor, ExtraTreesRegressor, HistGradientBoostingRegressor,
                                  RandomForestRegressor)
    from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge
    from sklearn.neighbors import KNeighborsRegressor
    from sklearn.neural_network import MLPRegressor
    from sklearn.svm import SVR
    from sklearn.tree import DecisionTreeRegressor

    def lgbm(lr, leaves, trees, **extra):
        return LGBMRegressor(learning_rate=lr, num_leaves=leaves, n_estimators=trees, random_state=SEED, n_jobs=THREADS,
                             verbose=-1, **extra)

    trees = FOREST_TREES
    return [
        ("linear-regression", "scaled", LinearRegression()),
        ("ridge-a10", "scaled", Ridge(alpha=10.0)),
        ("ridge-a1000", "scaled", Ridge(alpha=1000.0)),
        ("lasso-a0.1", "scaled", Lasso(alpha=0.1, max_iter=2000)),
        ("elastic-net-a1", "scaled", ElasticNet(alpha=1.0, l1_ratio=0.5, max_iter=2000)),
        ("knn-k1", "scaled", KNeighborsRegressor(1)),
        ("knn-k5", "scaled", KNeighborsRegressor(5)),
        ("knn-k25", "scaled", KNeighborsRegressor(25)),
        ("knn-k100-distance", "scaled", KNeighborsRegressor(100, weights="distance")),
        ("tree-depth1", "raw", DecisionTreeRegressor(max_depth=1, random_state=SEED)),
        ("tree-depth2", "raw", DecisionTreeRegressor(max_depth=2, random_state=SEED)),
        ("tree-depth4", "raw", DecisionTreeRegressor(max_depth=4, random_state=SEED)),
        ("tree-depth8", "raw", DecisionTreeRegressor(max_depth=8, min_samples_leaf=5, random_state=SEED)),
        ("tree-leaf20", "raw", DecisionTreeRegressor(min_samples_leaf=20, random_state=SEED)),
        (f"random-forest-{trees}", "raw", RandomForestRegressor(trees, max_features=0.3, random_state=SEED, n_jobs=THREADS)),
        (f"random-forest-{trees}-leaf5", "raw", RandomForestRegressor(trees, min_samples_leaf=5, max_features=0.5,
                                                                      random_state=SEED, n_jobs=THREADS)),
        (f"extra-trees-{trees}", "raw", ExtraTreesRegressor(trees, max_features=0.3, min_samples_leaf=2, random_state=SEED,
                                                            n_jobs=THREADS)),
        ("hgb-lr0.1", "raw", HistGradientBoostingRegressor(learning_rate=0.1, max_iter=60, early_stopping=False,
                                                           random_state=SEED)),
        ("hgb-lr0.3-depth3", "raw", HistGradientBoostingRegressor(learning_rate=0.3, max_depth=3, max_iter=40,
                                                                  early_stopping=False, random_state=SEED)),
        ("lightgbm-lr0.05-leaves15", "raw", lgbm(0.05, 15, 200)),
        ("lightgbm-lr0.1-leaves63", "raw", lgbm(0.1, 63, 100, min_child_samples=10)),
        ("lightgbm-lr0.2-leaves7", "raw", lgbm(0.2, 7, 60)),
        ("lightgbm-lr0.03-leaves31-tuned", "raw", lgbm(0.03, 31, 300, subsample=0.8, subsample_freq=1,
                                                       colsample_bytree=0.7, reg_lambda=1.0)),
        ("lightgbm-l1-lr0.1", "raw", lgbm(0.1, 31, 100, objective="l1")),
        ("mlp-32", "scaled", standardised(MLPRegressor(hidden_layer_sizes=(32,), max_iter=150, early_stopping=True,
                                                       random_state=SEED))),
        ("mlp-64-32", "scaled", standardised(MLPRegressor(hidden_layer_sizes=(64, 32), max_iter=150, alpha=1e-3,
                                                          early_stopping=True, random_state=SEED))),
        ("adaboost-50", "raw", AdaBoostRegressor(n_estimators=50, random_state=SEED)),
        ("svr-rbf-C1", "scaled", SVR(C=1.0)),
    ]


def standardised(model):
    """A regressor fitted on the standardised target (MLPs do not learn a target of mean 12)."""
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.preprocessing import StandardScaler

    return TransformedTargetRegressor(regressor=model, transformer=StandardScaler())


def _fit_predict_proba(model, x_train, y_train, x_test, classes):
    """Fit and return probabilities in `classes` order (absent classes get 0)."""
    model.fit(x_train, y_train)
    proba = model.predict_proba(x_test)
    out = np.zeros((x_test.shape[0], len(classes)))
    for j, label in enumerate(model.classes_):
        out[:, classes.index(str(label))] = proba[:, j]
    return out


def prior_solution(ctx: Context):
    """`prior`: public/sample_submission.csv as it is (the builder writes the constant prior there),
    so the prior's score on every board is the `prior` of the quality gates."""
    def run():
        return pd.read_csv(ctx.bundle / "public" / "sample_submission.csv", dtype=str, keep_default_na=False)
    return ("prior", run)


class Memo:
    """Raw predictions of entries computed once, so that a blend reuses them instead of refitting."""

    def __init__(self):
        self.values = {}

    def get(self, name, compute):
        if name not in self.values:
            self.values[name] = compute()
        return self.values[name]


def tabular_solutions(ctx: Context, x_train=None, x_test=None, prefix: str = "",
                      with_prior: bool = True) -> list[tuple[str, object]]:
    """Every tabular entry for the competition's task, as (team, thunk) pairs: the same names for
    every competition of a kind (classification, regression, multi-label)."""
    if x_train is None:
        x_train, x_test, _ = feature_frame(ctx)
    xs_train, xs_test = scaled(x_train, x_test)
    task, kind = ctx.manifest["task"], kind_of(ctx.metric)
    n, d = x_train.shape
    solutions = [prior_solution(ctx)] if with_prior else []
    if task == "multilabel_classification":
        return solutions + multilabel_solutions(ctx, x_train, x_test, xs_train, xs_test, prefix)
    memo = Memo()
    classify = kind in ("prob_binary", "prob_multi", "label", "top_k")
    spaces = {"scaled": (xs_train, xs_test), "raw": (x_train, x_test)}
    if classify:
        y = ctx.train[ctx.targets[0]].astype(str).str.replace(r"\.0$", "", regex=True).to_numpy()
        classes = classes_of(ctx)
        codes = np.array([classes.index(v) for v in y])
        signal = codes if len(classes) == 2 else (codes == np.bincount(codes).argmax())
        models = {name: (space, model) for name, space, model in _classifiers(len(classes))}

        def raw(name):
            space, model = models[name]

            def compute():
                a, b = spaces[space]
                r = subsample(n, model_cap(name))
                return _fit_predict_proba(model, a[r], y[r], b, classes)
            return memo.get(name, compute)

        for name in models:
            solutions.append((prefix + name, lambda name=name: class_submission(ctx, raw(name), classes)))

        def subset(count, family):
            from lightgbm import LGBMClassifier
            from sklearn.linear_model import LogisticRegression
            r = subsample(n, CAPS[family])
            columns = top_features(x_train[r], signal[r], count)
            if family == "linear":
                return _fit_predict_proba(LogisticRegression(C=1.0, max_iter=500), xs_train[r][:, columns], y[r],
                                          xs_test[:, columns], classes)
            model = LGBMClassifier(n_estimators=100, learning_rate=0.1, num_leaves=15, random_state=SEED,
                                   n_jobs=THREADS, verbose=-1)
            return _fit_predict_proba(model, x_train[r][:, columns], y[r], x_test[:, columns], classes)
        solutions.append((prefix + "logistic-top3-features", lambda: class_submission(ctx, subset(3, "linear"), classes)))
        for count in (3, 8):
            solutions.append((prefix + f"lightgbm-top{count}-features",
                              lambda count=count: class_submission(ctx, subset(count, "lightgbm"), classes)))
        parts = ("lightgbm-lr0.05-leaves15", f"random-forest-{FOREST_TREES}", "logistic-C0.1")
        solutions.append((prefix + "blend-lightgbm-rf-logistic", lambda: class_submission(
            ctx, np.mean([raw(p) for p in parts], axis=0), classes)))
        return solutions
    # numbers; on a log-scale metric every model is fitted on log(1 + y) (a non-negative target)
    ys = {t: ctx.train[t].astype(float).to_numpy() for t in ctx.targets}
    log_target = ctx.metric in LOG_METRICS and all((v >= 0).all() for v in ys.values())
    forward, back = (np.log1p, np.expm1) if log_target else ((lambda v: v), (lambda v: v))
    models = {name: (space, model) for name, space, model in _regressors()}

    def raw(name):
        space, model = models[name]

        def compute():
            a, b = spaces[space]
            r = subsample(n, model_cap(name))
            return {t: model.fit(a[r], forward(v[r])).predict(b) for t, v in ys.items()}
        return memo.get(name, compute)

    def submit(predictions):
        return value_submission(ctx, {t: back(p) for t, p in predictions.items()})

    for name in models:
        solutions.append((prefix + name, lambda name=name: submit(raw(name))))

    def subset(count, family):
        from lightgbm import LGBMRegressor
        from sklearn.linear_model import LinearRegression
        r = subsample(n, CAPS[family])
        predictions = {}
        for t, v in ys.items():
            columns = top_features(x_train[r], v[r], count)
            if family == "linear":
                model, a, b = LinearRegression(), xs_train, xs_test
            else:
                model, a, b = LGBMRegressor(n_estimators=100, learning_rate=0.1, num_leaves=15, random_state=SEED,
                                            n_jobs=THREADS, verbose=-1), x_train, x_test
            predictions[t] = model.fit(a[r][:, columns], forward(v[r])).predict(b[:, columns])
        return predictions
    solutions.append((prefix + "linear-top3-features", lambda: submit(subset(3, "linear"))))
    for count in (3, 8):
        solutions.append((prefix + f"lightgbm-top{count}-features", lambda count=count: submit(subset(count, "lightgbm"))))
    parts = ("lightgbm-lr0.05-leaves15", f"random-forest-{FOREST_TREES}", "ridge-a10")
    solutions.append((prefix + "blend-lightgbm-rf-ridge", lambda: submit(
        {t: np.mean([raw(p)[t] for p in parts], axis=0) for t in ys})))
    return solutions


MULTILABEL_MODELS = ("logistic-C0.001", "logistic-C0.1", "logistic-C10", "naive-bayes-gaussian", "lda", "knn-k5",
                     "knn-k25", "knn-k100-distance", "tree-depth1", "tree-depth2", "tree-depth4", "tree-depth8",
                     "tree-leaf20", f"random-forest-{FOREST_TREES}", f"random-forest-{FOREST_TREES}-leaf5",
                     f"extra-trees-{FOREST_TREES}", "hgb-lr0.1", "hgb-lr0.3-depth3", "lightgbm-lr0.05-leaves15",
                     "lightgbm-lr0.1-leaves63", "lightgbm-lr0.2-leaves7", "lightgbm-lr0.03-leaves31-tuned", "mlp-32",
                     "adaboost-50")
MULTILABEL_ROWS = 2000  # multi-label: one model per label, each on at most this many rows (and CAPS below it)
MULTI_OUTPUT = ("knn", "tree", "forest")  # families fitted once on every label together (native multi-output)


def multilabel_solutions(ctx, x_train, x_test, xs_train, xs_test, prefix):
    """One binary model per label for each family, the same families on every multi-label task."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import BernoulliNB
    from sklearn.neighbors import KNeighborsClassifier

    n, d = x_train.shape
    labels = ctx.columns
    memo = Memo()
    models = {name: (space, model) for name, space, model in _classifiers(len(labels)) if name in MULTILABEL_MODELS}
    models["logistic-C0.3-balanced"] = ("scaled", LogisticRegression(C=0.3, class_weight="balanced", max_iter=500))
    models["knn-k50"] = ("scaled", KNeighborsClassifier(50))
    models["knn-k1"] = ("scaled", KNeighborsClassifier(1))
    models["naive-bayes-bernoulli"] = ("scaled", BernoulliNB(alpha=1.0, binarize=0.0))
    spaces = {"scaled": (xs_train, xs_test), "raw": (x_train, x_test)}

    def raw(name):
        space, model = models[name]

        def compute():
            a, b = spaces[space]
            r = subsample(n, min(MULTILABEL_ROWS, model_cap(name)))
            out = {}
            if family_of(name) in MULTI_OUTPUT:
                y = ctx.train[labels].astype(int).to_numpy()[r]
                probabilities = model.fit(a[r], y).predict_proba(b)
                for j, label in enumerate(labels):
                    known = list(model.classes_[j])
                    out[label] = probabilities[j][:, known.index(1)] if 1 in known else np.zeros(len(b))
                return out
            for label in labels:
                y = ctx.train[label].astype(int).to_numpy()[r]
                out[label] = np.full(len(b), float(y.mean())) if len(np.unique(y)) < 2 else \
                    model.fit(a[r], y).predict_proba(b)[:, 1]
            return out
        return memo.get(name, compute)

    def submit(predictions):
        out = pd.DataFrame({"id": ctx.test["id"].to_numpy()})
        for label in labels:
            out[label] = predictions[label]
        return out

    solutions = [(prefix + name, lambda name=name: submit(raw(name))) for name in models]
    parts = ("lightgbm-lr0.05-leaves15", f"random-forest-{FOREST_TREES}", "logistic-C0.1")
    solutions.append((prefix + "blend-lightgbm-rf-logistic", lambda: submit(
        {label: np.mean([raw(p)[label] for p in parts], axis=0) for label in labels})))
    return solutions


# ---------------------------------------------------------------------------------------------
# Text: TF-IDF features under linear models, naive Bayes and neighbours; tabular models on the rest

TEXT_TABULAR = {  # the tabular entries on the other columns plus text lengths, by kind of target
    "class": ("logistic-C0.1", "knn-k25", "tree-depth1", "tree-depth4", f"random-forest-{FOREST_TREES}", "hgb-lr0.1",
              "lightgbm-lr0.1-leaves63", "naive-bayes-gaussian"),
    "value": ("ridge-a10", "lasso-a0.1", "knn-k25", "tree-depth1", "tree-depth4", f"random-forest-{FOREST_TREES}",
              "hgb-lr0.1", "lightgbm-lr0.1-leaves63"),
}


def columns_and_lengths(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """The non-text columns (feature_frame) plus the length in characters and in words of every text
    column: never empty, so the same entries exist on every text competition."""
    meta_train, meta_test, names = feature_frame(ctx)
    if names == ["const"]:
        meta_train, meta_test = meta_train[:, :0], meta_test[:, :0]
    blocks = []
    for frame in (ctx.train, ctx.test):
        values = []
        for column in text_columns(ctx):
            text = frame[column].fillna("").astype(str)
            values += [text.str.len().to_numpy(dtype=float), text.str.split().str.len().to_numpy(dtype=float)]
        blocks.append(np.column_stack(values) if values else np.zeros((len(frame), 1)))
    return np.hstack([meta_train, blocks[0]]), np.hstack([meta_test, blocks[1]])


def text_solutions(ctx: Context) -> list[tuple[str, object]]:
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    columns = text_columns(ctx) or [c for c in ctx.test.columns if c != "id"][:1]
    rows = subsample(len(ctx.train), TEXT_ROWS)
    raw_train = ctx.train[columns].fillna("").astype(str).agg(" ".join, axis=1).iloc[rows]
    raw_test = ctx.test[columns].fillna("").astype(str).agg(" ".join, axis=1)
    kind = kind_of(ctx.metric)
    solutions = [prior_solution(ctx)]
    vectorizers = {
        "words": lambda: TfidfVectorizer(min_df=2, sublinear_tf=True, max_features=20000),
        "words12": lambda: TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=30000),
        "chars35": lambda: TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=3, sublinear_tf=True,
                                           max_features=30000),
        "binary-words": lambda: TfidfVectorizer(min_df=2, binary=True, use_idf=False, norm=None, max_features=20000),
    }
    cache = {}

    def features(name):
        if name not in cache:
            vectorizer = vectorizers[name]()
            cache[name] = (vectorizer.fit_transform(raw_train), vectorizer.transform(raw_test))
        return cache[name]

    meta = {}

    def meta_features():
        if not meta:
            a, b = columns_and_lengths(ctx)
            meta["raw"] = (a, b)
            meta["scaled"] = scaled(a[rows], b)
        return meta

    if kind == "prob_binary" and len(ctx.columns) > 1:  # multi-label text: one model per label
        return solutions + multilabel_text_solutions(ctx, features, rows)
    if kind in ("prob_binary", "prob_multi", "label", "top_k"):
        from sklearn.linear_model import LogisticRegression, SGDClassifier
        from sklearn.naive_bayes import ComplementNB, MultinomialNB
        from sklearn.neighbors import KNeighborsClassifier

        y = ctx.train[ctx.targets[0]].astype(str).str.replace(r"\.0$", "", regex=True).to_numpy()[rows]
        classes = classes_of(ctx)
        makers = [
            ("logistic-C1", lambda: LogisticRegression(C=1.0, max_iter=1000)),
            ("logistic-C10", lambda: LogisticRegression(C=10.0, max_iter=1000)),
            ("naive-bayes-a0.3", lambda: MultinomialNB(alpha=0.3)),
            ("complement-nb-a1", lambda: ComplementNB(alpha=1.0)),
            ("sgd-modhuber", lambda: SGDClassifier(loss="modified_huber", alpha=1e-4, random_state=SEED)),
            ("knn-cosine-k25", lambda: KNeighborsClassifier(25, metric="cosine")),
        ]
        models = [(space, name, make) for space in ("words", "words12", "chars35") for name, make in makers]
        models += [("binary-words", "logistic-C0.1", lambda: LogisticRegression(C=0.1, max_iter=1000)),
                   ("binary-words", "naive-bayes-a1", lambda: MultinomialNB(alpha=1.0))]
        for space, name, make in models:
            def run(space=space, make=make, name=name):
                a, b = features(space)
                r = subsample(a.shape[0], CAPS["knn"] if name.startswith("knn") else a.shape[0])
                return class_submission(ctx, _fit_predict_proba(make(), a[r], y[r], b, classes), classes)
            solutions.append((f"tfidf-{space}-{name}", run))
        for name, space, c in (("logistic-C4", "words12", 4.0), ("logistic-C1", "chars35", 1.0)):
            def combined(space=space, c=c):
                a, b = features(space)
                ma, mb = meta_features()["scaled"]
                return class_submission(ctx, _fit_predict_proba(
                    LogisticRegression(C=c, max_iter=1000), sparse.hstack([a, ma]).tocsr(), y,
                    sparse.hstack([b, mb]).tocsr(), classes), classes)
            solutions.append((f"tfidf-{space}-plus-columns-{name}", combined))

        def svd_lgbm():
            from lightgbm import LGBMClassifier
            from sklearn.decomposition import TruncatedSVD
            a, b = features("words")
            svd = TruncatedSVD(32, random_state=SEED).fit(a)
            ma, mb = meta_features()["raw"]
            xa, xb = np.hstack([svd.transform(a), ma[rows]]), np.hstack([svd.transform(b), mb])
            rounds = max(20, int(100 * min(1.0, 3.0 / max(len(classes), 2))))  # one tree per class per round
            model = LGBMClassifier(n_estimators=rounds, learning_rate=0.1, random_state=SEED, n_jobs=THREADS, verbose=-1)
            return class_submission(ctx, _fit_predict_proba(model, xa, y, xb, classes), classes)
        solutions.append(("svd32-plus-columns-lightgbm", svd_lgbm))
        keep = TEXT_TABULAR["class"]
    elif kind == "value":
        from sklearn.linear_model import Ridge, SGDRegressor
        from sklearn.neighbors import KNeighborsRegressor
        from sklearn.svm import LinearSVR

        target = ctx.targets[0]
        v = ctx.train[target].astype(float).to_numpy()
        log_target = ctx.metric in LOG_METRICS and (v >= 0).all()
        y = (np.log1p(v) if log_target else v)[rows]
        back = np.expm1 if log_target else (lambda p: p)
        makers = [("ridge-a0.3", lambda: Ridge(alpha=0.3)), ("ridge-a3", lambda: Ridge(alpha=3.0)),
                  ("sgd-huber", lambda: SGDRegressor(loss="huber", alpha=1e-5, random_state=SEED)),
                  ("knn-cosine-k10", lambda: KNeighborsRegressor(10, metric="cosine")),
                  ("knn-cosine-k50-distance", lambda: KNeighborsRegressor(50, metric="cosine", weights="distance")),
                  ("linear-svr-C0.3", lambda: LinearSVR(C=0.3, max_iter=2000, random_state=SEED))]
        models = [(space, name, make) for space in ("words", "words12", "chars35") for name, make in makers]
        models += [("binary-words", "ridge-a3", lambda: Ridge(alpha=3.0)),
                   ("binary-words", "ridge-a30", lambda: Ridge(alpha=30.0))]
        for space, name, make in models:
            def run(space=space, make=make, name=name):
                a, b = features(space)
                r = subsample(a.shape[0], CAPS["knn"] if name.startswith("knn") else a.shape[0])
                return value_submission(ctx, {target: back(make().fit(a[r], y[r]).predict(b))})
            solutions.append((f"tfidf-{space}-{name}", run))
        for a_ in (1.0, 3.0):
            def combined(a_=a_):
                a, b = features("words12")
                ma, mb = meta_features()["scaled"]
                model = Ridge(alpha=a_).fit(sparse.hstack([a, ma]).tocsr(), y)
                return value_submission(ctx, {target: back(model.predict(sparse.hstack([b, mb]).tocsr()))})
            solutions.append((f"tfidf-words12-plus-columns-ridge-a{a_}", combined))

        def svd_lgbm():
            from lightgbm import LGBMRegressor
            from sklearn.decomposition import TruncatedSVD
            a, b = features("words")
            svd = TruncatedSVD(32, random_state=SEED).fit(a)
            ma, mb = meta_features()["raw"]
            xa, xb = np.hstack([svd.transform(a), ma[rows]]), np.hstack([svd.transform(b), mb])
            model = LGBMRegressor(n_estimators=100, learning_rate=0.1, random_state=SEED, n_jobs=THREADS, verbose=-1)
            return value_submission(ctx, {target: back(model.fit(xa, y).predict(xb))})
        solutions.append(("svd32-plus-columns-lightgbm", svd_lgbm))
        keep = TEXT_TABULAR["value"]
    elif kind == "text":  # write a text: copy the most common text of the nearest training rows
        return solutions + text_generation_solutions(ctx, features, rows)
    else:
        raise ValueError(f"no text solutions for metric kind {kind}")
    # the other columns and the texts' lengths under the tabular families (a different feature set);
    # computed lazily: building them reads every row
    tabular = {}

    def tabular_entry(name):
        def run():
            if not tabular:
                a, b = meta_features()["raw"]
                tabular.update(tabular_solutions(ctx, a, b, prefix="columns-and-lengths-", with_prior=False))
            return tabular["columns-and-lengths-" + name]()
        return run
    solutions += [("columns-and-lengths-" + name, tabular_entry(name)) for name in keep]
    return solutions


def multilabel_text_solutions(ctx: Context, features, rows) -> list[tuple[str, object]]:
    """Multi-label text: 8 models x 4 TF-IDF spaces, one binary model per label (neighbours once for all)."""
    from sklearn.linear_model import LogisticRegression, SGDClassifier
    from sklearn.naive_bayes import ComplementNB, MultinomialNB
    from sklearn.neighbors import KNeighborsClassifier

    makers = [("logistic-C0.3", lambda: LogisticRegression(C=0.3, max_iter=1000)),
              ("logistic-C1", lambda: LogisticRegression(C=1.0, max_iter=1000)),
              ("logistic-C4", lambda: LogisticRegression(C=4.0, max_iter=1000)),
              ("naive-bayes-a0.3", lambda: MultinomialNB(alpha=0.3)),
              ("complement-nb-a1", lambda: ComplementNB(alpha=1.0)),
              ("sgd-log", lambda: SGDClassifier(loss="log_loss", alpha=1e-4, random_state=SEED)),
              ("sgd-modhuber", lambda: SGDClassifier(loss="modified_huber", alpha=1e-4, random_state=SEED)),
              ("knn-cosine-k25", lambda: KNeighborsClassifier(25, metric="cosine"))]
    labels = ctx.columns
    y_all = ctx.train[labels].astype(int).to_numpy()[rows]
    solutions = []
    for space in ("words", "words12", "chars35", "binary-words"):
        for name, make in makers:
            def run(space=space, make=make, name=name):
                a, b = features(space)
                out = pd.DataFrame({"id": ctx.test["id"].to_numpy()})
                if name.startswith("knn"):  # one neighbour search for every label, on the knn cap
                    r = subsample(a.shape[0], CAPS["knn"])
                    probabilities = make().fit(a[r], y_all[r]).predict_proba(b)
                    for j, label in enumerate(labels):
                        p = probabilities[j]
                        out[label] = p[:, -1] if p.shape[1] > 1 else np.full(len(out), float(y_all[:, j].mean()))
                    return out
                for j, label in enumerate(labels):
                    y = y_all[:, j]
                    out[label] = make().fit(a, y).predict_proba(b)[:, 1] if len(np.unique(y)) > 1 else float(y.mean())
                return out
            solutions.append((f"tfidf-{space}-{name}", run))
    return solutions


def text_generation_solutions(ctx: Context, features, rows) -> list[tuple[str, object]]:
    """A free-text target: the most common text, nearest-neighbour copies, lookups by a column and a
    classifier over the most frequent texts."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import NearestNeighbors

    target = ctx.targets[0]
    y_all = ctx.train[target].astype(str).to_numpy()
    y = y_all[rows]
    solutions = []

    def most_common_text():
        out = pd.DataFrame({"id": ctx.test["id"].to_numpy()})
        counts = pd.Series(y_all).value_counts()
        out[target] = sorted(counts[counts == counts.max()].index)[0]
        return out
    solutions.append(("most-common-text", most_common_text))
    nearest = {}

    def neighbours_of(space):  # the 25 nearest training rows, searched once per space
        if space not in nearest:
            a, b = features(space)
            # every sampled training text (TEXT_ROWS): copying a neighbour's text is this kind's main family
            nearest[space] = NearestNeighbors(n_neighbors=min(25, a.shape[0]), metric="cosine").fit(a).kneighbors(b)[1]
        return nearest[space]

    for space in ("words", "words12", "chars35", "binary-words"):
        for k in (1, 3, 5, 10, 25):
            def knn(space=space, k=k):
                neighbours = neighbours_of(space)[:, :k]
                out = pd.DataFrame({"id": ctx.test["id"].to_numpy()})
                out[target] = [pd.Series(y[row]).value_counts().index[0] for row in neighbours]
                return out
            solutions.append((f"tfidf-{space}-nearest-k{k}", knn))
    others = [c for c in ctx.test.columns if c != "id"]
    for number in (1, 2, 3):  # the first three public columns (the first again when there are fewer)
        column = others[number - 1] if number <= len(others) else others[0]
        for fallback in ("most-common", "word-vote"):
            def lookup(column=column, fallback=fallback):
                table = pd.DataFrame({"x": ctx.train[column].astype(str), "y": y_all})
                by = table.groupby("x")["y"].agg(lambda v: v.value_counts().index[0]).to_dict()
                common = pd.Series(y_all).value_counts().index[0]
                if fallback == "word-vote":  # build a text from the words most used in the training texts
                    common = " ".join(pd.Series(" ".join(y_all).lower().split()).value_counts().index[:3])
                out = pd.DataFrame({"id": ctx.test["id"].to_numpy()})
                out[target] = [by.get(v, common) for v in ctx.test[column].astype(str)]
                return out
            solutions.append((f"lookup-by-column{number}-{fallback}", lookup))
    for space, c in (("words", 1.0), ("words12", 4.0), ("chars35", 2.0), ("binary-words", 0.5)):
        def classify(space=space, c=c):
            a, b = features(space)
            frequent = set(pd.Series(y).value_counts().index[:60])
            mask = np.array([v in frequent for v in y])
            model = LogisticRegression(C=c, max_iter=300).fit(a[mask], y[mask])
            out = pd.DataFrame({"id": ctx.test["id"].to_numpy()})
            out[target] = model.predict(b)
            return out
        solutions.append((f"tfidf-{space}-logistic-top60-texts-C{c}", classify))
    return solutions


# ---------------------------------------------------------------------------------------------
# Images: pixels as features


def read_png(path: Path) -> np.ndarray:
    data = path.read_bytes()
    position, idat, width, height = 8, b"", 0, 0
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(height, width + 1)
    return raw[:, 1:].astype(float) / 255.0


def image_solutions(ctx: Context) -> list[tuple[str, object]]:
    from sklearn.decomposition import PCA

    public = ctx.bundle / "public"
    images_train = np.stack([read_png(public / p) for p in ctx.train["image"]])
    images_test = np.stack([read_png(public / p) for p in ctx.test["image"]])
    flat_train, flat_test = images_train.reshape(len(images_train), -1), images_test.reshape(len(images_test), -1)
    solutions = tabular_solutions(ctx, flat_train, flat_test, prefix="pixels-")
    h, w = images_train.shape[1:]
    pooled_train = images_train.reshape(len(images_train), h // 2, 2, w // 2, 2).mean(axis=(2, 4)).reshape(
        len(images_train), -1)
    pooled_test = images_test.reshape(len(images_test), h // 2, 2, w // 2, 2).mean(axis=(2, 4)).reshape(
        len(images_test), -1)
    pooled = dict(tabular_solutions(ctx, pooled_train, pooled_test, prefix="pooled2x2-", with_prior=False))
    solutions += [("pooled2x2-" + s, pooled["pooled2x2-" + s]) for s in IMAGE_POOLED]
    pca = PCA(20, random_state=SEED).fit(flat_train[subsample(len(flat_train), 5000)])
    pca_solutions = dict(tabular_solutions(ctx, pca.transform(flat_train), pca.transform(flat_test), prefix="pca20-",
                                           with_prior=False))
    solutions += [("pca20-" + s, pca_solutions["pca20-" + s]) for s in IMAGE_PCA]
    return solutions


IMAGE_POOLED = ("logistic-C0.1", "knn-k5", f"random-forest-{FOREST_TREES}", "lightgbm-lr0.1-leaves63", "svm-rbf-C1")
IMAGE_PCA = ("knn-k5", "svm-rbf-C1", "lightgbm-lr0.1-leaves63", "naive-bayes-gaussian", "mlp-64-32")


# ---------------------------------------------------------------------------------------------
# Time series: classic forecasts per series and global models on lags


def _ses(values: np.ndarray, alpha: float) -> float:
    level = values[0]
    for v in values[1:]:
        level = alpha * v + (1 - alpha) * level
    return level


def _holt(values: np.ndarray, alpha: float, beta: float, horizon: int, damped: float = 1.0) -> np.ndarray:
    level, trend = values[0], (values[1] - values[0]) if len(values) > 1 else 0.0
    for v in values[1:]:
        previous = level
        level = alpha * v + (1 - alpha) * (level + damped * trend)
        trend = beta * (level - previous) + (1 - beta) * damped * trend
    steps = np.cumsum(damped ** np.arange(1, horizon + 1))
    return level + steps * trend


def _linear_trend(values: np.ndarray, window: int, horizon: int) -> np.ndarray:
    """A least-squares line through the last `window` values, extended `horizon` steps."""
    w = values[-window:]
    if len(w) < 2:
        return np.full(horizon, w[-1])
    slope, intercept = np.polyfit(np.arange(len(w)), w, 1)
    return intercept + slope * (len(w) - 1 + np.arange(1, horizon + 1))


def _holt_winters(values: np.ndarray, season: int, alpha: float, beta: float, gamma: float, horizon: int):
    if len(values) < 2 * season or season < 2:
        return _holt(values, alpha, beta, horizon)
    level = values[:season].mean()
    trend = (values[season:2 * season].mean() - values[:season].mean()) / season
    seasonal = list(values[:season] - level)
    for t in range(season, len(values)):
        v = values[t]
        s = seasonal[t - season]
        previous = level
        level = alpha * (v - s) + (1 - alpha) * (level + trend)
        trend = beta * (level - previous) + (1 - beta) * trend
        seasonal.append(gamma * (v - level) + (1 - gamma) * s)
    n = len(values)
    return np.array([level + (h + 1) * trend + seasonal[n - season + (h % season)] for h in range(horizon)])


FORECAST_WINDOWS = 10000  # training windows of the global forecasting models (a seeded sample)


def forecast_solutions(ctx: Context) -> list[tuple[str, object]]:
    params = ctx.entry["recipe"]["params"]
    series, time, target = list(params.get("series", [])), params.get("time", "t"), ctx.targets[0]
    season = int(params.get("season", 1))
    period = season if season > 1 else 7  # the seasonal entries use the data's season, or a week without one
    train = ctx.train.sort_values([*series, time], kind="stable").copy()
    test = ctx.test.sort_values([*series, time], kind="stable").copy()
    keys = series or ["_all"]
    train["_all"], test["_all"] = 0, 0
    test["_step"] = test.groupby(keys).cumcount()
    histories = {k: g[target].to_numpy(dtype=float) for k, g in train.groupby(keys)}
    groups = {k: g for k, g in test.groupby(keys)}

    def per_series(method):
        def run():
            predictions = pd.Series(0.0, index=test.index)
            for key, rows in groups.items():
                history = histories[key]
                horizon = len(rows)
                predictions.loc[rows.index] = np.asarray(method(history, horizon), dtype=float)[:horizon]
            out = pd.DataFrame({"id": test["id"].to_numpy(), target: predictions.to_numpy()})
            return value_submission(ctx, {target: out[target].to_numpy()}).assign(id=out["id"].to_numpy())
        return run

    def seasonal_naive(s):
        return lambda h, n: np.array([h[len(h) - s + (i % s)] for i in range(n)]) if len(h) >= s else np.full(n, h[-1])

    def seasonal_mean(s, cycles):
        def method(h, n):
            if len(h) < s:
                return np.full(n, h[-1])
            cycles_here = min(cycles, len(h) // s)
            block = h[len(h) - cycles_here * s:].reshape(cycles_here, s)
            profile = block.mean(axis=0)
            return np.array([profile[i % s] for i in range(n)])
        return method

    def drift(window):
        def method(h, n):
            w = h[-window:] if window else h
            slope = (w[-1] - w[0]) / max(len(w) - 1, 1)
            return h[-1] + slope * np.arange(1, n + 1)
        return method

    def seasonal_drift(h, n):
        base = seasonal_naive(period)(h, n)
        if len(h) < 2 * period:
            return base
        growth = (h[-period:].mean() - h[-2 * period:-period].mean()) / period
        return base + growth * period * (1 + np.arange(n) // period)

    methods = [
        ("naive-last-value", lambda h, n: np.full(n, h[-1])),
        ("mean-all-history", lambda h, n: np.full(n, h.mean())),
        ("median-all-history", lambda h, n: np.full(n, np.median(h))),
        ("drift-all-history", drift(0)),
        ("drift-last-20", drift(20)),
        ("ses-alpha0.1", lambda h, n: np.full(n, _ses(h, 0.1))),
        ("ses-alpha0.3", lambda h, n: np.full(n, _ses(h, 0.3))),
        ("ses-alpha0.6", lambda h, n: np.full(n, _ses(h, 0.6))),
        ("holt-a0.3-b0.1", lambda h, n: _holt(h, 0.3, 0.1, n)),
        ("holt-damped-a0.5-b0.1", lambda h, n: _holt(h, 0.5, 0.1, n, damped=0.9)),
        ("theta-ses-plus-half-drift", lambda h, n: np.full(n, _ses(h, 0.3)) + 0.5 * drift(0)(h, n) - 0.5 * h[-1]),
        ("ses-alpha0.9", lambda h, n: np.full(n, _ses(h, 0.9))),
        ("holt-a0.8-b0.2", lambda h, n: _holt(h, 0.8, 0.2, n)),
        ("holt-damped-a0.3-b0.05-phi0.8", lambda h, n: _holt(h, 0.3, 0.05, n, damped=0.8)),
        ("drift-last-5", drift(5)),
        ("linear-trend-last-10", lambda h, n: _linear_trend(h, 10, n)),
        ("linear-trend-last-30", lambda h, n: _linear_trend(h, 30, n)),
    ]
    for label, window in (("3", 3), ("7", 7), ("1season", period), ("2seasons", 2 * period),
                          ("4seasons", 4 * period)):
        methods.append((f"mean-last-{label}", lambda h, n, w=window: np.full(n, h[-w:].mean())))
        methods.append((f"median-last-{label}", lambda h, n, w=window: np.full(n, np.median(h[-w:]))))
    methods += [
        ("seasonal-naive", seasonal_naive(period)),
        ("seasonal-mean-2cycles", seasonal_mean(period, 2)),
        ("seasonal-mean-4cycles", seasonal_mean(period, 4)),
        ("seasonal-drift", seasonal_drift),
        ("holt-winters-a0.2", lambda h, n: _holt_winters(h, period, 0.2, 0.05, 0.2, n)),
        ("holt-winters-a0.5", lambda h, n: _holt_winters(h, period, 0.5, 0.05, 0.3, n)),
    ]
    for other in (4, 7, 12, 24):
        methods.append((f"seasonal-naive-s{other}", seasonal_naive(other)))
    solutions = [prior_solution(ctx)] + [(name, per_series(method)) for name, method in methods]

    # global models: features = the last L values before the forecast origin, the step ahead, the
    # seasonal-naive value; target = the value h steps ahead (direct multi-horizon)
    horizon = int(test.groupby(keys).size().max())
    lags = max(season, 7) if season > 1 else 7
    lags = min(lags, 48)

    made = {}

    def windows():  # built once, shared by the global models
        if made:
            return made["x"], made["y"]
        candidates = []  # (series, origin, steps ahead): three random steps per origin, then a seeded sample
        rng = np.random.default_rng(SEED)
        for key, history in histories.items():
            for origin in range(lags, len(history) - 1):
                for h in rng.choice(np.arange(1, horizon + 1), size=min(3, horizon), replace=False):
                    if origin + h - 1 < len(history):
                        candidates.append((key, origin, h))
        chosen = [candidates[i] for i in subsample(len(candidates), FORECAST_WINDOWS)]
        made.update(x=np.array([_window_features(histories[key][:origin], lags, h, season) for key, origin, h in chosen]),
                    y=np.array([histories[key][origin + h - 1] for key, origin, h in chosen]))
        return made["x"], made["y"]

    def global_model(make, relative):
        def run():
            x, y = windows()
            if relative:  # predict the change from the last value, so one model serves every level
                y = y - x[:, lags - 1]
            model = make().fit(x, y)
            predictions = pd.Series(0.0, index=test.index)
            for key, rows in groups.items():
                history = histories[key]
                features = np.array([_window_features(history, lags, s + 1, season) for s in rows["_step"]])
                p = model.predict(features)
                predictions.loc[rows.index] = p + (history[-1] if relative else 0)
            return value_submission(ctx, {target: predictions.to_numpy()}).assign(id=test["id"].to_numpy())
        return run

    from lightgbm import LGBMRegressor
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.linear_model import Ridge

    solutions += [
        ("global-ridge-on-lags", global_model(lambda: Ridge(1.0), False)),
        ("global-ridge-on-lags-differenced", global_model(lambda: Ridge(1.0), True)),
        ("global-hgb-on-lags", global_model(lambda: HistGradientBoostingRegressor(max_iter=60, random_state=SEED),
                                            True)),
        ("global-lightgbm-lr0.1-on-lags", global_model(lambda: LGBMRegressor(
            n_estimators=100, learning_rate=0.1, num_leaves=31, random_state=SEED, n_jobs=THREADS, verbose=-1), True)),
        ("global-lightgbm-l1-lr0.1-on-lags", global_model(lambda: LGBMRegressor(
            n_estimators=100, learning_rate=0.1, num_leaves=15, objective="l1", random_state=SEED, n_jobs=THREADS,
            verbose=-1), True)),
    ]
    return solutions


def _window_features(history: np.ndarray, lags: int, h: int, season: int) -> np.ndarray:
    window = history[-lags:]
    if len(window) < lags:
        window = np.concatenate([np.full(lags - len(window), window[0]), window])
    seasonal = history[len(history) - season + ((h - 1) % season)] if season > 1 and len(history) >= season \
        else history[-1]
    return np.concatenate([window, [h, seasonal, window.mean(), window.std()]])


# ---------------------------------------------------------------------------------------------
# Ranking: popularity, co-occurrence and user neighbours


def ranking_solutions(ctx: Context) -> list[tuple[str, object]]:
    public = ctx.bundle / "public"
    recipe = ctx.entry["recipe"]
    if recipe["name"] == "movielens_next_items":
        events = pd.read_csv(public / "ratings.csv")
        user, item, time, weight = "userId", "movieId", "timestamp", "rating"
        exclude_seen, min_rating = True, recipe["params"]["min_rating"]
    else:
        events = pd.read_csv(public / "events.csv")
        p = recipe["params"]
        user, item, time, weight = p["user"], p["item"], p["time"], None
        exclude_seen, min_rating = bool(p.get("exclude_seen")), None
    events[user] = events[user].astype(str)
    events[item] = events[item].astype(str)
    users = ctx.test["id"].astype(str).tolist()
    k = int(ctx.params.get("k", 10))
    target = ctx.columns[0]
    seen = events.groupby(user)[item].apply(list).to_dict()
    order = events.sort_values(time, kind="stable")

    def submit(lists):
        return pd.DataFrame({"id": ctx.test["id"].to_numpy(), target: [" ".join(v[:k]) for v in lists]})

    def ranked(counts: pd.Series) -> list[str]:
        lookup = counts.to_dict()
        return sorted(lookup, key=lambda v: (-lookup[v], v))

    def popular(frame, skip_seen, liked_only=False):
        if liked_only and weight:
            frame = frame[frame[weight] >= min_rating]
        candidates = ranked(frame[item].value_counts())[: 500]

        def run():
            lists = []
            for u in users:
                had = set(seen.get(u, [])) if skip_seen else set()
                lists.append([i for i in candidates if i not in had][:k])
            return submit(lists)
        return run

    solutions = [prior_solution(ctx)]  # the same entries on every ranking task (some coincide without ratings)
    for skip in (True, False):
        tag = "skip-seen" if skip else "keep-seen"
        solutions.append((f"popularity-all-time-{tag}", popular(events, skip)))
        for share in (0.05, 0.1, 0.2, 0.35, 0.5):
            recent = order.iloc[int(len(order) * (1 - share)):]
            solutions.append((f"popularity-last-{int(share * 100)}pct-{tag}", popular(recent, skip)))
        solutions.append((f"popularity-liked-{tag}", popular(events, skip, liked_only=True)))

    def own_history(recent_first):
        def run():
            fallback = ranked(events[item].value_counts())[: 500]
            lists = []
            for u in users:
                history = seen.get(u, [])
                counts = pd.Series(history).value_counts() if history else pd.Series(dtype=int)
                mine = list(dict.fromkeys(reversed(history))) if recent_first else ranked(counts)
                had = set(mine)
                lists.append((mine[:k] + [i for i in fallback if i not in had])[:k])
            return submit(lists)
        return run
    solutions += [("own-history-most-frequent", own_history(False)), ("own-history-most-recent", own_history(True))]

    # item co-occurrence (users who had i also had j), cosine-normalised
    top_items = ranked(events[item].value_counts())[:1500]
    index = {i: n for n, i in enumerate(top_items)}
    user_list = sorted(seen)
    from scipy import sparse
    rows, cols = [], []
    for n, u in enumerate(user_list):
        for i in set(seen[u]):
            if i in index:
                rows.append(n)
                cols.append(index[i])
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(user_list), len(top_items)))
    co = (matrix.T @ matrix).toarray()
    norms = np.sqrt(np.diag(co)) + 1e-9
    cosine = co / norms[:, None] / norms[None, :]
    np.fill_diagonal(cosine, 0)
    popularity = np.asarray(matrix.sum(axis=0)).ravel()
    user_row = {u: n for n, u in enumerate(user_list)}

    def item_knn(neighbours, pop_weight, skip):
        def run():
            similarity = cosine.copy()
            if neighbours:
                cutoff = -np.sort(-similarity, axis=1)[:, neighbours - 1:neighbours]
                similarity[similarity < cutoff] = 0
            lists = []
            for u in users:
                vector = matrix[user_row[u]].toarray().ravel() if u in user_row else np.zeros(len(top_items))
                scores = similarity.T @ vector + pop_weight * popularity / popularity.max()
                if skip:
                    scores[vector > 0] = -np.inf
                best = np.argsort(-scores, kind="stable")[:k]
                lists.append([top_items[j] for j in best])
            return submit(lists)
        return run
    for neighbours in (10, 25, 50, 100, 0):
        for pop_weight in (0.0, 0.5):
            solutions.append((f"item-knn-n{neighbours or 'all'}-pop{pop_weight}", item_knn(neighbours, pop_weight, True)))
    solutions.append(("item-knn-n50-keep-seen", item_knn(50, 0.5, False)))

    def user_knn(neighbours):
        def run():
            normalised = matrix.multiply(1 / (np.sqrt(np.asarray(matrix.sum(axis=1)).ravel()) + 1e-9)[:, None]).tocsr()
            lists = []
            for u in users:
                if u not in user_row:
                    lists.append(top_items[:k])
                    continue
                r = user_row[u]
                similarity = (normalised @ normalised[r].T).toarray().ravel()
                similarity[r] = 0
                nearest = np.argsort(-similarity, kind="stable")[:neighbours]
                scores = np.asarray(matrix[nearest].multiply(similarity[nearest][:, None]).sum(axis=0)).ravel()
                if exclude_seen:
                    scores[matrix[r].toarray().ravel() > 0] = -np.inf
                lists.append([top_items[j] for j in np.argsort(-scores, kind="stable")[:k]])
            return submit(lists)
        return run
    for neighbours in (5, 20, 50, 100, 200):
        solutions.append((f"user-knn-k{neighbours}", user_knn(neighbours)))

    def item_knn_recent(last):  # only the user's latest events say what they want now
        def run():
            recent = order.groupby(user).tail(last).groupby(user)[item].apply(set).to_dict()
            similarity = cosine.copy()
            cutoff = -np.sort(-similarity, axis=1)[:, 49:50]
            similarity[similarity < cutoff] = 0
            lists = []
            for u in users:
                vector = np.zeros(len(top_items))
                for i in recent.get(u, set()):
                    if i in index:
                        vector[index[i]] = 1
                scores = similarity.T @ vector + 0.3 * popularity / popularity.max()
                if exclude_seen:
                    scores[[index[i] for i in set(seen.get(u, [])) if i in index]] = -np.inf
                lists.append([top_items[j] for j in np.argsort(-scores, kind="stable")[:k]])
            return submit(lists)
        return run
    solutions += [("item-knn-recent5-n50", item_knn_recent(5)), ("item-knn-recent20-n50", item_knn_recent(20))]
    extra_columns = [c for c in events.columns if c not in (user, item, time, "rating", "timestamp")][:2]
    for number in (1, 2):  # popular among events that share the user's usual value of a context column
        column = extra_columns[number - 1] if len(extra_columns) >= number else None

        def by_column(column=column):
            if column is None:  # no such column: overall popularity
                return popular(events, exclude_seen)()
            usual = events.groupby(user)[column].agg(lambda v: v.value_counts().index[0]).to_dict()
            tables = {value: ranked(group[item].value_counts())[:300] for value, group in events.groupby(column)}
            fallback = ranked(events[item].value_counts())[:300]
            lists = []
            for u in users:
                had = set(seen.get(u, [])) if exclude_seen else set()
                pool = tables.get(usual.get(u), fallback)
                lists.append([i for i in pool + fallback if i not in had][:k])
            return submit(lists)
        solutions.append((f"popularity-by-context{number}", by_column))

    def rated():  # a damped mean rating: the best-liked items with enough ratings (without ratings: counts)
        if not weight:
            return popular(events, True)()
        stats = events.groupby(item)[weight].agg(["mean", "count"])
        score = (stats["mean"] * stats["count"] + 3.5 * 20) / (stats["count"] + 20)
        best = sorted(score.index, key=lambda v: (-score[v], v))[:500]
        return submit([[i for i in best if i not in set(seen.get(u, []))][:k] for u in users])
    solutions.append(("best-rated-damped-mean", rated))
    recent_liked = order.iloc[int(len(order) * 0.8):]
    solutions.append(("popularity-liked-last-20pct-skip-seen", popular(recent_liked, True, liked_only=True)))

    def random_items(seed):
        def run():
            rng = np.random.default_rng(seed)
            pool = top_items[:200]
            return submit([list(rng.choice(pool, size=min(k, len(pool)), replace=False)) for _ in users])
        return run
    solutions += [(f"random-top200-seed{s}", random_items(s)) for s in (0, 1, 2)]
    return solutions


def solutions_for(ctx: Context) -> list[tuple[str, object]]:
    """The zoo that suits the competition."""
    recipe = ctx.entry["recipe"]["name"]
    if recipe == "group_ranking":
        return group_ranking_solutions(ctx)
    if ctx.manifest["task"] == "ranking":
        return ranking_solutions(ctx)
    if recipe == "forecast":
        return forecast_solutions(ctx)
    if recipe == "digits_images":
        return image_solutions(ctx)
    if ctx.entry.get("text_columns") or kind_of(ctx.metric) == "text":
        return text_solutions(ctx)
    return tabular_solutions(ctx)


# ---------------------------------------------------------------------------------------------
# Ranking within groups: a classifier of `relevant` on the candidates, ranked within each group


def group_ranking_solutions(ctx: Context) -> list[tuple[str, object]]:
    public = ctx.bundle / "public"
    train = pd.read_csv(public / "train.csv")
    candidates = pd.read_csv(public / "candidates.csv")
    item = ctx.entry["recipe"]["params"]["item"]
    k = int(ctx.params.get("k", 3))
    groups = candidates["group_id"].to_numpy()
    names = candidates[item].astype(str).to_numpy()
    inner = Context(
        bundle=ctx.bundle,
        manifest={**ctx.manifest, "task": "binary_classification", "metric": {"name": "roc_auc", "params": {}},
                  "submission": {"id_column": "id", "target_columns": ["relevant"]}},
        entry={**ctx.entry, "target": "relevant", "text_columns": []},
        train=train.drop(columns=["group_id"]),
        test=candidates.drop(columns=["group_id"]).assign(id=np.arange(len(candidates))),
    )

    def ranked(scores: np.ndarray) -> pd.DataFrame:
        frame = pd.DataFrame({"group": groups, "item": names, "score": scores})
        frame = frame.sort_values(["group", "score", "item"], ascending=[True, False, True])
        lists = frame.groupby("group")["item"].apply(lambda v: " ".join(v.tolist()[:k]))
        return pd.DataFrame({"id": ctx.test["id"].to_numpy(), ctx.columns[0]: ctx.test["id"].map(lists).fillna("")})

    solutions = [prior_solution(ctx)]
    for team, run in tabular_solutions(inner, with_prior=False):
        solutions.append((team, lambda run=run: ranked(run()["relevant"].to_numpy(dtype=float))))

    def item_rate():
        rate = train.groupby(item)["relevant"].mean()
        return ranked(pd.Series(names).map(rate).fillna(rate.mean()).to_numpy())
    solutions.append(("candidate-historical-rate", item_rate))
    for seed in (0, 1, 2):
        solutions.append((f"random-order-seed{seed}", lambda seed=seed: ranked(
            np.random.default_rng(seed).random(len(candidates)))))
    return solutions
