"""What a user would otherwise run to score a submission, one way per peer, on the Public and Private rows.

Usage: python benchmarks/peers.py PEER ANSWERS SUBMISSION METRIC
  PEER    pandas-merge | pandas-sort | polars | duckdb
  METRIC  roc_auc | rmse
Prints {"public_score": ..., "private_score": ...} as JSON, like `tatami score --json`.

pandas-merge  pandas.read_csv of both files, a one-to-one merge on the id, scikit-learn.
pandas-sort   MLE-bench's grader pattern: read both, check the ids, sort both frames by id, scikit-learn.
polars        polars.read_csv of both, a join on the id, the metric in polars (RMSE) or scikit-learn (AUC).
duckdb        DuckDB read_csv of both, a join on the id, the metric in SQL (RMSE) or scikit-learn (AUC).
Every peer refuses duplicate and missing ids, as a grader must.
"""

import json
import sys

import numpy as np

USAGES = ("Public", "Private")


def fail(reason):
    raise SystemExit(f"invalid submission: {reason}")


def sklearn_metric(name):
    from sklearn.metrics import roc_auc_score, root_mean_squared_error

    return {"roc_auc": roc_auc_score, "rmse": root_mean_squared_error}[name]


def pandas_merge(answers_path, submission_path, metric_name):
    import pandas as pd

    metric = sklearn_metric(metric_name)
    answers = pd.read_csv(answers_path)
    submission = pd.read_csv(submission_path)
    if submission["id"].duplicated().any() or len(submission) != len(answers):
        fail("duplicate or missing ids")
    merged = answers.merge(submission, on="id", how="left", suffixes=("", "_pred"), validate="one_to_one")
    if merged["target_pred"].isna().any():
        fail("missing ids")
    return {f"{usage.lower()}_score": float(metric(rows["target"], rows["target_pred"]))
            for usage in USAGES for rows in [merged[merged["Usage"] == usage]]}


def pandas_sort(answers_path, submission_path, metric_name):
    import pandas as pd

    metric = sklearn_metric(metric_name)
    answers = pd.read_csv(answers_path)
    submission = pd.read_csv(submission_path)
    if len(submission) != len(answers):
        fail("the submission and the answers have different lengths")
    if submission["id"].duplicated().any():
        fail("duplicate ids")
    submission = submission.sort_values("id").reset_index(drop=True)
    answers = answers.sort_values("id").reset_index(drop=True)
    if not (submission["id"].values == answers["id"].values).all():
        fail("the submission's ids are not the answers' ids")
    scores = {}
    for usage in USAGES:
        mask = (answers["Usage"] == usage).values
        scores[f"{usage.lower()}_score"] = float(metric(answers["target"].values[mask], submission["target"].values[mask]))
    return scores


def polars_join(answers_path, submission_path, metric_name):
    import polars as pl

    answers = pl.read_csv(answers_path)
    submission = pl.read_csv(submission_path)
    if submission.height != answers.height or submission["id"].is_duplicated().any():
        fail("duplicate or missing ids")
    joined = answers.join(submission, on="id", how="left", suffix="_pred", validate="1:1")
    if joined["target_pred"].null_count() > 0:
        fail("missing ids")
    scores = {}
    for usage in USAGES:
        rows = joined.filter(pl.col("Usage") == usage)
        if metric_name == "rmse":
            value = rows.select(((pl.col("target") - pl.col("target_pred")) ** 2).mean().sqrt()).item()
        else:
            value = sklearn_metric(metric_name)(rows["target"].to_numpy(), rows["target_pred"].to_numpy())
        scores[f"{usage.lower()}_score"] = float(value)
    return scores


def duckdb_join(answers_path, submission_path, metric_name):
    import duckdb

    connection = duckdb.connect()
    connection.execute(f"CREATE TABLE answers AS SELECT * FROM read_csv('{answers_path}')")
    connection.execute(f"CREATE TABLE submission AS SELECT * FROM read_csv('{submission_path}')")
    rows, distinct = connection.execute("SELECT count(*), count(DISTINCT id) FROM submission").fetchone()
    answer_rows = connection.execute("SELECT count(*) FROM answers").fetchone()[0]
    if rows != distinct or rows != answer_rows:
        fail("duplicate or missing ids")
    join = "FROM answers a LEFT JOIN submission s ON a.id = s.id"
    if connection.execute(f"SELECT count(*) {join} WHERE s.target IS NULL").fetchone()[0] > 0:
        fail("missing ids")
    scores = {}
    if metric_name == "rmse":
        for usage, value in connection.execute(
                f"SELECT a.Usage, sqrt(avg((a.target - s.target) ^ 2)) {join} GROUP BY a.Usage").fetchall():
            scores[f"{usage.lower()}_score"] = float(value)
    else:
        metric = sklearn_metric(metric_name)
        for usage in USAGES:
            data = connection.execute(f"SELECT a.target, s.target AS predicted {join} WHERE a.Usage = ?", [usage]).fetchnumpy()
            scores[f"{usage.lower()}_score"] = float(metric(np.asarray(data["target"]), np.asarray(data["predicted"])))
    return {key: scores[key] for key in ("public_score", "private_score")}


PEERS = {"pandas-merge": pandas_merge, "pandas-sort": pandas_sort, "polars": polars_join, "duckdb": duckdb_join}

if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in PEERS:
        raise SystemExit(__doc__)
    print(json.dumps(PEERS[sys.argv[1]](*sys.argv[2:5])))
